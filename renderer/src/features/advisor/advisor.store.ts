/**
 * Index advisor: sources (workload, schema), the advice, the ticked recommendations, and the
 * plan flow preview → apply (baseline measured first) → verify → keep / roll back, each change
 * a previewed plan through the executor. Nothing here persists across reloads.
 */
import { create } from 'zustand';
import type { AppContract } from '../../../../shared/contract';
import type { InputOf, OutputOf } from '../../../../shared/contract/core';
import { api, errorMessage } from '../../lib/api';

/** The advice. */
export type Advice = OutputOf<AppContract, 'advisor.advise'>;
type Preview = OutputOf<AppContract, 'actions.preview'>;
type Applied = OutputOf<AppContract, 'actions.apply'>;
/** A verification. */
export type Verified = OutputOf<AppContract, 'advisor.verify'>;
type PlanRequest = Extract<InputOf<AppContract, 'actions.preview'>['request'], { planner: 'index-advisor' }>;
type Params = Advice extends { planRequest: infer R } ? (NonNullable<R> extends { params: infer P } ? P : never) : never;

/** Where the workload comes from. */
export type WorkloadKind = 'text' | 'slowlog' | 'performance_schema';
/** Which plan is on screen: adding the ticked indexes, keeping a trial index, or rolling one back. */
export type Stage = 'add' | 'keep' | 'rollback';

interface AdvisorState {
  workloadKind: WorkloadKind;
  workloadText: string;
  schemaSource: 'live' | 'ddl';
  schemaDdl: string;
  advice: Advice | null;
  /** Connection the advice was made on (null offline). */
  adviceConnection: string | null;
  ticked: string[];
  stage: Stage;
  request: PlanRequest | null;
  /** The add plan that was applied (what verify, keep and roll back refer to). */
  addRequest: PlanRequest | null;
  preview: Preview | null;
  applied: Applied | null;
  baseline: Verified['baseline'];
  verified: Verified | null;
  busy: 'advise' | 'preview' | 'apply' | 'verify' | null;
  progress: string | null;
  error: string | null;
  setInput(patch: Partial<Pick<AdvisorState, 'workloadKind' | 'workloadText' | 'schemaSource' | 'schemaDdl'>>): void;
  runAdvise(connectionId: string | null): Promise<void>;
  /** Fills the sources with the bundled co-writing example (asked from the host: one copy, in the demo assets). */
  loadExample(withSeedIndexes: boolean): Promise<void>;
  toggle(id: string): void;
  previewAdd(connectionId: string): Promise<void>;
  previewFollowUp(connectionId: string, stage: 'keep' | 'rollback', indexName: string): Promise<void>;
  apply(connectionId: string, confirmation: string | undefined): Promise<void>;
  verify(connectionId: string): Promise<void>;
  reset(): void;
}

const empty: Params = { add: [], retire: [], reveal: [], dropNow: false, createInvisible: false };
const inputs = { workloadKind: 'text', workloadText: '', schemaSource: 'ddl', schemaDdl: '' } as const;
const flow = {
  stage: 'add',
  request: null,
  addRequest: null,
  preview: null,
  applied: null,
  baseline: [],
  verified: null,
  progress: null,
  error: null,
} as const;

/** The ticked subset of the advice's plan request. */
function addRequestOf(advice: Advice, ticked: readonly string[]): PlanRequest | null {
  if (!advice.planRequest) return null;
  const names = new Set(advice.recommendations.filter((r) => ticked.includes(r.id)).map((r) => `${r.table}.${r.name}`));
  return {
    planner: 'index-advisor',
    params: { ...advice.planRequest.params, add: advice.planRequest.params.add.filter((a) => names.has(`${a.table}.${a.name}`)) },
  };
}

/** The advisor store. */
export const useAdvisor = create<AdvisorState>()((set, get) => {
  const fail = (err: unknown) => set({ error: errorMessage(err), busy: null, progress: null });
  const onProgress = (e: { message?: string; done: number; total: number | null }) => set({ progress: e.message ?? `${e.done}/${e.total ?? '?'}` });
  const queries = () =>
    get()
      .advice?.queries.filter((q) => q.parsed)
      .map((q) => ({ name: q.name, sql: q.sql })) ?? [];
  return {
    ...inputs,
    ...flow,
    advice: null,
    adviceConnection: null,
    ticked: [],
    busy: null,
    baseline: [],
    setInput(patch) {
      set(patch);
    },
    async runAdvise(connectionId) {
      const s = get();
      const live = connectionId !== null && s.schemaSource === 'live';
      set({ ...flow, baseline: [], advice: null, ticked: [], busy: 'advise', progress: 'Starting…' });
      try {
        const workload = s.workloadKind === 'performance_schema' ? { kind: 'performance_schema' as const } : { kind: s.workloadKind, text: s.workloadText };
        const advice = await api().advisor.advise(
          {
            connectionId: live || s.workloadKind === 'performance_schema' ? (connectionId ?? undefined) : undefined,
            schemaDdl: live ? undefined : s.schemaDdl,
            workload,
          },
          { onProgress },
        );
        set({ advice, adviceConnection: live ? connectionId : null, busy: null, progress: null });
      } catch (err) {
        fail(err);
      }
    },
    async loadExample(withSeedIndexes) {
      try {
        const ex = await api().advisor.example({});
        set({
          workloadKind: 'text',
          workloadText: ex.workloadSql,
          schemaSource: 'ddl',
          schemaDdl: withSeedIndexes ? `${ex.schemaSql}\n${ex.seedIndexesSql}` : ex.schemaSql,
          error: null,
        });
      } catch (err) {
        fail(err);
      }
    },
    toggle(id) {
      const t = get().ticked;
      set({ ticked: t.includes(id) ? t.filter((x) => x !== id) : [...t, id], ...flow, baseline: [] });
    },
    async previewAdd(connectionId) {
      const { advice, ticked } = get();
      const request = advice ? addRequestOf(advice, ticked) : null;
      if (!request) return;
      set({ busy: 'preview', error: null, stage: 'add', request, applied: null, verified: null });
      try {
        set({ preview: await api().actions.preview({ connectionId, request }), busy: null });
      } catch (err) {
        fail(err);
      }
    },
    async previewFollowUp(connectionId, stage, indexName) {
      const add = get().addRequest?.params.add?.find((a) => a.name === indexName);
      if (!add) return;
      const ref = {
        schema: add.schema,
        table: add.table,
        name: add.name,
        why: stage === 'keep' ? 'kept after verification' : 'rolled back after verification',
      };
      const params: Params = stage === 'keep' ? { ...empty, reveal: [ref] } : { ...empty, retire: [ref], dropNow: true };
      const request: PlanRequest = { planner: 'index-advisor', params };
      set({ busy: 'preview', error: null, stage, request, preview: null, applied: null });
      try {
        set({ preview: await api().actions.preview({ connectionId, request }), busy: null });
      } catch (err) {
        fail(err);
      }
    },
    async apply(connectionId, confirmation) {
      const { request, preview, stage } = get();
      if (!request || !preview) return;
      set({ busy: 'apply', error: null, progress: 'Starting…' });
      try {
        if (stage === 'add') {
          // The baseline must be measured while the indexes do not exist yet.
          set({ progress: 'Measuring the baseline (EXPLAIN and timings before the change)…' });
          const base = await api().advisor.verify({ connectionId, request, queries: queries(), runs: 5 }, { onProgress });
          set({ baseline: base.baseline });
        }
        const applied = await api().actions.apply({ connectionId, request, planHash: preview.plan.hash, confirmation }, { onProgress });
        set({ applied, busy: null, progress: null, ...(stage === 'add' && applied.stoppedAt === null ? { addRequest: request } : {}) });
      } catch (err) {
        fail(err);
      }
    },
    async verify(connectionId) {
      const { addRequest, baseline } = get();
      if (!addRequest) return;
      set({ busy: 'verify', error: null, progress: 'Verifying…' });
      try {
        const verified = await api().advisor.verify({ connectionId, request: addRequest, queries: queries(), runs: 5, baseline }, { onProgress });
        set({ verified, busy: null, progress: null });
      } catch (err) {
        fail(err);
      }
    },
    reset() {
      set({ ...inputs, ...flow, baseline: [], advice: null, adviceConnection: null, ticked: [], busy: null });
    },
  };
});
