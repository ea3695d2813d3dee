/**
 * A read session on a MySQL-family server: what collectors and services use. Every statement
 * runs under the connection's statement time limit and through the read guard (read-guard.ts):
 * classified, checked for functions and views that may act, and run inside a read-only
 * transaction that is rolled back. Writes go through the plan executor's writer only.
 */
import type mysql from 'mysql2/promise';
import type { Flavor } from '../../shared/contract/connections';
import type { ConnectionConfig } from '../store/connections.repo';
import { mapDriverError } from './errors';
import { connectMysql } from './mysql-connect';
import { ReadGuard } from './read-guard';
import type { SqlReader } from './sql-reader';

/** An open read session. */
export class MysqlSession implements SqlReader {
  private constructor(
    private readonly conn: mysql.Connection,
    readonly flavor: Flavor,
    private readonly endpoint: { host: string; port: number; socket?: string },
    private readonly guard: ReadGuard,
  ) {}

  /** Opens a session, applies the statement time limit and makes it read-only. */
  static async open(cfg: ConnectionConfig): Promise<MysqlSession> {
    const { conn, flavor } = await connectMysql(cfg);
    const endpoint = { host: cfg.host, port: cfg.port, socket: cfg.socket || undefined };
    const limit = flavor.capabilities.statementTimeLimit;
    try {
      if (limit === 'max_execution_time') await conn.query('SET SESSION max_execution_time = ?', [cfg.readTimeoutMs]);
      if (limit === 'max_statement_time') await conn.query('SET SESSION max_statement_time = ?', [cfg.readTimeoutMs / 1000]);
      return new MysqlSession(conn, flavor, endpoint, await ReadGuard.install(conn, flavor));
    } catch (err) {
      conn.destroy();
      throw mapDriverError(err, endpoint);
    }
  }

  /**
   * Runs one read statement; refuses anything that could write. Parameters are bound before the
   * guard looks, so it judges exactly the text the server receives.
   */
  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const text = params.length > 0 ? this.conn.format(sql, params as unknown[]) : sql;
    try {
      const statement = await this.guard.admit(text);
      return await this.guard.within(statement, async () => (await this.conn.query(text))[0] as T[]);
    } catch (err) {
      throw mapDriverError(err, this.endpoint);
    }
  }

  /** Closes the session (errors on close are ignored: the server may be gone). */
  async close(): Promise<void> {
    try {
      await this.conn.end();
    } catch {
      this.conn.destroy();
    }
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
