/** Purge jobs: the job form (or a preset), the dry run, the run with live per-chunk latency, stop. */
import { create } from 'zustand';
import type { PurgeChunk, PurgeDryRun, PurgePreset, PurgeRunResult, PurgeSpecInput } from '../../../../shared/contract/purge';
import { parseChunkProgress } from '../../../../shared/contract/purge';
import { AppError } from '../../../../shared/contract/core';
import { api, errorMessage } from '../../lib/api';

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

interface PurgeState {
  connectionId: string | null;
  form: PurgeForm;
  presets: Array<PurgePreset & { schema: string }>;
  dryRun: PurgeDryRun | null;
  result: PurgeRunResult | null;
  /** Chunks seen while running (from progress), for the live chart. */
  live: PurgeChunk[];
  progress: { done: number; total: number | null; message: string } | null;
  busy: 'dry-run' | 'run' | 'presets' | null;
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

const initial = { connectionId: null, presets: [], dryRun: null, result: null, live: [], progress: null, busy: null, error: null } as const;

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
    set({ form: { ...get().form, [key]: value }, dryRun: null, result: null, live: [] });
  },
  async loadPresets(schema) {
    if (!schema.trim()) return;
    set({ busy: 'presets', error: null });
    try {
      set({ presets: await api().purge.presets({ schema: schema.trim() }), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  usePreset(id) {
    const p = get().presets.find((x) => x.id === id);
    if (!p) return;
    set({ form: { ...get().form, schema: p.schema, table: p.table, where: p.where }, dryRun: null, result: null, live: [] });
  },
  async runDry(connectionId) {
    set({ connectionId, busy: 'dry-run', error: null, dryRun: null, result: null, live: [] });
    try {
      set({ dryRun: await api().purge.dryRun({ connectionId, spec: specOf(get().form) as never }), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  async run(confirmation) {
    const { connectionId, dryRun, form } = get();
    if (!connectionId || !dryRun) return;
    const ac = new AbortController();
    controller = ac;
    set({ busy: 'run', error: null, result: null, live: [], progress: { done: 0, total: dryRun.rows, message: 'Starting…' } });
    try {
      const result = await api().purge.run(
        { connectionId, spec: specOf(form) as never, planHash: dryRun.planHash, confirmation },
        {
          signal: ac.signal,
          onProgress: (e) => {
            const chunk = parseChunkProgress(e.message);
            set({
              progress: { done: e.done, total: e.total, message: e.message ?? '' },
              ...(chunk ? { live: [...get().live, chunk].slice(-LIVE_CHUNKS) } : {}),
            });
          },
        },
      );
      set({ result, busy: null, progress: null });
    } catch (err) {
      // A stopped run still committed its chunks: show its figures, not only the stop.
      const stopped = err instanceof AppError && err.code === 'CANCELLED' ? (err.details as { result?: PurgeRunResult } | undefined)?.result : undefined;
      set({ result: stopped ?? null, error: stopped ? null : errorMessage(err), busy: null, progress: null });
    } finally {
      if (controller === ac) controller = null;
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
