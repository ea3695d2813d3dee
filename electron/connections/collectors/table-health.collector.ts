/**
 * What table health reads: the table statistics, DATA_FREE, and an exact count of the tables small
 * enough to count. The row estimate is the optimizer's (mysql.innodb_table_stats.n_rows) where the
 * table has persistent statistics: MySQL 8+ caches information_schema.TABLES figures for
 * `information_schema_stats_expiry` (a day by default), which would hide a fresh ANALYZE.
 */
import { quoteQualified } from '../../../shared/sql-quote';
import type { TableHealthInput } from '../../engines/maintenance/table-health';
import type { SqlReader } from '../sql-reader';
import { collectTableStats } from './table-stats.collector';

/** Reads every base table of `schema`; counts those estimated at or under `countUpTo` rows. */
export async function collectTableHealth(reader: SqlReader, schema: string, countUpTo: number): Promise<TableHealthInput[]> {
  const stats = await collectTableStats(reader, [], schema);
  const free = await reader.query<{ t: string; free: unknown }>(
    "SELECT TABLE_NAME AS t, DATA_FREE AS free FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
    [schema],
  );
  const freeOf = new Map(free.map((r) => [String(r.t), r.free === null || r.free === undefined ? null : Number(r.free)]));
  const persistent = await reader.query<{ t: string; n: unknown }>(
    'SELECT table_name AS t, n_rows AS n FROM mysql.innodb_table_stats WHERE database_name = ?',
    [schema],
  );
  const estimateOf = new Map(persistent.map((r) => [String(r.t), Number(r.n)]));
  const out: TableHealthInput[] = [];
  for (const st of stats) {
    const s = { ...st, rows: estimateOf.get(st.table) ?? st.rows };
    let countedRows: number | null = null;
    if (s.rows !== null && s.rows <= countUpTo) {
      const [c] = await reader.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${quoteQualified(s.schema, s.table)}`);
      countedRows = Number(c?.n ?? 0);
    }
    out.push({ ...s, freeBytes: freeOf.get(s.table) ?? null, countedRows });
  }
  return out;
}
