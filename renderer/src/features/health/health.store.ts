/**
 * Table health: a database's tables (fragmentation, statistics age, estimate error), its unused
 * indexes on their way out (hide, wait, drop) and CHECK TABLE runs. Every change is one plan moved
 * through the app's one preview → apply flow (app/plan/plan-flow.ts), and its rollback likewise.
 */
import { create } from 'zustand';
import type { PlanRequest } from '../../../../shared/contract/actions';
import { DEFAULT_HIDE_WAIT_DAYS, type TableHealth, type UnusedIndexReport } from '../../../../shared/contract/health';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';

/** A plan the Health tab shows: ANALYZE / OPTIMIZE, hide or drop an index, CHECK TABLE, or the rollback of one applied here. */
export type HealthRequest = Extract<PlanRequest, { planner: 'analyze-table' | 'unused-index' | 'check-table' | 'sql-statement' }>;

interface HealthState {
  connectionId: string | null;
  schema: string;
  tables: TableHealth[];
  unused: UnusedIndexReport | null;
  /** Days an index stays hidden before its drop is allowed. */
  waitDays: number;
  /** The read in progress. */
  reading: 'tables' | 'unused' | null;
  /** A read's error (a plan's error stays in its flow). */
  error: string | null;
  /** The plan on screen. */
  flow: PlanFlow<HealthRequest> | null;
  /** The step the running apply is at. */
  progress: string | null;
  setSchema(schema: string): void;
  setWaitDays(days: number): void;
  load(connectionId: string): Promise<void>;
  loadUnused(connectionId: string): Promise<void>;
  plan(table: string, op: 'analyze' | 'optimize'): Promise<void>;
  hide(table: string, index: string): Promise<void>;
  drop(table: string, index: string): Promise<void>;
  check(tables: string[], mode: 'quick' | 'medium' | 'extended'): Promise<void>;
  /** Previews the rollback the audit recorded for the applied plan's first step that has one. */
  planRollback(): Promise<void>;
  apply(confirmation: string | undefined): Promise<void>;
  /** Stops a running apply between steps (a CHECK over many tables). */
  cancel(): void;
  reset(): void;
}

const initial = {
  connectionId: null,
  schema: '',
  tables: [] as TableHealth[],
  unused: null,
  waitDays: DEFAULT_HIDE_WAIT_DAYS,
  reading: null,
  error: null,
  flow: null,
  progress: null,
};

/** The health store. */
export const useHealth = create<HealthState>()((set, get) => {
  let running: AbortController | null = null;

  const preview = async (request: HealthRequest): Promise<void> => {
    const { connectionId } = get();
    if (!connectionId) return;
    set({ progress: null });
    await previewFlow(connectionId, request, (flow) => set({ flow }));
  };

  /** Reads again what the applied plan changed. */
  const refresh = async (request: HealthRequest): Promise<void> => {
    const { connectionId } = get();
    if (!connectionId) return;
    if (request.planner === 'analyze-table') await get().load(connectionId);
    else if (request.planner !== 'check-table' && get().unused) await get().loadUnused(connectionId);
  };

  return {
    ...initial,
    setSchema(schema) {
      set({ schema });
    },
    setWaitDays(days) {
      set({ waitDays: Math.min(365, Math.max(1, Math.round(days) || DEFAULT_HIDE_WAIT_DAYS)) });
    },
    async load(connectionId) {
      const schema = get().schema.trim();
      if (!schema) return;
      set({ connectionId, reading: 'tables', error: null });
      try {
        set({ tables: await api().health.tables({ connectionId, schema }), reading: null });
      } catch (err) {
        set({ error: errorMessage(err), reading: null });
      }
    },
    async loadUnused(connectionId) {
      const schema = get().schema.trim();
      if (!schema) return;
      set({ connectionId, reading: 'unused', error: null });
      try {
        set({ unused: await api().health.unusedIndexes({ connectionId, schema, waitDays: get().waitDays }), reading: null });
      } catch (err) {
        set({ error: errorMessage(err), reading: null });
      }
    },
    async plan(table, op) {
      await preview({ planner: 'analyze-table', params: { tables: [{ schema: get().schema.trim(), table }], op } });
    },
    async hide(table, index) {
      await preview({ planner: 'unused-index', params: { schema: get().schema.trim(), table, index, op: 'hide', waitDays: get().waitDays } });
    },
    async drop(table, index) {
      await preview({ planner: 'unused-index', params: { schema: get().schema.trim(), table, index, op: 'drop', waitDays: get().waitDays } });
    },
    async check(tables, mode) {
      await preview({ planner: 'check-table', params: { schema: get().schema.trim(), tables, mode } });
    },
    async planRollback() {
      const step = get().flow?.applied?.outcomes.find((o) => o.status === 'ok' && o.auditId !== null);
      const rollback = step ? get().flow?.applied?.plan.steps.find((s) => s.id === step.stepId)?.rollback : null;
      if (!step || !rollback) return;
      await preview({ planner: 'sql-statement', params: { sql: rollback, rollbackOf: step.auditId! } });
    },
    async apply(confirmation) {
      const { connectionId, flow } = get();
      if (!connectionId || !flow) return;
      running = new AbortController();
      set({ progress: 'Starting…' });
      const done = await applyFlow(connectionId, flow, confirmation, (next) => set({ flow: next }), {
        signal: running.signal,
        onProgress: (e) => set({ progress: e.message ?? `${e.done}/${e.total}` }),
      });
      running = null;
      set({ progress: null });
      if (done.applied) await refresh(done.request);
    },
    cancel() {
      running?.abort();
    },
    reset() {
      running?.abort();
      set({ ...initial });
    },
  };
});
