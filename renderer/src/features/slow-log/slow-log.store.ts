/**
 * The slow-log panel's one store: the current digest and where it came from (the demo, a paste,
 * a file, a live server), the filters that re-run it, the run in progress (progress, cancel),
 * the profile's sort and selection, and a baseline to compare against. The last finished digest
 * is kept across a reload under a size bound (slow-log.saved.ts); the log itself is not.
 */
import { create } from 'zustand';
import type { DigestComparison, DigestReport } from '../../../../shared/contract/slow-log';
import type { InputOf } from '../../../../shared/contract/core';
import type { AppContract } from '../../../../shared/contract';
import { AppError } from '../../../../shared/contract/core';
import { api, errorMessage, transport } from '../../lib/api';
import { nextSort, parseUtcInput, type ProfileSort, type ProfileSortKey } from './slow-log.format';
import { forgetDigest, keepDigest, keptDigest, type RestoredNote } from './slow-log.saved';

/** Where a digest's input is. Files are kept as a handle (never read here) so filters can re-run them. */
export type DigestInput =
  | { kind: 'demo' }
  | { kind: 'paste'; text: string }
  | { kind: 'file'; file: File }
  | { kind: 'live'; connectionId: string; source: 'performance_schema' | 'slow_log_table' }
  /** A file or a large paste whose digest was kept across a reload without the log itself. */
  | { kind: 'restored'; name: string };

/** A finished digest and what it was made from. */
export interface Digest {
  report: DigestReport;
  label: string;
  input: DigestInput;
  /** Statistics the source cannot provide (live digests), as `Attr.stat` or a section name. */
  missing: string[];
  notes: string[];
  /** Set when the digest was kept from before a reload (and how much of it). */
  restored?: RestoredNote;
}

/** The filter form (text fields as typed). */
export interface Filters {
  db: string;
  user: string;
  host: string;
  minTime: string;
  text: string;
  since: string;
  until: string;
}

/** A run in progress. */
export interface Running {
  label: string;
  phase: string;
  done: number;
  total: number | null;
  message: string;
}

interface SlowLogState {
  current: Digest | null;
  demoTitle: string | null;
  running: Running | null;
  error: string | null;
  filters: Filters;
  sort: ProfileSort;
  selected: string | null;
  baseline: Digest | null;
  comparison: DigestComparison | null;
  loadDemo(): Promise<void>;
  digestPaste(text: string): Promise<void>;
  openFile(file: File): Promise<void>;
  runLive(connectionId: string, source: 'performance_schema' | 'slow_log_table'): Promise<void>;
  setFilters(patch: Partial<Filters>): void;
  applyFilters(): Promise<void>;
  clearFilters(): Promise<void>;
  cancel(): void;
  sortBy(key: ProfileSortKey): void;
  select(checksum: string | null): void;
  keepAsBaseline(): void;
  compareWithBaseline(): Promise<void>;
  clearComparison(): void;
  reset(): void;
}

type Options = NonNullable<InputOf<AppContract, 'slowLog.digestText'>['options']>;

const emptyFilters: Filters = { db: '', user: '', host: '', minTime: '', text: '', since: '', until: '' };
/** Pastes larger than this go up as an upload (progress, cancel, and no request-size limit). */
const PASTE_UPLOAD_BYTES = 4 * 1024 * 1024;

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The digest options the filter form stands for. */
export function filterOptions(f: Filters): Options {
  const o: Options = {};
  if (list(f.db).length) o.db = list(f.db);
  if (list(f.user).length) o.user = list(f.user);
  if (list(f.host).length) o.host = list(f.host);
  const min = Number(f.minTime);
  if (f.minTime.trim() && Number.isFinite(min)) o.minQueryTime = min;
  if (f.text.trim()) o.text = f.text.trim();
  const since = parseUtcInput(f.since);
  const until = parseUtcInput(f.until);
  if (since !== undefined) o.since = since;
  if (until !== undefined) o.until = until;
  return o;
}

const labelOf = (input: DigestInput, demoTitle: string | null): string =>
  input.kind === 'demo'
    ? (demoTitle ?? 'Demo')
    : input.kind === 'paste'
      ? 'Pasted text'
      : input.kind === 'file'
        ? input.file.name
        : input.kind === 'restored'
          ? input.name
          : `Live: ${input.source === 'performance_schema' ? 'performance_schema digests' : 'mysql.slow_log'}`;

/** The slow-log store. */
export const useSlowLog = create<SlowLogState>()((set, get) => {
  let controller: AbortController | null = null;

  const onProgress = (e: { phase: string; done: number; total: number | null; message?: string }) =>
    set((s) => (s.running ? { running: { ...s.running, phase: e.phase, done: e.done, total: e.total, message: e.message ?? '' } } : {}));

  const fetchDigest = async (input: DigestInput, options: Options, signal: AbortSignal): Promise<Omit<Digest, 'label' | 'input'>> => {
    const plain = (report: DigestReport) => ({ report, missing: [], notes: [] });
    if (input.kind === 'restored')
      throw new AppError('VALIDATION', `This analysis was kept from before the reload without its log: open ${input.name} again to filter it.`);
    if (input.kind === 'demo') {
      const d = await api().slowLog.demo({ options }, { signal });
      set({ demoTitle: d.title });
      return plain(d.report);
    }
    if (input.kind === 'live') {
      const r = await api().slowLog.liveDigest({ connectionId: input.connectionId, source: input.source, options }, { signal, onProgress });
      return { report: r.report, missing: r.missingMetrics, notes: r.notes };
    }
    const blob = input.kind === 'file' ? input.file : input.text.length > PASTE_UPLOAD_BYTES ? new Blob([input.text]) : null;
    if (!blob && input.kind === 'paste') return plain(await api().slowLog.digestText({ text: input.text, options }, { signal }));
    onProgress({ phase: 'upload', done: 0, total: blob!.size, message: 'Sending the file to the app core' });
    const source = await transport().fileSource(blob!, input.kind === 'file' ? input.file.name : 'pasted text');
    return plain(await api().slowLog.digestFile({ source, options }, { signal, onProgress }));
  };

  const run = async (input: DigestInput, keepSelection = false): Promise<void> => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const label = labelOf(input, get().demoTitle);
    set({ running: { label, phase: 'start', done: 0, total: null, message: '' }, error: null });
    try {
      const d = await fetchDigest(input, filterOptions(get().filters), mine.signal);
      if (controller !== mine) return;
      const selected = keepSelection && d.report.classes.some((c) => c.checksum === get().selected) ? get().selected : (d.report.classes[0]?.checksum ?? null);
      const current: Digest = { ...d, label: labelOf(input, get().demoTitle), input };
      if (!keepDigest(current, get().filters) && typeof localStorage !== 'undefined')
        current.notes = [...current.notes, 'This analysis is too large to keep across a reload: open the log again after one.'];
      set({ current, running: null, selected, comparison: null });
    } catch (err) {
      if (controller !== mine) return;
      set({ running: null, error: mine.signal.aborted ? null : errorMessage(err) });
    } finally {
      if (controller === mine) controller = null;
    }
  };

  const kept = keptDigest();
  return {
    current: kept?.digest ?? null,
    demoTitle: null,
    running: null,
    error: null,
    filters: kept?.filters ?? emptyFilters,
    sort: { key: 'rank', dir: 'asc' },
    selected: kept?.digest.report.classes[0]?.checksum ?? null,
    baseline: null,
    comparison: null,
    loadDemo: () => {
      set({ filters: emptyFilters });
      return run({ kind: 'demo' });
    },
    digestPaste: (text) => run({ kind: 'paste', text }),
    openFile: (file) => run({ kind: 'file', file }),
    runLive: (connectionId, source) => run({ kind: 'live', connectionId, source }),
    setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch } })),
    applyFilters: async () => {
      const cur = get().current;
      if (cur) await run(cur.input, true);
    },
    clearFilters: async () => {
      set({ filters: emptyFilters });
      const cur = get().current;
      if (cur) await run(cur.input, true);
    },
    cancel: () => {
      controller?.abort();
      controller = null;
      set({ running: null, error: 'Cancelled.' });
    },
    sortBy: (key) => set((s) => ({ sort: nextSort(s.sort, key) })),
    select: (selected) => set({ selected }),
    keepAsBaseline: () => set((s) => ({ baseline: s.current, comparison: null })),
    compareWithBaseline: async () => {
      const { baseline, current } = get();
      if (!baseline || !current) return;
      try {
        set({ comparison: await api().slowLog.compare({ before: baseline.report, after: current.report }) });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    clearComparison: () => set({ comparison: null, baseline: null }),
    reset: () => {
      controller?.abort();
      controller = null;
      forgetDigest();
      set({ current: null, running: null, error: null, filters: emptyFilters, selected: null, baseline: null, comparison: null });
    },
  };
});
