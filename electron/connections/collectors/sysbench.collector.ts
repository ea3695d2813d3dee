/**
 * What the server knows about a sysbench run: whether its scratch database and account exist,
 * the size of what prepare wrote (its tablespace files), and the statements performance_schema
 * counted for the run's own account (so other clients of the server do not blur the count).
 * Read-only.
 */
import { AppError } from '../../../shared/contract/core';
import type { SqlReader } from '../sql-reader';

/** The scratch database and account as the server sees them. */
export interface ScratchState {
  database: boolean;
  /** Null when this connection may not read mysql.user. */
  account: boolean | null;
  tables: number;
  bytes: number;
}

/** Reads the scratch state. */
export async function collectScratchState(reader: SqlReader, scratch: string): Promise<ScratchState> {
  const [db] = await reader.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [scratch]);
  const [t] = await reader.query<{ n: unknown; b: unknown }>(
    'SELECT COUNT(*) AS n, COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) AS b FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    [scratch],
  );
  const files = await tablespaceBytes(reader, scratch);
  let account: boolean | null = null;
  try {
    const [u] = await reader.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM mysql.user WHERE User = ?', [scratch]);
    account = Number(u?.n ?? 0) > 0;
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONNECTION_LOST') throw e;
    account = null;
  }
  return { database: Number(db?.n ?? 0) > 0, account, tables: Number(t?.n ?? 0), bytes: files ?? Number(t?.b ?? 0) };
}

/**
 * Bytes of the database's InnoDB tablespace files, read live (MySQL's information_schema.TABLES
 * caches sizes for information_schema_stats_expiry, a day by default, so a just-prepared table
 * reads as empty there); null when neither server's tablespace view is readable.
 */
async function tablespaceBytes(reader: SqlReader, scratch: string): Promise<number | null> {
  for (const view of ['information_schema.INNODB_TABLESPACES', 'information_schema.INNODB_SYS_TABLESPACES']) {
    try {
      const [r] = await reader.query<{ b: unknown }>(`SELECT SUM(FILE_SIZE) AS b FROM ${view} WHERE SUBSTRING_INDEX(NAME, '/', 1) = ?`, [scratch]);
      if (r?.b !== null && r?.b !== undefined) return Number(r.b);
    } catch (e) {
      if (e instanceof AppError && e.code === 'CONNECTION_LOST') throw e;
      // this flavor names the view differently: try the other
    }
  }
  return null;
}

/**
 * Statements performance_schema counted for one account, by event name (statement/com/Execute for
 * prepared statements, statement/sql/… for plain ones), or null when it is off or not readable.
 */
export async function collectAccountStatements(reader: SqlReader, user: string): Promise<Record<string, number> | null> {
  try {
    const rows = await reader.query<{ e: unknown; n: unknown }>(
      'SELECT EVENT_NAME AS e, COUNT_STAR AS n FROM performance_schema.events_statements_summary_by_user_by_event_name WHERE USER = ? AND COUNT_STAR > 0',
      [user],
    );
    return Object.fromEntries(rows.map((r) => [String(r.e), Number(r.n)]));
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONNECTION_LOST') throw e;
    return null;
  }
}
