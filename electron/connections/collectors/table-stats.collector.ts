/** Table sizes and statistics time stamps from information_schema and mysql.innodb_table_stats. */
import type { TableStats } from '../../engines/maintenance/analyze-table.plan';
import type { SqlReader } from '../sql-reader';

const SYSTEM_SCHEMAS = ['mysql', 'information_schema', 'performance_schema', 'sys'];

/** Collects stats for the given tables (or every user table when `tables` is empty). */
export async function collectTableStats(reader: SqlReader, tables: ReadonlyArray<{ schema: string; table: string }>, schema?: string): Promise<TableStats[]> {
  const where: string[] = [`t.TABLE_TYPE = 'BASE TABLE'`, `t.TABLE_SCHEMA NOT IN (${SYSTEM_SCHEMAS.map(() => '?').join(',')})`];
  const params: unknown[] = [...SYSTEM_SCHEMAS];
  if (schema) {
    where.push('t.TABLE_SCHEMA = ?');
    params.push(schema);
  }
  if (tables.length) {
    where.push(`(${tables.map(() => '(t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?)').join(' OR ')})`);
    for (const t of tables) params.push(t.schema, t.table);
  }
  const rows = await reader.query<Record<string, unknown>>(
    `SELECT t.TABLE_SCHEMA AS s, t.TABLE_NAME AS t, t.ENGINE AS engine, t.TABLE_ROWS AS tableRows,
            t.DATA_LENGTH AS dataBytes, t.INDEX_LENGTH AS indexBytes, st.last_update AS statsUpdatedAt
       FROM information_schema.TABLES t
       LEFT JOIN mysql.innodb_table_stats st ON st.database_name = t.TABLE_SCHEMA AND st.table_name = t.TABLE_NAME
      WHERE ${where.join(' AND ')}
      ORDER BY t.DATA_LENGTH DESC, t.TABLE_SCHEMA, t.TABLE_NAME`,
    params,
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    schema: String(r.s),
    table: String(r.t),
    engine: r.engine === null ? null : String(r.engine),
    rows: num(r.tableRows),
    dataBytes: num(r.dataBytes),
    indexBytes: num(r.indexBytes),
    statsUpdatedAt: r.statsUpdatedAt === null || r.statsUpdatedAt === undefined ? null : String(r.statsUpdatedAt),
  }));
}
