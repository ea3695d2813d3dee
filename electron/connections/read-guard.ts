/**
 * The read-only promise of a read connection (the read session, the editor's runner, the EXPLAIN,
 * advisor-verify and preview paths all go through one), in three layers:
 * 1. the classifier (engines/sql-parse/read-statement) refuses what is not one plain read;
 * 2. stored functions, loadable functions and views that may act (engines/sql-parse/routine-effects)
 *    are not evaluated: a statement naming one is refused with the reason;
 * 3. the server has the last word: the session is `SET SESSION TRANSACTION READ ONLY` and every
 *    statement runs inside `START TRANSACTION READ ONLY … ROLLBACK`.
 *
 * What a READ ONLY transaction stops and what it does not, measured on MariaDB 10.11.19 and MySQL
 * 9.7.4 (ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION, 1792, unless said otherwise):
 * - stopped: INSERT/UPDATE/DELETE on InnoDB and MyISAM tables, also from inside a stored function
 *   (`SELECT f()`, a view calling f, EXPLAIN evaluating f); CREATE TABLE and CREATE TEMPORARY TABLE
 *   (DDL commits the open transaction implicitly, but the next one is read-only again because the
 *   session characteristic is); TRUNCATE, OPTIMIZE, LOCK TABLES … WRITE, CREATE USER, SET PASSWORD
 *   (MariaDB); SELECT … FOR UPDATE; MariaDB's NEXTVAL/SETVAL on a sequence.
 * - not stopped: SET GLOBAL (also from inside a function), GET_LOCK / RELEASE_ALL_LOCKS, SELECT …
 *   INTO OUTFILE (MariaDB wrote the file; MySQL refused it only by secure_file_priv), FLUSH STATUS,
 *   ANALYZE TABLE (MariaDB updated the statistics). The classifier and the function check close these.
 * - too much: EXPLAIN UPDATE/DELETE/INSERT is refused too, though it runs nothing. EXPLAIN of a write
 *   therefore runs in a READ WRITE transaction that is rolled back, only after layers 1 and 2 passed
 *   (no executable comment, INTO or locking read; every function it calls proven side-effect free).
 * https://dev.mysql.com/doc/refman/8.4/en/set-transaction.html#set-transaction-access-mode
 * https://dev.mysql.com/doc/refman/8.4/en/commit.html
 * https://mariadb.com/kb/en/start-transaction/#access-mode
 */
import type mysql from 'mysql2/promise';
import type { Flavor } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import { classifyRead, type ReadStatement } from '../engines/sql-parse/read-statement';
import { describeUnsafe, effectIndex, unsafeReferences, type EffectIndex, type StoredFunctionFact, type ViewFact } from '../engines/sql-parse/routine-effects';
import { lexOptionsOf, type LexOptions } from '../engines/sql-parse/sql-lexer';

const SYSTEM_SCHEMAS = "('mysql', 'sys', 'information_schema', 'performance_schema')";
/** The server's refusal inside a read-only transaction. */
const ER_READ_ONLY_TRANSACTION = 1792;

/** The guard of one read connection. */
export class ReadGuard {
  private effects: Promise<EffectIndex> | null = null;
  /** Every statement runs in the one snapshot transaction holdSnapshot opened. */
  private snapshot = false;

  private constructor(
    private readonly conn: mysql.Connection,
    private readonly flavor: Flavor,
    /** How this session's sql_mode lexes strings and quotes. */
    readonly lex: LexOptions,
    /** The session's database, where unqualified names resolve (fixed: USE is refused). */
    private readonly database: string | null,
  ) {}

  /** Makes every later transaction of the connection read-only and reads the sql_mode the classifier must lex with. */
  static async install(conn: mysql.Connection, flavor: Flavor): Promise<ReadGuard> {
    await conn.query('SET SESSION TRANSACTION READ ONLY');
    const [rows] = await conn.query('SELECT @@SESSION.sql_mode AS m, DATABASE() AS db');
    const row = (rows as Array<{ m: string | null; db: string | null }>)[0];
    return new ReadGuard(conn, flavor, lexOptionsOf(String(row?.m ?? '')), row?.db ?? null);
  }

  /** Admits one statement (already with its parameters bound) or throws READ_ONLY / BAD_INPUT with the reason. */
  async admit(sql: string): Promise<ReadStatement> {
    const v = classifyRead(sql, this.lex);
    if (!v.ok) throw new AppError(v.code, v.message, { reason: v.reason });
    const unsafe = unsafeReferences(await this.effectIndex(), v.statement.calls, v.statement.names, this.database);
    if (unsafe.length > 0) {
      throw new AppError('READ_ONLY', `Not evaluated on a read session: it would run the ${unsafe.map(describeUnsafe).join('; ')}.`, {
        reason: 'unsafe-routine',
        objects: unsafe.map((o) => `${o.schema ? `${o.schema}.` : ''}${o.name}`),
      });
    }
    return v.statement;
  }

  /**
   * Opens one READ ONLY transaction with a consistent snapshot that every later statement runs in
   * (REPEATABLE READ, so they all see the rows committed when it opened), until the session closes:
   * a backup's checksums read the very rows its dump read. An EXPLAIN of a write is then refused.
   */
  async holdSnapshot(): Promise<void> {
    await this.conn.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await this.conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    this.snapshot = true;
  }

  /** Opens the statement's transaction: READ ONLY, or READ WRITE for an EXPLAIN of a write (see the module comment). */
  async begin(statement: ReadStatement): Promise<void> {
    await this.conn.query(statement.explainsWrite ? 'START TRANSACTION READ WRITE' : 'START TRANSACTION READ ONLY');
  }

  /** Ends the statement's transaction; nothing in it is kept. A lost connection has nothing to roll back. */
  async end(): Promise<void> {
    await this.conn.query('ROLLBACK').catch(() => undefined);
  }

  /** Runs `fn` (the admitted statement) inside its transaction and rolls back (or inside the held snapshot). */
  async within<T>(statement: ReadStatement, fn: () => Promise<T>): Promise<T> {
    if (this.snapshot) {
      if (statement.explainsWrite) throw new AppError('READ_ONLY', 'An EXPLAIN of a write is not run on a snapshot session');
      try {
        return await fn();
      } catch (err) {
        throw refusedByServer(err) ?? err;
      }
    }
    await this.begin(statement);
    try {
      return await fn();
    } catch (err) {
      throw refusedByServer(err) ?? err;
    } finally {
      await this.end();
    }
  }

  /** The server's unsafe functions and views, read once per connection on first use. */
  private effectIndex(): Promise<EffectIndex> {
    this.effects ??= this.loadEffects();
    return this.effects;
  }

  private async loadEffects(): Promise<EffectIndex> {
    const [fnRows] = await this.conn.query(
      `SELECT ROUTINE_SCHEMA AS s, ROUTINE_NAME AS n, SQL_DATA_ACCESS AS a, ROUTINE_DEFINITION AS d FROM information_schema.ROUTINES
        WHERE ROUTINE_TYPE = 'FUNCTION' AND ROUTINE_SCHEMA NOT IN ${SYSTEM_SCHEMAS}`,
    );
    const functions: StoredFunctionFact[] = (fnRows as Array<{ s: string; n: string; a: string | null; d: string | null }>).map((r) => ({
      schema: r.s,
      name: r.n,
      dataAccess: r.a,
      body: r.d,
    }));
    const loadable = await this.loadableFunctions();
    const first = effectIndex(functions, loadable, []);
    if (first.functions.size === 0) return first;
    // Views matter only when some function is unsafe.
    const [viewRows] = await this.conn.query(
      `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n, VIEW_DEFINITION AS d FROM information_schema.VIEWS WHERE TABLE_SCHEMA NOT IN ${SYSTEM_SCHEMAS}`,
    );
    const views: ViewFact[] = (viewRows as Array<{ s: string; n: string; d: string | null }>).map((r) => ({ schema: r.s, name: r.n, definition: r.d }));
    return effectIndex(functions, loadable, views);
  }

  /** Loadable (UDF) function names: MySQL lists them in performance_schema, MariaDB in mysql.func. */
  private async loadableFunctions(): Promise<string[]> {
    const sql = this.flavor.product === 'mariadb' ? 'SELECT name AS n FROM mysql.func' : 'SELECT UDF_NAME AS n FROM performance_schema.user_defined_functions';
    try {
      const [rows] = await this.conn.query(sql);
      return (rows as Array<{ n: string }>).map((r) => String(r.n));
    } catch {
      // Not readable by this account: loadable functions stay unknown here, and only the read-only transaction stands in front of them.
      return [];
    }
  }
}

/** The server's own read-only refusal as READ_ONLY, keeping its code and number. */
export function refusedByServer(err: unknown): AppError | null {
  const e = err as { errno?: number; code?: string; sqlState?: string; message?: string };
  if (e?.errno !== ER_READ_ONLY_TRANSACTION) return null;
  return new AppError('READ_ONLY', `The server refused a write inside the read-only transaction: ${e.message ?? ''}`, {
    code: e.code,
    errno: e.errno,
    sqlState: e.sqlState,
  });
}
