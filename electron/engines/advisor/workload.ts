/**
 * Workload readers: a pasted/filed script whose statements carry `-- name | qps | slo` comments
 * (the co-writing workload.sql convention), and performance_schema digest rows.
 */
import type { WorkloadQuery } from '../../../shared/contract/advisor';
import { splitStatements } from '../../../shared/sql-split';

/** Reads a workload script. A `name | qps | slo` comment weighs the statement by its peak QPS
 * (count per second) and QPS × SLO (seconds per second, the time budget it may use); statements
 * without one weigh 1 execution of 1 second. */
export function workloadFromScript(script: string): WorkloadQuery[] {
  return splitStatements(script).map((s, i) => {
    const header =
      [...s.comments]
        .reverse()
        .map(parseHeader)
        .find((h) => h !== null) ?? null;
    if (!header) return { sql: s.sql, name: `query ${i + 1}`, weight: { count: 1, totalTimeSec: 1 } };
    return { sql: s.sql, name: header.name, weight: { count: header.qps, totalTimeSec: header.qps * header.sloSec } };
  });
}

function parseHeader(comment: string): { name: string; qps: number; sloSec: number } | null {
  const parts = comment.split('|').map((p) => p.trim());
  if (parts.length !== 3 || !parts[0]) return null;
  const qps = Number(parts[1]);
  const slo = /^([\d.]+)\s*(ms|s|us|µs)?$/i.exec(parts[2]!);
  if (!Number.isFinite(qps) || !slo) return null;
  const unit = (slo[2] ?? 's').toLowerCase();
  const sloSec = Number(slo[1]) / (unit === 'ms' ? 1000 : unit === 's' ? 1 : 1_000_000);
  return { name: parts[0], qps, sloSec };
}

/** A row of performance_schema.events_statements_summary_by_digest (the columns we read). */
export interface DigestRow {
  readonly SCHEMA_NAME: string | null;
  readonly DIGEST_TEXT: string | null;
  readonly QUERY_SAMPLE_TEXT?: string | null;
  readonly COUNT_STAR: number | string;
  /** Picoseconds. */
  readonly SUM_TIMER_WAIT: number | string;
  readonly SUM_ROWS_EXAMINED: number | string;
}

/** Turns digest rows into workload queries (sample text preferred: digest text may be truncated). */
export function workloadFromDigests(rows: readonly DigestRow[]): WorkloadQuery[] {
  const out: WorkloadQuery[] = [];
  for (const r of rows) {
    const sample = r.QUERY_SAMPLE_TEXT && !r.QUERY_SAMPLE_TEXT.endsWith('...') ? r.QUERY_SAMPLE_TEXT : null;
    const sql = sample ?? r.DIGEST_TEXT;
    if (!sql) continue;
    const count = Number(r.COUNT_STAR);
    out.push({
      sql,
      name: (r.DIGEST_TEXT ?? sql).slice(0, 80),
      weight: { count, totalTimeSec: Number(r.SUM_TIMER_WAIT) / 1e12 },
      rowsExamined: count > 0 ? Number(r.SUM_ROWS_EXAMINED) / count : null,
    });
  }
  return out;
}
