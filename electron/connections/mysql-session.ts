/**
 * A read session on a MySQL-family server: what collectors and services use. Every statement
 * runs under the connection's statement time limit and through the read guard (read-guard.ts):
 * classified, checked for functions and views that may act, and run inside a read-only
 * transaction that is rolled back. Writes go through the plan executor's writer only. A call
 * settles (CONNECTION_LOST) when the connection dies or stays silent past the time limit.
 */
import type mysql from 'mysql2/promise';
import type { Flavor } from '../../shared/contract/connections';
import type { AppError } from '../../shared/contract/core';
import type { ConnectionConfig } from '../store/connections.repo';
import { mapDriverError } from './errors';
import { closeMysql, connectMysql, LOST_GRACE_MS, type ConnectionWatch } from './mysql-connect';
import { ReadGuard } from './read-guard';
import { readOutcomeOf, type ReadOutcome, type SqlReader } from './sql-reader';

/** An open read session. */
export class MysqlSession implements SqlReader {
  private constructor(
    private readonly conn: mysql.Connection,
    readonly flavor: Flavor,
    private readonly endpoint: { host: string; port: number; socket?: string },
    private readonly watch: ConnectionWatch,
    private readonly answerWithinMs: number,
    private readonly guard: ReadGuard,
  ) {}

  /** Opens a session, applies the statement time limit and makes it read-only. */
  static async open(cfg: ConnectionConfig): Promise<MysqlSession> {
    const { conn, flavor, watch } = await connectMysql(cfg);
    const endpoint = watch.endpoint;
    const answerWithinMs = cfg.readTimeoutMs + LOST_GRACE_MS;
    const limit = flavor.capabilities.statementTimeLimit;
    try {
      return await watch.guard(async () => {
        if (limit === 'max_execution_time') await conn.query('SET SESSION max_execution_time = ?', [cfg.readTimeoutMs]);
        if (limit === 'max_statement_time') await conn.query('SET SESSION max_statement_time = ?', [cfg.readTimeoutMs / 1000]);
        return new MysqlSession(conn, flavor, endpoint, watch, answerWithinMs, await ReadGuard.install(conn, flavor));
      }, answerWithinMs);
    } catch (err) {
      await closeMysql(conn, watch);
      throw mapDriverError(err, endpoint);
    }
  }

  /**
   * From now on every statement of this session sees one consistent snapshot, taken now and held
   * (read-only, rolled back) until the session closes: ReadGuard.holdSnapshot.
   */
  async holdSnapshot(): Promise<void> {
    try {
      await this.watch.guard(() => this.guard.holdSnapshot(), this.answerWithinMs);
    } catch (err) {
      throw mapDriverError(err, this.endpoint);
    }
  }

  /** Runs one read statement; refuses anything that could write. An OK packet (no result set) reads as no rows. */
  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const out = await this.read<T>(sql, params);
    return out.kind === 'rows' ? out.rows : [];
  }

  /**
   * Runs one read statement and says what the server answered: rows, or an OK packet's
   * affected-row and warning counts. Parameters are bound before the guard looks, so it judges
   * exactly the text the server receives.
   */
  async read<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<ReadOutcome<T>> {
    const text = params.length > 0 ? this.conn.format(sql, params as unknown[]) : sql;
    try {
      const [result] = await this.watch.guard(async () => {
        const statement = await this.guard.admit(text);
        return this.guard.within(statement, () => this.conn.query(text));
      }, this.answerWithinMs);
      return readOutcomeOf<T>(result);
    } catch (err) {
      throw mapDriverError(err, this.endpoint);
    }
  }

  /** Calls `fn` when the session's connection dies (a wait between statements can then end at once); returns the unsubscribe. */
  onLost(fn: (err: AppError) => void): () => void {
    return this.watch.onLost(fn);
  }

  /** Closes the session (never waits on a dead connection). */
  async close(): Promise<void> {
    await closeMysql(this.conn, this.watch);
  }
}

/** Opens a session, runs `fn`, always closes. */
export async function withMysqlSession<T>(cfg: ConnectionConfig, fn: (s: MysqlSession) => Promise<T>): Promise<T> {
  const s = await MysqlSession.open(cfg);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
