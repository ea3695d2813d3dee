/**
 * DELETEs and UPDATEs without a batch limit that change a large share of their table: one such
 * statement holds its row locks and undo until it commits, stalls replicas for as long as it ran,
 * and cannot be stopped halfway. The matched rows come from EXPLAIN (connected) or from the slow
 * log's Rows_affected; a DELETE is pointed to the product's purge (chunks walking the primary key,
 * replica-lag gate, resumable) with its WHERE prefilled.
 * https://dev.mysql.com/doc/refman/8.4/en/delete.html
 */
import type { AdvisorFinding, SchemaSnapshot, WorkloadQuery } from '../../../shared/contract/advisor';
import { shellCommand } from '../../../shared/shell-quote';
import { tableIndex, type AnalyzedQuery } from './analyze-workload';
import { finding } from './finding';

/** Rows one execution matches, estimated on the server (EXPLAIN rows × filtered of the statement with drawn values). */
export interface WriteScope {
  readonly rows: number;
  /** The statement as explained, its placeholders bound (its WHERE is the one prefilled). */
  readonly boundSql: string;
}

/** Share of the table above which an unbatched write is flagged. */
export const UNBATCHED_SHARE = 0.1;

/** The WHERE condition of a single-table DELETE/UPDATE as written, or null. */
export function whereOf(sql: string): string | null {
  const m = /\bWHERE\b([\s\S]*?)(?:\bORDER\s+BY\b|\bLIMIT\b|;?\s*$)/i.exec(sql);
  const w = m?.[1]?.trim();
  return w ? w : null;
}

/**
 * Flags each DELETE/UPDATE of the workload with no LIMIT whose rows matched per execution are at
 * least UNBATCHED_SHARE of its table and at least `minRows` (pure). `scopes`: EXPLAIN estimates by
 * statement text; otherwise the workload's Rows_affected is used.
 */
export function unbatchedWriteFindings(
  queries: readonly AnalyzedQuery[],
  workload: readonly WorkloadQuery[],
  schema: SchemaSnapshot,
  scopes: Readonly<Record<string, WriteScope>>,
  minRows: number,
): AdvisorFinding[] {
  const find = tableIndex(schema);
  const out: AdvisorFinding[] = [];
  const seen = new Set<string>();
  for (const q of queries) {
    const type = q.shape?.type;
    if ((type !== 'delete' && type !== 'update') || q.shape!.hasLimit || q.shape!.writes.length !== 1 || seen.has(q.sql)) continue;
    seen.add(q.sql);
    const table = find(q.shape!.writes[0]!);
    if (!table?.rows) continue;
    const scope = scopes[q.sql];
    const affected = workload[q.index]?.rowsAffected ?? null;
    const matched = scope ? scope.rows : affected;
    if (matched === null || matched < minRows || matched / table.rows < UNBATCHED_SHARE) continue;
    const share = matched / table.rows;
    const basis = scope ? 'EXPLAIN of the statement with values drawn from the table' : "the slow log's Rows_affected per execution";
    const where = whereOf(scope?.boundSql ?? q.sql);
    const target = `${table.schema ?? schema.tables[0]?.schema ?? 'DB'}.${table.name}`;
    const purge = type === 'delete' && where ? shellCommand(['dbw', 'purge', '--connection', 'URL', '--table', target, '--where', where]) : null;
    const verb = type === 'delete' ? 'DELETE' : 'UPDATE';
    out.push(
      finding('unbatched-write', table, null, {
        severity: share >= 0.5 ? 'critical' : 'warning',
        confidence: scope ? 'medium' : 'high',
        title: `${q.name}: ${verb} without a batch limit matches ~${Math.round(share * 100)} % of ${table.name} (~${Math.round(matched).toLocaleString('en-US')} rows)`,
        detail:
          `One statement changes ~${Math.round(matched).toLocaleString('en-US')} of ~${table.rows.toLocaleString('en-US')} rows (${basis}): it holds their locks and undo until it commits, replicas apply it in one piece (lag of its whole run), and stopping it rolls all of it back. ` +
          (purge
            ? 'Delete in chunks instead: the purge (Maintenance → Purge, or dbw purge) walks the primary key in chunks, waits on replica lag and resumes from its checkpoint; its WHERE is prefilled below.'
            : 'Run it in batches instead: add LIMIT and repeat until no row changes, or walk the primary key in ranges, committing each.'),
        evidence: {
          query: q.name,
          matchedRows: Math.round(matched),
          tableRows: table.rows,
          share: Math.round(share * 1000) / 1000,
          basis: scope ? 'explain' : 'rows_affected',
          where: where ?? null,
          purge,
        },
      }),
    );
  }
  return out;
}
