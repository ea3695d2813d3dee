/**
 * Verification, the pure half: compares one query without and with the trial indexes and says
 * whether it improved, on evidence rather than noise. The work the storage engine did decides
 * first (rows read per run: the Handler_read_* counters around each run, deterministic for a
 * given plan and parameters); wall-clock time decides only when the work did not change, with
 * enough runs and a Mann-Whitney U test; EXPLAIN's estimates decide when the statement was not
 * run (UPDATE/DELETE are only EXPLAINed). Anything else is "unchanged": no significant change.
 * https://dev.mysql.com/doc/refman/8.4/en/server-status-variables.html#statvar_Handler_read_first
 */
import type { ExplainRow, VerifyEvidence, VerifyResult } from '../../../shared/contract/advisor';

/** Tables smaller than this are not counted as harmful full scans. */
export const smallTableRows = 1000;

/** Thresholds of the verdict; every number the comparison uses is here. */
export const verifyThresholds = {
  /** Rows read must change by more than this share to count (a plan change moves it by far more). */
  rowsReadChange: 0.1,
  /** Timing alone is judged only with at least this many runs on each side. */
  minTimedRuns: 10,
  /** ...at this significance (two-sided Mann-Whitney U)... */
  alpha: 0.01,
  /** ...and a median change of at least this share. */
  timingChange: 0.2,
  /** An EXPLAIN row estimate must grow by this factor before it is called worse (statistics are sampled). */
  estimateWorseFactor: 2,
} as const;

/** Median and p95 (nearest rank) of run times in milliseconds. */
export function summarizeTimings(ms: readonly number[]): { runs: number; medianMs: number; p95Ms: number } | null {
  if (ms.length === 0) return null;
  const s = [...ms].sort((a, b) => a - b);
  const rank = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return { runs: s.length, medianMs: round(rank(0.5)), p95Ms: round(rank(0.95)) };
}

/** Rows a plan examines: the product of rows along the join, as EXPLAIN estimates it (summed per select). */
export function estimatedRows(rows: readonly ExplainRow[]): number {
  return rows.reduce((s, r) => s + (r.rows ?? 0), 0);
}

/** Full scans (type ALL) of tables with at least `minRows` estimated rows. */
export function fullScans(rows: readonly ExplainRow[], minRows = smallTableRows): string[] {
  return rows.filter((r) => r.accessType === 'ALL' && (r.rows ?? 0) >= minRows).map((r) => r.table ?? '?');
}

/**
 * Two-sided Mann-Whitney U test (normal approximation with tie and continuity corrections):
 * the probability of rank sums this far apart if both samples came from one distribution.
 * Rank based, so one slow outlier run cannot decide it. Null when a side is empty.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): { u: number; pValue: number } | null {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return null;
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(all.length);
  let tieTerm = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++;
    const t = j - i + 1;
    for (let k = i; k <= j; k++) ranks[k] = (i + j) / 2 + 1;
    tieTerm += t ** 3 - t;
    i = j + 1;
  }
  const r1 = all.reduce((s, x, k) => s + (x.g === 0 ? ranks[k]! : 0), 0);
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.min(u1, n1 * n2 - u1);
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, pValue: 1 };
  const z = Math.max(0, Math.abs(u1 - mean) - 0.5) / Math.sqrt(variance);
  return { u, pValue: Math.min(1, 2 * (1 - normalCdf(z))) };
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, error < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Per-run Handler_read_* deltas of one side. */
export type HandlerRuns = readonly Readonly<Record<string, number>>[];

/** Median per-run value of each counter, and the median of their per-run sum (rows read). */
export function summarizeHandlers(runs: HandlerRuns): { perCounter: Record<string, number>; rowsRead: number } | null {
  if (runs.length === 0) return null;
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r)))].sort();
  const perCounter: Record<string, number> = {};
  for (const k of keys) {
    const m = median(runs.map((r) => r[k] ?? 0));
    if (m !== 0) perCounter[k] = m;
  }
  return { perCounter, rowsRead: median(runs.map((r) => Object.values(r).reduce((s, v) => s + v, 0))) };
}

/** What was measured of one query on one side. */
export interface Measured {
  readonly explain: readonly ExplainRow[];
  readonly timingsMs?: readonly number[];
  readonly handler?: HandlerRuns;
}

/** Compares one query's measurements before and after (pure). */
export function compareExplains(
  query: string,
  before: readonly ExplainRow[],
  after: readonly ExplainRow[],
  newIndexes: readonly string[],
  measured: { before?: Omit<Measured, 'explain'>; after?: Omit<Measured, 'explain'>; parameters?: string | null } = {},
): VerifyResult {
  const rowsBefore = estimatedRows(before);
  const rowsAfter = estimatedRows(after);
  const timingBefore = summarizeTimings(measured.before?.timingsMs ?? []);
  const timingAfter = summarizeTimings(measured.after?.timingsMs ?? []);
  const used = [
    ...new Set(
      after
        .map((r) => r.key)
        .filter((k): k is string => k !== null)
        .flatMap((k) => k.split(','))
        .filter((k) => newIndexes.includes(k)),
    ),
  ];
  const { verdict, evidence } = judge(before, after, measured);
  return {
    query,
    before: [...before],
    after: [...after],
    rowsBefore,
    rowsAfter,
    fullScansBefore: fullScans(before),
    fullScansAfter: fullScans(after),
    timingBefore,
    timingAfter,
    verdict,
    newIndexesUsed: used,
    evidence,
  };
}

function judge(
  before: readonly ExplainRow[],
  after: readonly ExplainRow[],
  m: { before?: Omit<Measured, 'explain'>; after?: Omit<Measured, 'explain'>; parameters?: string | null },
): { verdict: VerifyResult['verdict']; evidence: VerifyEvidence } {
  const th = verifyThresholds;
  const hb = summarizeHandlers(m.before?.handler ?? []);
  const ha = summarizeHandlers(m.after?.handler ?? []);
  const tb = m.before?.timingsMs ?? [];
  const ta = m.after?.timingsMs ?? [];
  const test = tb.length >= th.minTimedRuns && ta.length >= th.minTimedRuns ? mannWhitneyU(tb, ta) : null;
  const base = {
    rowsReadBefore: hb?.rowsRead ?? null,
    rowsReadAfter: ha?.rowsRead ?? null,
    handlerBefore: hb?.perCounter ?? null,
    handlerAfter: ha?.perCounter ?? null,
    timingPValue: test ? round(test.pValue) : null,
    parameters: m.parameters ?? null,
  };
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  // 1. The work done: deterministic for a plan and its parameters, blind to load on the machine.
  if (hb && ha) {
    const change = (ha.rowsRead - hb.rowsRead) / Math.max(1, hb.rowsRead);
    const line = `rows read per run ${fmt(hb.rowsRead)} → ${fmt(ha.rowsRead)} (Handler_read_*, median of ${m.before!.handler!.length} and ${m.after!.handler!.length} runs)`;
    if (Math.abs(change) > th.rowsReadChange && Math.abs(ha.rowsRead - hb.rowsRead) >= 2)
      return { verdict: change < 0 ? 'improved' : 'worse', evidence: { ...base, basis: 'rows-read', summary: line } };
    // 2. Same work: time may still differ (fewer random reads), but only a significant, large change counts.
    if (test && timingVerdict(tb, ta, test.pValue))
      return { verdict: timingVerdict(tb, ta, test.pValue)!, evidence: { ...base, basis: 'timing', summary: `${line}; ${timingLine(tb, ta, test.pValue)}` } };
    return {
      verdict: 'unchanged',
      evidence: { ...base, basis: 'rows-read', summary: `${line}; ${test ? timingLine(tb, ta, test.pValue) : timingTooFew(tb, ta)}: no significant change` },
    };
  }
  if (test && timingVerdict(tb, ta, test.pValue))
    return { verdict: timingVerdict(tb, ta, test.pValue)!, evidence: { ...base, basis: 'timing', summary: timingLine(tb, ta, test.pValue) } };
  // 3. Not run (a write is only EXPLAINed): the optimizer's estimates.
  const eb = estimatedRows(before);
  const ea = estimatedRows(after);
  const scansBefore = fullScans(before).length;
  const scansAfter = fullScans(after).length;
  const est = `EXPLAIN estimates ${fmt(eb)} → ${fmt(ea)} rows, full scans ${scansBefore} → ${scansAfter} (not run: estimates only)`;
  if (scansAfter < scansBefore || (ea < eb * (1 - th.rowsReadChange) && scansAfter <= scansBefore))
    return { verdict: 'improved', evidence: { ...base, basis: 'estimate', summary: est } };
  if (scansAfter > scansBefore || ea > eb * th.estimateWorseFactor) return { verdict: 'worse', evidence: { ...base, basis: 'estimate', summary: est } };
  return { verdict: 'unchanged', evidence: { ...base, basis: before.length || after.length ? 'estimate' : 'none', summary: `${est}: no significant change` } };
}

function timingVerdict(tb: readonly number[], ta: readonly number[], p: number): 'improved' | 'worse' | null {
  if (p >= verifyThresholds.alpha) return null;
  const mb = median(tb);
  const ma = median(ta);
  if (ma < mb * (1 - verifyThresholds.timingChange)) return 'improved';
  if (ma > mb * (1 + verifyThresholds.timingChange)) return 'worse';
  return null;
}

function timingLine(tb: readonly number[], ta: readonly number[], p: number): string {
  return `median ${median(tb).toFixed(2)} → ${median(ta).toFixed(2)} ms over ${tb.length} and ${ta.length} runs, Mann-Whitney p = ${p < 0.001 ? '< 0.001' : p.toFixed(3)}`;
}

function timingTooFew(tb: readonly number[], ta: readonly number[]): string {
  if (tb.length === 0 && ta.length === 0) return 'not timed';
  return `median ${median(tb).toFixed(2)} → ${median(ta).toFixed(2)} ms over ${tb.length} and ${ta.length} runs (fewer than ${verifyThresholds.minTimedRuns} each: timing not judged)`;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
