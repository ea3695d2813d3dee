/**
 * Rows written before redaction existed: the audit log and the editor history are rewritten on
 * start with their passwords redacted, so the clear text leaves the disk (the workspace runs with
 * `secure_delete`, which zeroes the old content) instead of only being hidden when read.
 */
import type Database from 'better-sqlite3';
import { redactSecrets, redactWithEchoes } from './redact-secrets';

/** SQLite's LIKE ignores ASCII case: a cheap filter before the tokenizer looks. */
const maybe = (c: string): string => `(${c} LIKE '%password%' OR ${c} LIKE '%identified%' OR ${c} LIKE '%authentication_string%')`;

/** Redacts stored audit and history rows in place; returns how many rows changed. */
export function redactStoredStatements(db: Database.Database): number {
  let changed = 0;
  db.transaction(() => {
    const audit = db.prepare(`SELECT id, sql, message, plan_title, rollback FROM audit_log WHERE ${maybe('sql')} OR ${maybe('rollback')}`).all() as Array<{
      id: number;
      sql: string;
      message: string;
      plan_title: string;
      rollback: string | null;
    }>;
    const updateAudit = db.prepare('UPDATE audit_log SET sql = ?, message = ?, plan_title = ?, rollback = ? WHERE id = ?');
    for (const r of audit) {
      const { sql, echoes } = redactWithEchoes(r.sql, [r.message, r.plan_title]);
      const rollback = r.rollback === null ? null : redactSecrets(r.rollback);
      if (sql !== r.sql || echoes[0] !== r.message || echoes[1] !== r.plan_title || rollback !== r.rollback) {
        updateAudit.run(sql, echoes[0], echoes[1], rollback, r.id);
        changed++;
      }
    }
    const history = db.prepare(`SELECT id, text FROM history WHERE ${maybe('text')}`).all() as Array<{ id: number; text: string }>;
    const updateHistory = db.prepare('UPDATE history SET text = ? WHERE id = ?');
    for (const r of history) {
      const text = redactSecrets(r.text);
      if (text !== r.text) {
        updateHistory.run(text, r.id);
        changed++;
      }
    }
  })();
  return changed;
}
