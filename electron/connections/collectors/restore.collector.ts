/**
 * What a restore would land on: whether the target database exists and, for each of its base
 * tables, the counted rows and the bytes it takes. Read through a read session, so a preview
 * writes nothing.
 */
import { quoteQualified } from '../../../shared/sql-quote';
import type { RestoreTarget } from '../../engines/backup/restore-plan';
import type { SqlReader } from '../sql-reader';

/** The target database of a restore, as it is now. */
export async function collectRestoreTarget(reader: SqlReader, name: string): Promise<RestoreTarget> {
  const [db] = await reader.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
  if (!Number(db?.n ?? 0)) return { name, exists: false, tables: [] };
  const rows = await reader.query<{ t: string; b: number | string | null }>(
    `SELECT TABLE_NAME AS t, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) AS b FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    [name],
  );
  const tables = [];
  for (const r of rows) {
    const [c] = await reader.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${quoteQualified(name, String(r.t))}`);
    tables.push({ table: String(r.t), rows: Number(c?.n ?? 0), bytes: Number(r.b ?? 0) });
  }
  return { name, exists: true, tables };
}
