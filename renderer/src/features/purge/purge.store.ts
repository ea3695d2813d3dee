/**
 * Purge jobs: the job form (or a preset), the dry run (the `purge` plan's preview), the run (its
 * apply through the executor) with live per-chunk latency, stop.
 */
import { create } from 'zustand';
import type { PlanRequest } from '../../../../shared/contract/actions';
import { parseChunkProgress, purgePreviewOf, purgeSpec, type PurgeChunk, type PurgePreset, type PurgeSpecInput } from '../../../../shared/contract/purge';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';
import { issuesText } from '../../../../shared/zod-issues';

/** Chunks the live chart keeps. */
const LIVE_CHUNKS = 2000;

/** The form's fields, as typed. */
export interface PurgeForm {
  schema: string;
  table: string;
  where: string;
  chunk: string;
  sleepMs: string;
  sleepCoef: string;
  maxLagSeconds: string;
  pauseThreadsRunning: string;
  abortThreadsRunning: string;
  archiveTable: string;
  /** Archive file path on the app's machine (may hold %D %t %Y %m %d %H %i %s), or empty. */
  archiveFile: string;
  archiveFormat: 'tsv' | 'csv' | 'jsonl';
  resume: boolean;
}

/** The purge plan's request. */
export type PurgeRequest = Extract<PlanRequest, { planner: 'purge' }>;

interface PurgeState {
  connectionId: string | null;
  form: PurgeForm;
  presets: Array<PurgePreset & { schema: string }>;
  /** The job's plan: its preview is the dry run, its apply the run (with the run's figures in `applied.purge`). */
  flow: PlanFlow<PurgeRequest> | null;
  /** Chunks seen while running (from progress), for the live chart. */
  live: PurgeChunk[];
  progress: { done: number; total: number | null; message: string } | null;
  /** Reading the presets (the plan's own busy is in `flow`). */
  loading: boolean;
  /** A presets or form error (the plan's own error is in `flow`). */
  error: string | null;
  setField<K extends keyof PurgeForm>(key: K, value: PurgeForm[K]): void;
  loadPresets(schema: string): Promise<void>;
  usePreset(id: string): void;
  runDry(connectionId: string): Promise<void>;
  run(confirmation: string | undefined): Promise<void>;
  stop(): void;
  reset(): void;
}

const initialForm: PurgeForm = {
  schema: '',
  table: '',
  where: '',
  chunk: '1000',
  sleepMs: '0',
  sleepCoef: '0',
  maxLagSeconds: '10',
  pauseThreadsRunning: '50',
  abortThreadsRunning: '200',
  archiveTable: '',
  archiveFile: '',
  archiveFormat: 'tsv',
  resume: false,
};

const initial = { connectionId: null, presets: [], flow: null, live: [], progress: null, loading: false, error: null } as const;

/** The spec the form describes. */
export function specOf(f: PurgeForm): PurgeSpecInput {
  const n = (v: string) => (v.trim() === '' ? undefined : Number(v));
  const archive = f.archiveTable.trim();
  const [aSchema, aTable] = archive.includes('.') ? (archive.split('.', 2) as [string, string]) : [f.schema, archive];
  return {
    schema: f.schema.trim(),
    table: f.table.trim(),
    where: f.where,
    chunk: n(f.chunk),
    sleepMs: n(f.sleepMs),
    sleepCoef: n(f.sleepCoef),
    maxLagSeconds: n(f.maxLagSeconds),
    pauseThreadsRunning: n(f.pauseThreadsRunning),
    abortThreadsRunning: n(f.abortThreadsRunning),
    resume: f.resume,
    archive: archive
      ? { kind: 'table', schema: aSchema, table: aTable }
      : f.archiveFile.trim()
        ? { kind: 'file', path: f.archiveFile.trim(), format: f.archiveFormat }
        : { kind: 'none' },
  };
}

let controller: AbortController | null = null;

/** The purge store. */
export const usePurge = create<PurgeState>()((set, get) => ({
  ...initial,
  presets: [],
  live: [],
  form: initialForm,
  setField(key, value) {
    // Any change to the job invalidates its dry run: the run must match what was counted.
    set({ form: { ...get().form, [key]: value }, flow: null, live: [] });
  },
  async loadPresets(schema) {
    if (!schema.trim()) return;
    set({ loading: true, error: null });
    try {
      set({ presets: await api().purge.presets({ schema: schema.trim() }), loading: false });
    } catch (err) {
      set({ error: errorMessage(err), loading: false });
    }
  },
  usePreset(id) {
    const p = get().presets.find((x) => x.id === id);
    if (!p) return;
    set({ form: { ...get().form, schema: p.schema, table: p.table, where: p.where }, flow: null, live: [] });
  },
  async runDry(connectionId) {
    const spec = purgeSpec.safeParse(specOf(get().form));
    if (!spec.success) {
      set({ error: issuesText(spec.error), flow: null, live: [] });
      return;
    }
    set({ connectionId, error: null, live: [], progress: null });
    await previewFlow(connectionId, { planner: 'purge', params: spec.data }, (flow) => set({ flow }));
  },
  async run(confirmation) {
    const { connectionId, flow } = get();
    if (!connectionId || !flow?.preview) return;
    const ac = new AbortController();
    controller = ac;
    set({ live: [], progress: { done: 0, total: purgePreviewOf(flow.preview)?.rows ?? null, message: 'Starting…' } });
    try {
      await applyFlow(connectionId, flow, confirmation, (next) => set({ flow: next }), {
        signal: ac.signal,
        onProgress: (e) => {
          const chunk = parseChunkProgress(e.message);
          set({
            progress: { done: e.done, total: e.total, message: e.message ?? '' },
            ...(chunk ? { live: [...get().live, chunk].slice(-LIVE_CHUNKS) } : {}),
          });
        },
      });
    } finally {
      if (controller === ac) controller = null;
      set({ progress: null });
    }
  },
  stop() {
    controller?.abort();
  },
  reset() {
    controller?.abort();
    set({ ...initial, presets: [], live: [], form: initialForm });
  },
}));
