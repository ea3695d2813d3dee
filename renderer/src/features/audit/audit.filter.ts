/** Pure helpers of the Audit log: its filters, its export and the UTC time every row shows. */
import type { AuditEntry } from '../../../../shared/contract/actions';

/** What the Audit log shows: all fields optional, empty means any. */
export interface AuditFilter {
  connectionId: string;
  /** The planner that made the plan ("sql-statement", "index-advisor", "tuner", …). */
  planner: string;
  status: string;
  /** Matched, case-insensitive, against the SQL, the plan title, the message and the rollback. */
  text: string;
}

/** No filter: every entry. */
export const NO_FILTER: AuditFilter = { connectionId: '', planner: '', status: '', text: '' };

/** The entries the filter keeps, in their order. */
export function filterAudit(entries: readonly AuditEntry[], f: AuditFilter): AuditEntry[] {
  const text = f.text.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (!f.connectionId || e.connectionId === f.connectionId) &&
      (!f.planner || e.planner === f.planner) &&
      (!f.status || e.status === f.status) &&
      (!text || [e.sql, e.planTitle, e.message, e.rollback ?? '', e.actor].some((s) => s.toLowerCase().includes(text))),
  );
}

/** An ISO time as the app writes times: `2026-12-06 20:58:05 UTC`. */
export function utcStamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const COLUMNS: ReadonlyArray<keyof AuditEntry> = [
  'id',
  'at',
  'actor',
  'connectionName',
  'planner',
  'planTitle',
  'planHash',
  'stepId',
  'sql',
  'status',
  'message',
  'durationMs',
  'rollback',
];

const csvField = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The entries as CSV (one header line, times in ISO UTC). */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return [COLUMNS.join(','), ...entries.map((e) => COLUMNS.map((c) => csvField(e[c])).join(','))].join('\n') + '\n';
}

/** The entries as JSON, every field kept. */
export function auditJson(entries: readonly AuditEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}
