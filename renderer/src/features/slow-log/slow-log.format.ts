/** Pure helpers of the slow-log panel: number formats, the profile's columns and its sorting. */
export { fmtBytes } from '../../../../shared/format-bytes';
import type { MetricStats, QueryClass } from '../../../../shared/contract/slow-log';

/** Seconds as a short human time (µs, ms, s, min). */
export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s === 0) return '0';
  if (s < 0.001) return `${(s * 1e6).toFixed(0)} µs`;
  if (s < 1) return `${(s * 1000).toFixed(s < 0.01 ? 2 : s < 0.1 ? 1 : 0)} ms`;
  if (s < 120) return `${s.toFixed(2)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** A count with thousands separators, or a short form (1.2k, 3.4M) when `short`. */
export function fmtCount(n: number, short = false): string {
  if (!Number.isFinite(n)) return '—';
  if (short && n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (short && n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return Math.round(n * 10) % 10 !== 0 && n < 100 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US');
}

/** A share (0..1) as a percentage. */
export function fmtPct(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

/** Columns of the profile table, each with how to read its sort value. */
export const profileColumns = [
  { key: 'rank', label: 'Rank', value: (c: QueryClass) => c.rank },
  { key: 'item', label: 'Item', value: (c: QueryClass) => c.distillate.toLowerCase() },
  { key: 'total', label: 'Total time', value: (c: QueryClass) => c.metrics.Query_time?.sum ?? 0 },
  { key: 'pct', label: 'Share', value: (c: QueryClass) => c.pctOfOrderBy },
  { key: 'calls', label: 'Calls', value: (c: QueryClass) => c.count },
  { key: 'avg', label: 'Avg', value: (c: QueryClass) => c.metrics.Query_time?.avg ?? 0 },
  { key: 'p95', label: 'p95', value: (c: QueryClass) => c.metrics.Query_time?.p95 ?? 0 },
  { key: 'max', label: 'Max', value: (c: QueryClass) => c.metrics.Query_time?.max ?? 0 },
  { key: 'examined', label: 'Rows exam. avg', value: (c: QueryClass) => c.metrics.Rows_examined?.avg ?? 0 },
  { key: 'sent', label: 'Rows sent avg', value: (c: QueryClass) => c.metrics.Rows_sent?.avg ?? 0 },
  { key: 'findings', label: 'Findings', value: (c: QueryClass) => c.findings.length },
] as const;

/** A sortable column key. */
export type ProfileSortKey = (typeof profileColumns)[number]['key'];
/** A sort order. */
export interface ProfileSort {
  key: ProfileSortKey;
  dir: 'asc' | 'desc';
}

/** Returns the classes sorted by a column; ties keep rank order (stable). */
export function sortClasses(classes: readonly QueryClass[], sort: ProfileSort): QueryClass[] {
  const col = profileColumns.find((c) => c.key === sort.key) ?? profileColumns[0];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...classes].sort((a, b) => {
    const va = col.value(a);
    const vb = col.value(b);
    const d = typeof va === 'string' || typeof vb === 'string' ? String(va).localeCompare(String(vb)) : va - vb;
    return d !== 0 ? d * sign : a.rank - b.rank;
  });
}

/** The next sort after clicking a column header: same column flips, a new one starts descending (rank and text ascending). */
export function nextSort(current: ProfileSort, key: ProfileSortKey): ProfileSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'rank' || key === 'item' ? 'asc' : 'desc' };
}

/** pt-query-digest's log10 histogram buckets for Query_time. */
export const HISTOGRAM_LABELS = ['1µs', '10µs', '100µs', '1ms', '10ms', '100ms', '1s', '10s+'] as const;

/** Parses a datetime-local input value as UTC epoch ms (undefined when empty or invalid). */
export function parseUtcInput(v: string): number | undefined {
  if (!v) return undefined;
  const t = Date.parse(`${v}${v.length === 16 ? ':00' : ''}Z`);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * What the percentile columns of a class are, said honestly: exact from every value, pt's own
 * bucket values (the pt-compatible report, equal to pt-query-digest's), or interpolated within
 * pt's buckets — close to pt, not equal to it — with the stddev from exact sums.
 */
export function percentileNote(m: Pick<MetricStats, 'exact'>, ptCompatible: boolean): string | null {
  if (m.exact) return null;
  if (ptCompatible) return "Median, 95% and stddev are pt-query-digest's own bucket values, as pt prints them.";
  return "Percentiles interpolated within pt-query-digest's log buckets and stddev from exact sums: close to, not equal to, pt's figures. pt's own figures: dbw digest --pt-compatible.";
}
