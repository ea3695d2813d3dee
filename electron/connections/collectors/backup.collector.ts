/**
 * What a backup's manifest records about a database, read through a read session: its base
 * tables with row count, row checksum and definition hash (engines/backup/checksum.ts), where the
 * binlog stands, and how many routines, triggers and events it has. The same function reads the
 * original at backup time and the scratch copy at verification, so both sides are measured alike.
 */
import type { Flavor } from '../../../shared/contract/connections';
import type { BinlogPosition, TableChecksum } from '../../../shared/contract/backup';
import { AppError } from '../../../shared/contract/core';
import { quoteQualified } from '../../../shared/sql-quote';
import { checksumSql, definitionHash, type ChecksumColumn } from '../../engines/backup/checksum';
import { dialectOfFlavor } from '../../engines/flavor/dialect';
import type { SqlReader } from '../sql-reader';

/** The base tables of a schema, by name. */
export async function collectBaseTables(reader: SqlReader, schema: string): Promise<string[]> {
  const rows = await reader.query<{ t: string }>(
    `SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    [schema],
  );
  return rows.map((r) => String(r.t));
}

async function columnsOf(reader: SqlReader, schema: string, table: string): Promise<ChecksumColumn[]> {
  const rows = await reader.query<{ c: string; n: string }>(
    'SELECT COLUMN_NAME AS c, IS_NULLABLE AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [schema, table],
  );
  return rows.map((r) => ({ name: String(r.c), nullable: String(r.n) === 'YES' }));
}

/** The base tables of a schema by name (as collectBaseTables), with their size on disk (data and indexes): checksums read side by side take the largest first. */
export async function collectBaseTableSizes(reader: SqlReader, schema: string): Promise<Array<{ table: string; bytes: number }>> {
  const rows = await reader.query<{ t: string; b: number | string | null }>(
    `SELECT TABLE_NAME AS t, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) AS b FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    [schema],
  );
  return rows.map((r) => ({ table: String(r.t), bytes: Number(r.b ?? 0) }));
}

/** Row count, checksum and definition hash of one base table. */
export async function collectTableChecksum(reader: SqlReader, schema: string, table: string): Promise<TableChecksum> {
  const [sum] = await reader.query<{ n: number | string; s: string }>(checksumSql(schema, table, await columnsOf(reader, schema, table)));
  const [ddl] = await reader.query<Record<string, string>>(`SHOW CREATE TABLE ${quoteQualified(schema, table)}`);
  return { table, rows: Number(sum?.n ?? 0), checksum: String(sum?.s ?? '0'), definition: definitionHash(String(ddl?.['Create Table'] ?? ''), schema) };
}

/** Row count, checksum and definition hash of every base table of `schema`; `onTable` after each. */
export async function collectTableChecksums(
  reader: SqlReader,
  schema: string,
  onTable: (done: number, total: number, table: string) => void = () => undefined,
  signal?: AbortSignal,
): Promise<TableChecksum[]> {
  const tables = await collectBaseTables(reader, schema);
  const out: TableChecksum[] = [];
  for (const [i, table] of tables.entries()) {
    if (signal?.aborted) throw new AppError('CANCELLED', `Cancelled before checksumming ${table}`);
    out.push(await collectTableChecksum(reader, schema, table));
    onTable(i + 1, tables.length, table);
  }
  return out;
}

/**
 * Where the binlog stands: file, position and GTID set (nulls when binary logging is off). When the
 * server logs but the account may not read the position (no BINLOG MONITOR / REPLICATION CLIENT),
 * `unreadable` says so: the backup is still good, its position unknown.
 */
export async function collectBinlogPosition(reader: SqlReader, flavor: Flavor): Promise<BinlogPosition> {
  const { binlogStatus } = dialectOfFlavor(flavor);
  let file: string | null = null;
  let position: number | null = null;
  let unreadable: string | undefined;
  try {
    const [row] = await reader.query<Record<string, unknown>>(binlogStatus.statement);
    if (row) {
      file = row.File === undefined || row.File === null ? null : String(row.File);
      position = row.Position === undefined || row.Position === null ? null : Number(row.Position);
    }
  } catch (err) {
    const [on] = await reader.query<{ b: number | string | null }>('SELECT @@GLOBAL.log_bin AS b');
    if (Number(on?.b ?? 0) === 1) unreadable = `${binlogStatus.statement} was refused: ${(err as Error).message}`;
  }
  const [g] = await reader.query<{ g: string | null }>(`SELECT @@GLOBAL.${binlogStatus.gtidVariable} AS g`);
  const gtid = g?.g ? String(g.g).replace(/\s+/g, '') : null;
  return unreadable ? { file, position, gtid, unreadable } : { file, position, gtid };
}

/** How many routines, triggers and events `schema` has (the manifest's check that they were dumped). */
export async function collectObjectCounts(reader: SqlReader, schema: string): Promise<{ routines: number; triggers: number; events: number }> {
  const count = async (sql: string): Promise<number> => Number((await reader.query<{ n: number }>(sql, [schema]))[0]?.n ?? 0);
  return {
    routines: await count('SELECT COUNT(*) AS n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?'),
    triggers: await count('SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?'),
    events: await count('SELECT COUNT(*) AS n FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?'),
  };
}

/** Columns whose default is an expression (EXTRA DEFAULT_GENERATED; MySQL 8.0.13+), which old mydumper leaves out of its dumps. */
export async function collectExpressionDefaultColumns(reader: SqlReader, schema: string): Promise<Array<{ table: string; column: string }>> {
  const rows = await reader.query<{ t: string; c: string }>(
    `SELECT c.TABLE_NAME AS t, c.COLUMN_NAME AS c FROM information_schema.COLUMNS c
       JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME AND t.TABLE_TYPE = 'BASE TABLE'
      WHERE c.TABLE_SCHEMA = ? AND c.EXTRA LIKE '%DEFAULT_GENERATED%' ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
    [schema],
  );
  return rows.map((r) => ({ table: String(r.t), column: String(r.c) }));
}
