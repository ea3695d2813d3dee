/**
 * The Migration tab's state: which source database and which Spider front (a saved connection and
 * its database) the shard plan's tables are copied between, the throttle (chunk size, sleep,
 * replicas whose lag holds each range), and the one preview → apply flow of the migration plan.
 */
import { create } from 'zustand';
import type { ShardPlan } from '../../../../shared/contract/shards';
import type { PlanRequest } from '../../../../shared/contract/actions';
import { api, errorMessage } from '../../lib/api';
import { applyFlow, previewFlow, type PlanApplied, type PlanFlow, type PlanPreview } from '../../app/plan/plan-flow';

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

/** What a stopped migration leaves, and how to go on. */
const STOPPED = 'Stopped: the ranges recorded in the checkpoint table stay; preview again to resume.';

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
    let request: MigrateRequest;
    try {
      request = (await api().shards.migrationRequest({
        sourceId,
        sourceDatabase: s.sourceDatabase,
        targetDatabase: s.targetDatabase || `dbw_shard_${plan.root}`,
        plan,
        chunkRows: s.chunkRows,
        sleepMs: s.sleepMs,
        replicas: s.replicas,
        maxLagSeconds: s.maxLagSeconds,
      })) as MigrateRequest;
    } catch (e) {
      return set({ error: errorMessage(e), busy: null });
    }
    await previewFlow(s.targetId, request, (f) => set({ request: f.request, preview: f.preview, busy: f.busy, error: f.error }));
  },
  async apply(confirmation) {
    const { request, preview, targetId } = get();
    if (!request || !preview) return;
    const ac = new AbortController();
    controller = ac;
    set({ progress: 'Starting…', stepsDone: 0 });
    const flow: PlanFlow<MigrateRequest> = { request, preview, applied: null, busy: null, error: null };
    try {
      await applyFlow(
        targetId,
        flow,
        confirmation,
        (f) =>
          set(
            f.busy
              ? { busy: f.busy, error: null }
              : { applied: f.applied, busy: null, progress: null, error: f.error && ac.signal.aborted ? STOPPED : f.error },
          ),
        { signal: ac.signal, onProgress: (e) => set({ progress: e.message ?? `${e.done}/${e.total}`, stepsDone: e.done }) },
      );
    } finally {
      if (controller === ac) controller = null;
    }
  },
  stop() {
    controller?.abort();
  },
}));
