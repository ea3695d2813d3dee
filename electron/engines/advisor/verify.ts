/**
 * Verification, the pure half: compares EXPLAIN before and after the trial indexes (access type,
 * key, rows) and measured timings, and says whether the query improved.
 */
import type { ExplainRow, VerifyResult } from '../../../shared/contract/advisor';

/** Tables smaller than this are not counted as harmful full scans. */
export const smallTableRows = 1000;

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

/** Compares one query's plans (pure). */
export function compareExplains(
  query: string,
  before: readonly ExplainRow[],
  after: readonly ExplainRow[],
  newIndexes: readonly string[],
  timings: { before: readonly number[]; after: readonly number[] } = { before: [], after: [] },
): VerifyResult {
  const rowsBefore = estimatedRows(before);
  const rowsAfter = estimatedRows(after);
  const timingBefore = summarizeTimings(timings.before);
  const timingAfter = summarizeTimings(timings.after);
  const used = [
    ...new Set(
      after
        .map((r) => r.key)
        .filter((k): k is string => k !== null)
        .flatMap((k) => k.split(','))
        .filter((k) => newIndexes.includes(k)),
    ),
  ];
  let verdict: VerifyResult['verdict'] = 'unchanged';
  if (timingBefore && timingAfter) {
    // Timing decides when measured: a 10% margin keeps noise from flipping the verdict.
    verdict = timingAfter.medianMs < timingBefore.medianMs * 0.9 ? 'improved' : timingAfter.medianMs > timingBefore.medianMs * 1.1 ? 'worse' : 'unchanged';
  } else if (rowsAfter < rowsBefore * 0.9 || fullScans(after).length < fullScans(before).length) verdict = 'improved';
  else if (rowsAfter > rowsBefore * 1.1) verdict = 'worse';
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
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
