/**
 * The write path to a MySQL-family server. Only the plan executor (electron/actions) may import
 * this module — the linter enforces it — so every change is previewed, hashed and audited.
 */
import type { Flavor } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import type { ConnectionConfig } from '../store/connections.repo';
import { mapDriverError } from './errors';
import { closeMysql, connectMysql } from './mysql-connect';

/** A connection that executes plan steps. */
export interface MysqlWriter {
  readonly flavor: Flavor;
  /** Executes one statement; resolves to the server's summary line. */
  execute(sql: string): Promise<string>;
  close(): Promise<void>;
  /**
   * Executes one statement with `?` parameters and returns its rows (a result set) or its
   * affected-row count: the purge's chunk loop reads each chunk's bound and counts its DELETE.
   */
  run(sql: string, params: readonly unknown[]): Promise<{ rows: Array<Record<string, unknown>> | null; affectedRows: number }>;
}

/** Opens a writer with a metadata-lock wait limit so a step never queues behind a long transaction forever. */
export async function openMysqlWriter(cfg: ConnectionConfig, lockWaitSeconds: number): Promise<MysqlWriter> {
  const { conn, flavor, watch } = await connectMysql(cfg);
  const endpoint = watch.endpoint;
  try {
    await conn.query('SET SESSION lock_wait_timeout = ?', [lockWaitSeconds]);
    await conn.query('SET SESSION innodb_lock_wait_timeout = ?', [lockWaitSeconds]);
  } catch (err) {
    conn.destroy();
    throw mapDriverError(err, endpoint);
  }
  return {
    flavor,
    async execute(sql) {
      // Known dead before sending: the server never saw this statement, so its outcome is known.
      if (watch.lost) throw new AppError('CONNECTION_LOST', `${watch.lost.message} (before this step was sent)`, { sent: false });
      // No time limit (a DDL step may run for hours), but a dropped connection ends the wait.
      const [result] = await watch.guard(() => conn.query(sql), null);
      return summarize(result);
    },
    async close() {
      await closeMysql(conn, watch);
    },
    async run(sql, params) {
      if (watch.lost) throw new AppError('CONNECTION_LOST', `${watch.lost.message} (before this statement was sent)`, { sent: false });
      const [result] = await watch.guard(() => conn.query(sql, params as unknown[]), null);
      if (Array.isArray(result)) return { rows: result as Array<Record<string, unknown>>, affectedRows: 0 };
      return { rows: null, affectedRows: Number((result as { affectedRows?: number }).affectedRows ?? 0) };
    },
  };
}

function summarize(result: unknown): string {
  if (Array.isArray(result)) {
    // EXPLAIN ANALYZE (MySQL) / ANALYZE FORMAT=JSON (MariaDB) of a write: the plan text is the result.
    const plan = result.length === 1 ? (result[0] as Record<string, unknown>) : null;
    if (plan && Object.keys(plan).length === 1 && ('EXPLAIN' in plan || 'ANALYZE' in plan)) return String(plan.EXPLAIN ?? plan.ANALYZE ?? '');
    // ANALYZE/OPTIMIZE TABLE return rows (Table, Op, Msg_type, Msg_text): surface the messages.
    const msgs = (result as Array<Record<string, unknown>>)
      .filter((r) => r && typeof r === 'object' && 'Msg_text' in r)
      .map((r) => `${String(r.Table)}: ${String(r.Msg_type)} ${String(r.Msg_text)}`);
    return msgs.length ? msgs.join('; ') : `${result.length} row(s)`;
  }
  const r = result as { affectedRows?: number; info?: string; warningStatus?: number };
  return `${r.affectedRows ?? 0} row(s) affected${r.info ? ` (${r.info})` : ''}${r.warningStatus ? `, ${r.warningStatus} warning(s)` : ''}`;
}
