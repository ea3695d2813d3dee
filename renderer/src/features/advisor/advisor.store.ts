/**
 * Index advisor: sources (workload, schema), the advice, the ticked recommendations, and the
 * plan flow preview → apply (baseline measured first) → verify → keep / roll back, each change
 * a previewed plan through the executor (the app's one plan flow, app/plan/plan-flow.ts). The
 * applied plan is read back from the audit records after a reload, with what was rolled back since.
 */
import { create } from 'zustand';
import type { AppContract } from '../../../../shared/contract';
import type { PlanRequest as AnyPlanRequest } from '../../../../shared/contract/actions';
import type { OutputOf } from '../../../../shared/contract/core';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';
import { lastAppliedIndexPlan } from './applied-plan';

/** The advice. */
export type Advice = OutputOf<AppContract, 'advisor.advise'>;
/** A verification. */
export type Verified = OutputOf<AppContract, 'advisor.verify'>;
type PlanRequest = Extract<AnyPlanRequest, { planner: 'index-advisor' }>;
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
  /** The plan on screen (preview → apply), null before the first preview. */
  flow: PlanFlow<PlanRequest> | null;
  /** The add plan that was applied (what verify, keep and roll back refer to). */
  addRequest: PlanRequest | null;
  /** When the applied plan was read back from the audit records (after a reload), its time. */
  restoredAt: string | null;
  /** Indexes of the applied plan found gone (`table.index`, lower-case): rolled back, or absent when verified. */
  gone: string[];
  /** What verify found of each index of the applied plan now (`table.index` → its state on the server). */
  present: Record<string, string>;
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
  /** Reads the connection's last applied advisor plan back from the audit records (the panel after a reload). */
  restore(connectionId: string): Promise<void>;
  reset(): void;
}

const empty: Params = { add: [], retire: [], reveal: [], dropNow: false, createInvisible: false };
const inputs = { workloadKind: 'text', workloadText: '', schemaSource: 'ddl', schemaDdl: '' } as const;
const flow = {
  stage: 'add',
  flow: null,
  addRequest: null,
  restoredAt: null,
  gone: [] as string[],
  present: {} as Record<string, string>,
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
  const runPreview = async (connectionId: string, request: PlanRequest): Promise<void> => {
    set({ busy: 'preview' });
    await previewFlow(connectionId, request, (f) => set({ flow: f, error: f.error }));
    set({ busy: null });
  };
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
      // A new selection drops the previewed plan; an applied plan and its Verify / Roll back stay.
      set({ ticked: t.includes(id) ? t.filter((x) => x !== id) : [...t, id], flow: null, stage: 'add', error: null });
    },
    async previewAdd(connectionId) {
      const { advice, ticked } = get();
      const request = advice ? addRequestOf(advice, ticked) : null;
      if (!request) return;
      set({ error: null, stage: 'add', verified: null });
      await runPreview(connectionId, request);
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
      set({ error: null, stage });
      await runPreview(connectionId, { planner: 'index-advisor', params });
    },
    async apply(connectionId, confirmation) {
      const { flow: current, stage } = get();
      if (!current?.preview || current.applied) return;
      set({ busy: 'apply', error: null, progress: 'Starting…' });
      try {
        if (stage === 'add') {
          // The baseline must be measured while the indexes do not exist yet.
          set({ progress: 'Measuring the baseline (EXPLAIN and timings before the change)…' });
          const base = await api().advisor.verify({ connectionId, request: current.request, queries: queries(), runs: 5 }, { onProgress });
          set({ baseline: base.baseline });
        }
      } catch (err) {
        fail(err);
        return;
      }
      set({ progress: 'Applying…' });
      const done = await applyFlow(connectionId, current, confirmation, (f) => set({ flow: f, error: f.error }));
      set({ busy: null, progress: null });
      if (!done.applied || done.applied.stoppedAt !== null) return;
      if (stage === 'add') set({ addRequest: done.request, restoredAt: null, gone: [], present: {}, verified: null });
      if (stage === 'rollback') {
        const dropped = (done.request.params.retire ?? []).map((r) => `${r.table}.${r.name}`.toLowerCase());
        set({ gone: [...new Set([...get().gone, ...dropped])], verified: null });
      }
    },
    async verify(connectionId) {
      const { addRequest, baseline } = get();
      if (!addRequest) return;
      set({ busy: 'verify', error: null, progress: 'Verifying…' });
      try {
        // First what exists now (an index rolled back is gone, whatever the page remembers).
        const now = await api().actions.verify({ connectionId, request: addRequest });
        const present: Record<string, string> = {};
        for (const a of addRequest.params.add ?? []) {
          const m = now.metrics.find((x) => x.key.toLowerCase() === `index:${a.schema}.${a.table}.${a.name}`.toLowerCase());
          present[`${a.table}.${a.name}`.toLowerCase()] = m ? String(m.value) : 'absent';
        }
        const gone = Object.entries(present)
          .filter(([, v]) => v === 'absent')
          .map(([k]) => k);
        set({ present, gone });
        const live = (addRequest.params.add ?? []).filter((a) => !gone.includes(`${a.table}.${a.name}`.toLowerCase()));
        const qs = queries();
        // EXPLAIN and runs only for the indexes still there, and only with the workload they were advised for.
        const verified =
          live.length > 0 && qs.length > 0
            ? await api().advisor.verify(
                { connectionId, request: { ...addRequest, params: { ...addRequest.params, add: live } }, queries: qs, runs: 5, baseline },
                { onProgress },
              )
            : null;
        set({ verified, busy: null, progress: null });
      } catch (err) {
        fail(err);
      }
    },
    async restore(connectionId) {
      if (get().addRequest || get().busy) return;
      try {
        const plan = lastAppliedIndexPlan(await api().audit.list({ connectionId, limit: 500 }));
        if (!plan || plan.added.every((a) => plan.gone.includes(`${a.table}.${a.name}`.toLowerCase()))) return;
        const add = plan.added.map((a) => ({
          schema: a.schema,
          table: a.table,
          name: a.name,
          kind: a.kind,
          columns: a.columns,
          why: 'applied earlier (audit log)',
        }));
        const request: PlanRequest = { planner: 'index-advisor', params: { ...empty, add, createInvisible: plan.added.some((a) => a.invisible) } };
        if (get().addRequest) return;
        set({ addRequest: request, restoredAt: plan.at, gone: plan.gone });
      } catch (err) {
        fail(err);
      }
    },
    reset() {
      set({ ...inputs, ...flow, baseline: [], advice: null, adviceConnection: null, ticked: [], busy: null });
    },
  };
});
