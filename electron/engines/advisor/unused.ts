/**
 * Unused indexes from server counters: performance_schema.table_io_waits_summary_by_index_usage
 * (MySQL; what sys.schema_unused_indexes reads) or information_schema.INDEX_STATISTICS (MariaDB
 * with userstat=ON). Confidence grows with the time the counters cover and the table's activity;
 * indexes that enforce UNIQUE or back a FOREIGN KEY are reported but not proposed for dropping.
 * https://dev.mysql.com/doc/refman/8.4/en/sys-schema-unused-indexes.html
 * https://mariadb.com/kb/en/information-schema-index_statistics-table/
 */
import type { AdvisorFinding, SchemaIndex, SchemaSnapshot, SchemaTable } from '../../../shared/contract/advisor';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { indexBytes } from './duplicates';
import { finding } from './finding';

/** Index usage counters as collected. */
export interface IndexUsageSnapshot {
  readonly source: 'performance_schema' | 'user_statistics' | 'unavailable';
  /** Seconds the counters cover (server uptime; counters also reset on TRUNCATE/FLUSH). */
  readonly countersAgeSec: number | null;
  /** Rows read through each index; an index absent from the list was never read. */
  readonly indexReads: readonly { table: string; index: string; reads: number }[];
  /** Row operations per table (reads + writes), to tell an idle table from an unused index. */
  readonly tableActivity: readonly { table: string; reads: number; writes: number }[];
  /** Why usage is unavailable, and how to enable it. */
  readonly note: string | null;
}

const day = 86_400;

/**
 * Why an index must stay whatever its usage says, or null: the PRIMARY key, a UNIQUE constraint, or
 * the index a FOREIGN KEY of its table (or, from `tables`, one referencing it) needs — dropping
 * those changes behaviour, not just speed, and the server refuses most of them.
 */
export function indexConstraint(t: SchemaTable, i: SchemaIndex, tables: readonly SchemaTable[] = []): string | null {
  if (i.primary) return 'is the PRIMARY key';
  if (i.unique) return 'enforces a UNIQUE constraint';
  const leads = (cols: readonly string[]) => cols.length > 0 && cols.every((c, k) => i.columns[k]?.name.toLowerCase() === c.toLowerCase());
  const own = t.foreignKeys.find((fk) => leads(fk.columns));
  if (own) return `backs the FOREIGN KEY ${own.name}`;
  for (const other of tables)
    for (const fk of other.foreignKeys)
      if (fk.refTable.toLowerCase() === t.name.toLowerCase() && leads(fk.refColumns)) return `is referenced by the FOREIGN KEY ${fk.name} of ${other.name}`;
  return null;
}

/** Unused-index findings (pure). */
export function unusedIndexFindings(schema: SchemaSnapshot, usage: IndexUsageSnapshot): AdvisorFinding[] {
  if (usage.source === 'unavailable') return [];
  const reads = new Map(usage.indexReads.map((r) => [`${r.table.toLowerCase()}.${r.index.toLowerCase()}`, r.reads]));
  const activity = new Map(usage.tableActivity.map((a) => [a.table.toLowerCase(), a]));
  const age = usage.countersAgeSec ?? 0;
  const out: AdvisorFinding[] = [];
  for (const t of schema.tables) {
    const act = activity.get(t.name.toLowerCase());
    const busy = (act?.reads ?? 0) + (act?.writes ?? 0) > 0;
    for (const i of t.indexes) {
      if (i.primary || (reads.get(`${t.name.toLowerCase()}.${i.name.toLowerCase()}`) ?? 0) > 0) continue;
      const constraint = indexConstraint(t, i);
      let confidence: AdvisorFinding['confidence'] = age >= 7 * day ? 'high' : age >= day ? 'medium' : 'low';
      if (!busy || constraint) confidence = 'low';
      const ageText = age >= day ? `${(age / day).toFixed(1)} days` : `${(age / 3600).toFixed(1)} hours`;
      out.push(
        finding('unused-index', t, i.name, {
          severity: constraint ? 'info' : 'warning',
          confidence,
          title: `${i.name} on ${t.name} was not read in ${ageText} of counters`,
          detail: [
            busy
              ? `The table was active (${act?.reads ?? 0} reads, ${act?.writes ?? 0} writes), so the index is maintained but not used.`
              : 'The table itself saw no activity in that time; this says little about the index.',
            constraint
              ? `It ${constraint}: dropping it changes behaviour, not just speed.`
              : 'Hide it first (invisible/ignored) and watch for regressions over a full business cycle (month-end jobs, reports) before dropping.',
          ].join(' '),
          evidence: { source: usage.source, countersAgeSec: age, tableReads: act?.reads ?? 0, tableWrites: act?.writes ?? 0, constraint },
          fix: constraint ? null : `ALTER TABLE ${quoteQualified(t.schema, t.name)} DROP INDEX ${quoteIdent(i.name)}`,
          wastedBytes: indexBytes(t, i),
        }),
      );
    }
  }
  return out;
}
