/**
 * The Migration tab's state: which source database and which Spider front (a saved connection and
 * its database) the shard plan's tables are copied between, the throttle (chunk size, sleep,
 * replicas whose lag holds each range), and the one preview → apply flow of the migration plan.
 */
import { create } from 'zustand';
import type { ShardPlan } from '../../../../shared/contract/shards';
import type { PlanRequest } from '../../../../shared/contract/actions';
import { AppError } from '../../../../shared/contract/core';
import { api, errorMessage } from '../../lib/api';
import type { PlanApplied, PlanPreview } from '../../app/plan/plan-flow';

type MigrateRequest = Extract<PlanRequest, { planner: 'shard-migrate' }>;

interface MigrationState {
  sourceDatabase: string;
  targetId: string;
  targetDatabase: string;
  chunkRows: number;
  sleepMs: number;
  replicas: string[];
  maxLagSeconds: number;
  request: MigrateRequest | null;
  preview: PlanPreview | null;
  applied: PlanApplied | null;
  busy: 'preview' | 'apply' | null;
  progress: string | null;
  /** Steps the running apply has finished (it runs them in order), for the per-table state while it runs. */
  stepsDone: number;
  error: string | null;
  set(patch: Partial<Pick<MigrationState, 'sourceDatabase' | 'targetId' | 'targetDatabase' | 'chunkRows' | 'sleepMs' | 'replicas' | 'maxLagSeconds'>>): void;
  runPreview(sourceId: string, plan: ShardPlan): Promise<void>;
  apply(confirmation: string | undefined): Promise<void>;
  stop(): void;
}

let controller: AbortController | null = null;

/** The Migration tab's store. */
export const useMigration = create<MigrationState>((set, get) => ({
  sourceDatabase: 'cowrite',
  targetId: '',
  targetDatabase: '',
  chunkRows: 5000,
  sleepMs: 0,
  replicas: [],
  maxLagSeconds: 10,
  request: null,
  preview: null,
  applied: null,
  busy: null,
  progress: null,
  stepsDone: 0,
  error: null,
  set: (patch) => set({ ...patch, preview: null, applied: null, request: null, error: null }),
  async runPreview(sourceId, plan) {
    const s = get();
    if (!s.targetId) return set({ error: 'Choose the Spider front (a saved connection) to copy into.' });
    set({ busy: 'preview', error: null, preview: null, applied: null });
    try {
      const request = (await api().shards.migrationRequest({
        sourceId,
        sourceDatabase: s.sourceDatabase,
        targetDatabase: s.targetDatabase || `dbw_shard_${plan.root}`,
        plan,
        chunkRows: s.chunkRows,
        sleepMs: s.sleepMs,
        replicas: s.replicas,
        maxLagSeconds: s.maxLagSeconds,
      })) as MigrateRequest;
      const preview = await api().actions.preview({ connectionId: s.targetId, request });
      set({ request, preview, busy: null });
    } catch (e) {
      set({ error: errorMessage(e), busy: null });
    }
  },
  async apply(confirmation) {
    const { request, preview, targetId } = get();
    if (!request || !preview) return;
    const ac = new AbortController();
    controller = ac;
    set({ busy: 'apply', error: null, progress: 'Starting…', stepsDone: 0 });
    try {
      const applied = await api().actions.apply(
        { connectionId: targetId, request, planHash: preview.plan.hash, confirmation },
        { signal: ac.signal, onProgress: (e) => set({ progress: e.message ?? `${e.done}/${e.total}`, stepsDone: e.done }) },
      );
      set({ applied, busy: null, progress: null });
    } catch (e) {
      const stopped = e instanceof AppError && e.code === 'CANCELLED';
      set({
        error: stopped ? 'Stopped: the ranges recorded in the checkpoint table stay; preview again to resume.' : errorMessage(e),
        busy: null,
        progress: null,
      });
    } finally {
      if (controller === ac) controller = null;
    }
  },
  stop() {
    controller?.abort();
  },
}));
