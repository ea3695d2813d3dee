/** The Benchmark panel: a statement, runs and concurrency; the latest result, a kept "before" and their comparison. */
import { create } from 'zustand';
import type { BenchComparison, BenchResult } from '../../../../shared/contract/bench';
import { api, errorMessage } from '../../lib/api';

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
}

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
}));
