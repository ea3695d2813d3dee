/**
 * The Benchmark panel: a statement, runs and concurrency; the latest result, a kept "before" and
 * their comparison. And sysbench: its options, the previewed scratch plan (the service keeps the
 * scratch account's password and applies the previewed plan's hash), the run's result and a kept
 * "before" run.
 */
import { create } from 'zustand';
import type { AppContract } from '../../../../shared/contract';
import type { BenchComparison, BenchResult } from '../../../../shared/contract/bench';
import type { OutputOf } from '../../../../shared/contract/core';
import type { SysbenchResult, SysbenchWorkload } from '../../../../shared/contract/sysbench';
import { api, errorMessage } from '../../lib/api';

/** sysbench's options as the form holds them. */
export interface SysbenchForm {
  workload: SysbenchWorkload;
  tables: number;
  tableSize: number;
  threads: number;
  timeSec: number;
  rate: number;
}

/** The sysbench part of the panel. */
export interface SysbenchSlice {
  form: SysbenchForm;
  preview: OutputOf<AppContract, 'sysbench.preview'> | null;
  result: SysbenchResult | null;
  before: SysbenchResult | null;
  busy: 'preview' | 'run' | null;
  progress: string | null;
  error: string | null;
}

interface BenchState {
  sql: string;
  runs: number;
  concurrency: number;
  warmup: number;
  result: BenchResult | null;
  before: BenchResult | null;
  comparison: BenchComparison | null;
  notes: string[];
  busy: boolean;
  progress: string | null;
  error: string | null;
  set(patch: Partial<Pick<BenchState, 'sql' | 'runs' | 'concurrency' | 'warmup'>>): void;
  run(connectionId: string): Promise<void>;
  keepAsBefore(): void;
  clearBefore(): void;
  sysbench: SysbenchSlice;
  setSysbench(patch: Partial<SysbenchForm>): void;
  previewSysbench(connectionId: string): Promise<void>;
  runSysbench(connectionId: string, confirmation: string | undefined): Promise<void>;
  keepSysbenchBefore(): void;
}

const sysbenchStart: SysbenchSlice = {
  form: { workload: 'oltp_read_write', tables: 1, tableSize: 1000, threads: 2, timeSec: 5, rate: 0 },
  preview: null,
  result: null,
  before: null,
  busy: null,
  progress: null,
  error: null,
};

/** The benchmark store. */
export const useBenchmark = create<BenchState>()((set, get) => ({
  sql: '',
  runs: 200,
  concurrency: 4,
  warmup: 20,
  result: null,
  before: null,
  comparison: null,
  notes: [],
  busy: false,
  progress: null,
  error: null,
  set(patch) {
    set(patch);
  },
  async run(connectionId) {
    const { sql, runs, concurrency, warmup, before } = get();
    set({ busy: true, error: null, progress: 'Sampling parameters…', comparison: null });
    try {
      const out = await api().bench.run(
        { connectionId, statements: [{ name: 'statement', sql }], runs, concurrency, warmup },
        { onProgress: (e) => set({ progress: e.message ?? `${e.done}/${e.total ?? '?'}` }) },
      );
      const result = out.results[0] ?? null;
      set({ result, notes: out.notes });
      if (result && before && before.sql === result.sql && result.latenciesMs.length && before.latenciesMs.length) {
        set({ comparison: await api().bench.compare({ before: before.latenciesMs, after: result.latenciesMs }) });
      }
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      set({ busy: false, progress: null });
    }
  },
  keepAsBefore() {
    set({ before: get().result, comparison: null });
  },
  clearBefore() {
    set({ before: null, comparison: null });
  },
  sysbench: sysbenchStart,
  setSysbench(patch) {
    // A changed option invalidates the preview: the plan says what gets created.
    set((s) => ({ sysbench: { ...s.sysbench, form: { ...s.sysbench.form, ...patch }, preview: null } }));
  },
  async previewSysbench(connectionId) {
    const put = (patch: Partial<SysbenchSlice>): void => set((s) => ({ sysbench: { ...s.sysbench, ...patch } }));
    put({ busy: 'preview', error: null, preview: null });
    try {
      put({ preview: await api().sysbench.preview({ connectionId, spec: get().sysbench.form }) });
    } catch (err) {
      put({ error: errorMessage(err) });
    } finally {
      put({ busy: null });
    }
  },
  async runSysbench(connectionId, confirmation) {
    const put = (patch: Partial<SysbenchSlice>): void => set((s) => ({ sysbench: { ...s.sysbench, ...patch } }));
    const preview = get().sysbench.preview;
    if (!preview || get().sysbench.busy) return;
    put({ busy: 'run', error: null, progress: 'Creating the scratch database…' });
    try {
      const result = await api().sysbench.run(
        { connectionId, planHash: preview.preview.plan.hash, confirmation },
        { onProgress: (e) => put({ progress: e.message ?? null }) },
      );
      put({ result });
    } catch (err) {
      put({ error: errorMessage(err) });
    } finally {
      // A preview runs once: its scratch name and account are used up.
      put({ busy: null, progress: null, preview: null });
    }
  },
  keepSysbenchBefore() {
    set((s) => ({ sysbench: { ...s.sysbench, before: s.sysbench.result } }));
  },
}));
