/**
 * The write path to a MySQL-family server. Only the plan executor (electron/actions) may import
 * this module — the linter enforces it — so every change is previewed, hashed and audited.
 */
import type { Flavor } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import type { ArchiveColumn, RawRow } from '../engines/purge/archive-file';
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
  /**
   * Runs a SELECT and returns each value as the exact bytes the server sent (its text form, raw
   * bytes for binary columns): the purge's archive file writes them unchanged, so a file loads
   * back to the very values that were deleted (no Date, float or timezone conversion on the way).
   */
  fetchRaw(sql: string, params: readonly unknown[]): Promise<{ columns: ArchiveColumn[]; rows: RawRow[] }>;
}

// Column types as the protocol numbers them (https://dev.mysql.com/doc/dev/mysql-server/latest/field__types_8h.html).
const NUMBER_TYPES = new Set([0, 1, 2, 3, 4, 5, 8, 9, 13, 246]);
const BYTE_TYPES = new Set([15, 16, 249, 250, 251, 252, 253, 254, 255]);
const BINARY_CHARSET = 63;

function archiveColumn(f: { name: string; columnType?: number; characterSet?: number }): ArchiveColumn {
  const type = Number(f.columnType);
  if (NUMBER_TYPES.has(type)) return { name: f.name, kind: 'number' };
  // Numeric and temporal columns also report the binary charset; only string-like ones hold bytes.
  if (BYTE_TYPES.has(type) && (f.characterSet === BINARY_CHARSET || type === 16)) return { name: f.name, kind: 'binary' };
  return { name: f.name, kind: 'text' };
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
    async fetchRaw(sql, params) {
      if (watch.lost) throw new AppError('CONNECTION_LOST', `${watch.lost.message} (before this statement was sent)`, { sent: false });
      const [rows, fields] = await watch.guard(() => conn.query({ sql, values: params as unknown[], rowsAsArray: true, typeCast: false }), null);
      const cols = (fields as unknown as Array<{ name: string; columnType?: number; characterSet?: number }>) ?? [];
      return { columns: cols.map(archiveColumn), rows: rows as unknown as RawRow[] };
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
