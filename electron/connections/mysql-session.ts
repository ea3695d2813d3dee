/**
 * A read session on a MySQL-family server: what collectors and services use. Every statement
 * runs under the connection's statement time limit, and statements that could write are refused
 * here: writes go through the plan executor's writer only.
 */
import type mysql from 'mysql2/promise';
import type { Flavor } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import type { ConnectionConfig } from '../store/connections.repo';
import { mapDriverError } from './errors';
import { closeMysql, connectMysql, LOST_GRACE_MS, type ConnectionWatch } from './mysql-connect';
import { readOutcomeOf, type ReadOutcome, type SqlReader } from './sql-reader';

// EXPLAIN ANALYZE (MySQL) and ANALYZE (MariaDB) execute the statement, so they pass only in front of a read.
const READ_START =
  /^\s*(?:\/\*(?!!)[\s\S]*?\*\/\s*)*(?:select|show|describe|desc|with|\(|explain\s+analyze\s+(?:format\s*=\s*\w+\s+)?(?:select|with|table|\()|explain(?!\s+analyze)|analyze\s+(?:format\s*=\s*\w+\s+)?(?:select|with|\())/i;

/** True when a statement can only read (the session's guard). */
export function isReadStatement(sql: string): boolean {
  return READ_START.test(sql);
}

/** An open read session. */
export class MysqlSession implements SqlReader {
  private constructor(
    private readonly conn: mysql.Connection,
    readonly flavor: Flavor,
    private readonly endpoint: { host: string; port: number; socket?: string },
    private readonly watch: ConnectionWatch,
    private readonly answerWithinMs: number,
  ) {}

  /** Opens a session and applies the statement time limit. */
  static async open(cfg: ConnectionConfig): Promise<MysqlSession> {
    const { conn, flavor, watch } = await connectMysql(cfg);
    const session = new MysqlSession(conn, flavor, watch.endpoint, watch, cfg.readTimeoutMs + LOST_GRACE_MS);
    const limit = flavor.capabilities.statementTimeLimit;
    try {
      if (limit === 'max_execution_time') await conn.query('SET SESSION max_execution_time = ?', [cfg.readTimeoutMs]);
      if (limit === 'max_statement_time') await conn.query('SET SESSION max_statement_time = ?', [cfg.readTimeoutMs / 1000]);
    } catch (err) {
      await session.close();
      throw mapDriverError(err, session.endpoint);
    }
    return session;
  }

  /** Runs one read statement; refuses anything that could write. An OK packet (no result set) reads as no rows. */
  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const out = await this.read<T>(sql, params);
    return out.kind === 'rows' ? out.rows : [];
  }

  /**
   * Runs one read statement and says what the server answered: rows, or an OK packet's
   * affected-row and warning counts. Settles (CONNECTION_LOST) when the connection dies or stays
   * silent past the statement time limit.
   */
  async read<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<ReadOutcome<T>> {
    if (!isReadStatement(sql)) throw new AppError('READ_ONLY', `Refused on a read session (writes go through a previewed plan): ${sql.slice(0, 80)}`);
    const [result] = await this.watch.guard(() => this.conn.query({ sql, values: params as unknown[] }), this.answerWithinMs);
    return readOutcomeOf<T>(result);
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
