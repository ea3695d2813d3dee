/**
 * The dashboard's history in the workspace: raw samples for 6 hours, minute averages for 7 days
 * (so a week is ~10k rows per server, not a row every few seconds), the alert events, and the
 * user's alert rules. Its tables belong to the monitor alone and are created on first use, so
 * the shared migration list does not grow a step per feature.
 */
import type Database from 'better-sqlite3';
import { alertRule, monitorSample, type AlertEvent, type AlertRule, type MonitorSample } from '../../shared/contract/monitor';
import { downsample } from '../engines/monitor/downsample';

/** Raw samples older than this are dropped (their minute averages stay). */
export const RAW_RETENTION_MS = 6 * 3600_000;
/** Minute averages older than this are dropped: the longest range the dashboard shows. */
export const MINUTE_RETENTION_MS = 7 * 86_400_000;
const RULES_KEY = 'monitor.rules';

/** Reads and writes monitoring history. */
export class MonitorHistoryRepo {
  private inserts = 0;

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS monitor_samples (
               connection_id TEXT NOT NULL,
               resolution INTEGER NOT NULL,
               at_ms INTEGER NOT NULL,
               payload TEXT NOT NULL,
               PRIMARY KEY (connection_id, resolution, at_ms)
             ) WITHOUT ROWID;
             CREATE TABLE IF NOT EXISTS monitor_alerts (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               connection_id TEXT NOT NULL,
               at TEXT NOT NULL,
               rule_id TEXT NOT NULL,
               severity TEXT NOT NULL,
               state TEXT NOT NULL,
               since TEXT NOT NULL,
               value REAL,
               message TEXT NOT NULL,
               notify INTEGER NOT NULL
             );
             CREATE INDEX IF NOT EXISTS monitor_alerts_connection ON monitor_alerts(connection_id, id);`);
  }

  /** Stores one raw sample; every 30 inserts rolls finished minutes up and applies retention. */
  add(connectionId: string, sample: MonitorSample, nowMs = Date.now()): void {
    this.db
      .prepare('INSERT OR REPLACE INTO monitor_samples (connection_id, resolution, at_ms, payload) VALUES (?, 0, ?, ?)')
      .run(connectionId, Date.parse(sample.at), JSON.stringify(sample));
    if (++this.inserts % 30 === 0) this.compact(connectionId, nowMs);
  }

  /** Rolls raw samples of finished minutes into minute averages, then drops what is past retention. */
  compact(connectionId: string, nowMs = Date.now()): void {
    const last = this.db.prepare('SELECT MAX(at_ms) AS m FROM monitor_samples WHERE connection_id = ? AND resolution = 60').get(connectionId) as {
      m: number | null;
    };
    const from = last.m === null ? 0 : last.m + 60_000;
    const until = Math.floor(nowMs / 60_000) * 60_000; // the current minute is not finished
    const raw = this.read(connectionId, 0, from, until - 1);
    const insert = this.db.prepare('INSERT OR REPLACE INTO monitor_samples (connection_id, resolution, at_ms, payload) VALUES (?, 60, ?, ?)');
    this.db.transaction(() => {
      for (const m of downsample(raw, 60)) insert.run(connectionId, Date.parse(m.at), JSON.stringify(m));
      this.db.prepare('DELETE FROM monitor_samples WHERE connection_id = ? AND resolution = 0 AND at_ms < ?').run(connectionId, nowMs - RAW_RETENTION_MS);
      this.db.prepare('DELETE FROM monitor_samples WHERE connection_id = ? AND resolution = 60 AND at_ms < ?').run(connectionId, nowMs - MINUTE_RETENTION_MS);
    })();
  }

  private read(connectionId: string, resolution: 0 | 60, fromMs: number, toMs: number): MonitorSample[] {
    const rows = this.db
      .prepare('SELECT payload FROM monitor_samples WHERE connection_id = ? AND resolution = ? AND at_ms BETWEEN ? AND ? ORDER BY at_ms')
      .all(connectionId, resolution, fromMs, toMs) as Array<{ payload: string }>;
    return rows.map((r) => monitorSample.parse(JSON.parse(r.payload)));
  }

  /** Samples in [from, to]: raw where kept, minute averages before that. */
  range(connectionId: string, fromMs: number, toMs: number, nowMs = Date.now()): MonitorSample[] {
    const rawFrom = Math.max(fromMs, nowMs - RAW_RETENTION_MS);
    const raw = this.read(connectionId, 0, rawFrom, toMs);
    const oldestRaw = raw.length ? Date.parse(raw[0]!.at) : toMs + 1;
    const minutes = fromMs < oldestRaw ? this.read(connectionId, 60, fromMs, Math.min(toMs, oldestRaw - 60_000)) : [];
    return [...minutes, ...raw];
  }

  /** Records alert events. */
  addEvents(connectionId: string, events: readonly AlertEvent[]): void {
    const insert = this.db.prepare(
      'INSERT INTO monitor_alerts (connection_id, at, rule_id, severity, state, since, value, message, notify) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const e of events) insert.run(connectionId, e.at, e.ruleId, e.severity, e.state, e.since, e.value, e.message, e.notify ? 1 : 0);
    })();
  }

  /** Alert events, newest first. */
  events(connectionId: string | undefined, limit: number): Array<AlertEvent & { connectionId: string }> {
    const rows = (
      connectionId
        ? this.db.prepare('SELECT * FROM monitor_alerts WHERE connection_id = ? ORDER BY id DESC LIMIT ?').all(connectionId, limit)
        : this.db.prepare('SELECT * FROM monitor_alerts ORDER BY id DESC LIMIT ?').all(limit)
    ) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      connectionId: String(r.connection_id),
      ruleId: String(r.rule_id),
      severity: r.severity as AlertEvent['severity'],
      state: r.state as AlertEvent['state'],
      at: String(r.at),
      since: String(r.since),
      value: r.value === null ? null : Number(r.value),
      message: String(r.message),
      notify: Number(r.notify) === 1,
    }));
  }

  /** The user's rules, or null when they never saved any. */
  rules(): AlertRule[] | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(RULES_KEY) as { value: string } | undefined;
    return row ? alertRule.array().parse(JSON.parse(row.value)) : null;
  }

  /** Forgets the user's rules: the shipped defaults apply again. */
  clearRules(): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(RULES_KEY);
  }

  /** Saves the user's rules (validated by the caller). */
  saveRules(rules: readonly AlertRule[]): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(RULES_KEY, JSON.stringify(rules));
  }
}
