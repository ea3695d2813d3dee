/**
 * The audit log: one row per executed (or stopped, or skipped) plan step. Append-only. Passwords
 * in a step's SQL (and in the server's error quoting it) are redacted before the row is written,
 * and again when rows are read, for rows written before redaction existed.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../../shared/contract/actions';
import { redactSecrets, redactWithEchoes } from './redact-secrets';

/** Appends to and reads the audit log. */
export class AuditRepo {
  constructor(private readonly db: Database.Database) {}

  /** Appends one row and returns its id. */
  append(entry: Omit<AuditEntry, 'id'>): number {
    const r = this.db
      .prepare(
        `INSERT INTO audit_log (at, actor, connection_id, connection_name, planner, plan_title, plan_hash, step_id, sql, status, message, duration_ms, rollback)
         VALUES (@at, @actor, @connectionId, @connectionName, @planner, @planTitle, @planHash, @stepId, @sql, @status, @message, @durationMs, @rollback)`,
      )
      .run(redactEntry(entry));
    return Number(r.lastInsertRowid);
  }

  /** Newest first, optionally for one connection. */
  list(connectionId: string | undefined, limit: number): AuditEntry[] {
    const rows = connectionId
      ? this.db.prepare('SELECT * FROM audit_log WHERE connection_id = ? ORDER BY id DESC LIMIT ?').all(connectionId, limit)
      : this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit);
    return (rows as Record<string, unknown>[]).map((r) =>
      redactEntry({
        id: Number(r.id),
        at: String(r.at),
        actor: String(r.actor),
        connectionId: String(r.connection_id),
        connectionName: String(r.connection_name),
        planner: String(r.planner),
        planTitle: String(r.plan_title),
        planHash: String(r.plan_hash),
        stepId: String(r.step_id),
        sql: String(r.sql),
        status: r.status as AuditEntry['status'],
        message: String(r.message),
        durationMs: Number(r.duration_ms),
        rollback: r.rollback === null ? null : String(r.rollback),
      }),
    );
  }
}

/** The entry with every password it holds replaced by '<redacted>'. */
function redactEntry<E extends Omit<AuditEntry, 'id'>>(entry: E): E {
  const { sql, echoes } = redactWithEchoes(entry.sql, [entry.message, entry.planTitle]);
  return { ...entry, sql, message: echoes[0]!, planTitle: echoes[1]!, rollback: entry.rollback === null ? null : redactSecrets(entry.rollback) };
}
