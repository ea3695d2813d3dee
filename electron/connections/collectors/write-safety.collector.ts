/**
 * What decides whether a write can be run and rolled back (ANALYZE of a write): each named
 * table's engine and whether it is transactional, its triggers, the stored functions a statement
 * calls (directly or through views); and a content checksum per table to show the data unchanged
 * afterwards. Reads only, through the read guard: a checksum of a view that calls a function that
 * may write is refused (READ_ONLY) rather than computed.
 */
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import type { TableFacts } from '../../engines/explain/analyze-write';
import { functionsReached, referencesOf } from '../../engines/sql-parse/routine-effects';
import type { SqlReader } from '../sql-reader';
import { collectTableStats } from './table-stats.collector';

/** Tables past this many rows get the server's estimate instead of an exact count and checksum. */
export const EXACT_ROWS_LIMIT = 2_000_000;

/** Engine, transactionality, triggers and row count of each table (engine null when it is not a base table). */
export async function collectWriteSafety(reader: SqlReader, tables: ReadonlyArray<{ schema: string; table: string; op: string }>): Promise<TableFacts[]> {
  if (!tables.length) return [];
  const stats = await collectTableStats(
    reader,
    tables.map((t) => ({ schema: t.schema, table: t.table })),
  );
  const engines = await reader.query<{ e: string; tx: string | null }>('SELECT ENGINE AS e, TRANSACTIONS AS tx FROM information_schema.ENGINES');
  const txByEngine = new Map(engines.map((r) => [String(r.e).toLowerCase(), String(r.tx ?? '').toUpperCase() === 'YES']));
  const triggers = await reader.query<{ s: string; t: string; name: string }>(
    `SELECT EVENT_OBJECT_SCHEMA AS s, EVENT_OBJECT_TABLE AS t, TRIGGER_NAME AS name FROM information_schema.TRIGGERS
      WHERE ${tables.map(() => '(EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ?)').join(' OR ')}`,
    tables.flatMap((t) => [t.schema, t.table]),
  );
  const out: TableFacts[] = [];
  for (const t of tables) {
    const st = stats.find((s) => s.schema === t.schema && s.table === t.table);
    const engine = st?.engine ?? null;
    const rows = st ? await exactRows(reader, t.schema, t.table, st.rows) : null;
    out.push({
      schema: t.schema,
      table: t.table,
      op: t.op,
      engine,
      transactional: engine !== null && (txByEngine.get(engine.toLowerCase()) ?? false),
      triggers: triggers.filter((g) => g.s === t.schema && g.t === t.table).map((g) => g.name),
      rows,
    });
  }
  return out;
}

async function exactRows(reader: SqlReader, schema: string, table: string, estimate: number | null): Promise<number | null> {
  if (estimate !== null && estimate >= EXACT_ROWS_LIMIT) return estimate;
  const [row] = await reader.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteQualified(schema, table)}`);
  return row ? Number(row.n) : null;
}

/**
 * User-defined stored functions (schema.name) the statement would run: the ones it calls (read
 * from its tokens, so a name in a string or comment does not count) and the ones the views it
 * names call, through views of views. Unqualified names resolve in `home` (the session's database
 * when not given).
 */
export async function collectCalledFunctions(reader: SqlReader, sql: string, home?: string | null): Promise<string[]> {
  const refs = referencesOf(sql);
  if (!refs) return [];
  const db = home !== undefined ? home : ((await reader.query<{ db: string | null }>('SELECT DATABASE() AS db'))[0]?.db ?? null);
  const functions = await reader.query<{ schema: string; name: string }>(
    "SELECT ROUTINE_SCHEMA AS `schema`, ROUTINE_NAME AS name FROM information_schema.ROUTINES WHERE ROUTINE_TYPE = 'FUNCTION' AND ROUTINE_SCHEMA NOT IN ('mysql', 'sys')",
  );
  const views = await reader.query<{ schema: string; name: string; definition: string | null }>(
    "SELECT TABLE_SCHEMA AS `schema`, TABLE_NAME AS name, VIEW_DEFINITION AS definition FROM information_schema.VIEWS WHERE TABLE_SCHEMA NOT IN ('mysql', 'sys')",
  );
  return functionsReached(refs, functions, views, db);
}

/** Row count and an order-independent checksum of every column (BIT_XOR of per-row CRC32), or nulls for tables past the limit. */
export async function collectTableChecksum(reader: SqlReader, schema: string, table: string): Promise<{ rows: number | null; checksum: string | null }> {
  const [est] = await collectTableStats(reader, [{ schema, table }]);
  if (!est) return { rows: null, checksum: null };
  if (est.rows !== null && est.rows >= EXACT_ROWS_LIMIT) return { rows: est.rows, checksum: null };
  const cols = await reader.query<{ c: string }>(
    'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [schema, table],
  );
  const names = cols.map((c) => quoteIdent(c.c));
  // CONCAT_WS skips NULLs, so the ISNULL flags tell NULL from an empty string.
  const row = `CONCAT_WS('|', ${names.join(', ')}, ${names.map((n) => `ISNULL(${n})`).join(', ')})`;
  const [r] = await reader.query<{ n: number; crc: string | number | null }>(
    `SELECT COUNT(*) AS n, BIT_XOR(CRC32(${row})) AS crc FROM ${quoteQualified(schema, table)}`,
  );
  return { rows: r ? Number(r.n) : null, checksum: r?.crc == null ? null : String(r.crc) };
}
