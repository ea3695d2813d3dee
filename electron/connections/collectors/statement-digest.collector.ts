/**
 * Reads the server's own statement statistics: performance_schema's per-digest summary (MySQL
 * and MariaDB) and, when `log_output` includes TABLE, the rows of mysql.slow_log rendered back
 * into slow-log text so the same digest engine reads them.
 * https://dev.mysql.com/doc/refman/8.0/en/performance-schema-statement-summary-tables.html
 * https://dev.mysql.com/doc/refman/8.0/en/log-destinations.html
 */
import type { SqlReader } from '../sql-reader';

/** One row of events_statements_summary_by_digest; timers converted from picoseconds to seconds. */
export interface StatementDigestRow {
  schema: string | null;
  digest: string;
  digestText: string;
  count: number;
  sumTime: number;
  minTime: number;
  avgTime: number;
  maxTime: number;
  /** MySQL 8.0+ only (QUANTILE_95/99), else null. */
  p95: number | null;
  p99: number | null;
  sumLockTime: number;
  rowsSent: number;
  rowsExamined: number;
  rowsAffected: number;
  tmpTables: number;
  tmpDiskTables: number;
  selectScan: number;
  noIndexUsed: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** MySQL 8.0+ only (QUERY_SAMPLE_TEXT), else null. */
  sampleText: string | null;
}

/** The digest summary and which optional columns the server has. */
export interface StatementDigestSnapshot {
  rows: StatementDigestRow[];
  hasQuantiles: boolean;
  hasSample: boolean;
  /** performance_schema on/off (the table is empty when off). */
  enabled: boolean;
}

const PS = 1e12;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

/** Reads the top `limit` digests by total time. */
export async function collectStatementDigests(reader: SqlReader, limit = 500): Promise<StatementDigestSnapshot> {
  const [flag] = await reader.query<{ on: unknown }>('SELECT @@performance_schema AS `on`');
  const enabled = num(flag?.on) === 1;
  if (!enabled) return { rows: [], hasQuantiles: false, hasSample: false, enabled };
  const rows = await reader.query<Record<string, unknown>>(
    'SELECT * FROM performance_schema.events_statements_summary_by_digest WHERE DIGEST_TEXT IS NOT NULL ORDER BY SUM_TIMER_WAIT DESC LIMIT ?',
    [limit],
  );
  const first = rows[0] ?? {};
  const hasQuantiles = 'QUANTILE_95' in first;
  const hasSample = 'QUERY_SAMPLE_TEXT' in first;
  return {
    enabled,
    hasQuantiles,
    hasSample,
    rows: rows.map((r) => ({
      schema: str(r.SCHEMA_NAME),
      digest: String(r.DIGEST ?? ''),
      digestText: String(r.DIGEST_TEXT ?? ''),
      count: num(r.COUNT_STAR),
      sumTime: num(r.SUM_TIMER_WAIT) / PS,
      minTime: num(r.MIN_TIMER_WAIT) / PS,
      avgTime: num(r.AVG_TIMER_WAIT) / PS,
      maxTime: num(r.MAX_TIMER_WAIT) / PS,
      p95: hasQuantiles ? num(r.QUANTILE_95) / PS : null,
      p99: hasQuantiles ? num(r.QUANTILE_99) / PS : null,
      sumLockTime: num(r.SUM_LOCK_TIME) / PS,
      rowsSent: num(r.SUM_ROWS_SENT),
      rowsExamined: num(r.SUM_ROWS_EXAMINED),
      rowsAffected: num(r.SUM_ROWS_AFFECTED),
      tmpTables: num(r.SUM_CREATED_TMP_TABLES),
      tmpDiskTables: num(r.SUM_CREATED_TMP_DISK_TABLES),
      selectScan: num(r.SUM_SELECT_SCAN),
      noIndexUsed: num(r.SUM_NO_INDEX_USED),
      firstSeen: str(r.FIRST_SEEN),
      lastSeen: str(r.LAST_SEEN),
      sampleText: hasSample ? str(r.QUERY_SAMPLE_TEXT) : null,
    })),
  };
}

/** Whether the general/slow logs go to tables (log_output contains TABLE). */
export async function slowLogToTable(reader: SqlReader): Promise<boolean> {
  const [row] = await reader.query<{ o: unknown }>('SELECT @@log_output AS o');
  return String(row?.o ?? '')
    .toUpperCase()
    .split(',')
    .includes('TABLE');
}

/** One row of mysql.slow_log. */
export interface SlowLogTableRow {
  startTime: string;
  userHost: string;
  queryTime: number;
  lockTime: number;
  rowsSent: number;
  rowsExamined: number;
  db: string;
  threadId: number;
  sqlText: string;
}

/** Reads the newest `limit` rows of mysql.slow_log (TIME columns read as seconds). */
export async function collectSlowLogTable(reader: SqlReader, limit = 100_000): Promise<SlowLogTableRow[]> {
  const rows = await reader.query<Record<string, unknown>>(
    `SELECT DATE_FORMAT(start_time, '%Y-%m-%dT%H:%i:%s.%fZ') AS st, user_host, TIME_TO_SEC(query_time) + MICROSECOND(query_time) / 1e6 AS qt,
            TIME_TO_SEC(lock_time) + MICROSECOND(lock_time) / 1e6 AS lt, rows_sent, rows_examined, db, thread_id, CONVERT(sql_text USING utf8mb4) AS sql_text
       FROM mysql.slow_log ORDER BY start_time DESC LIMIT ?`,
    [limit],
  );
  return rows.reverse().map((r) => ({
    startTime: String(r.st),
    userHost: String(r.user_host ?? ''),
    queryTime: num(r.qt),
    lockTime: num(r.lt),
    rowsSent: num(r.rows_sent),
    rowsExamined: num(r.rows_examined),
    db: String(r.db ?? ''),
    threadId: num(r.thread_id),
    sqlText: String(r.sql_text ?? ''),
  }));
}

/** Renders mysql.slow_log rows as MySQL 8 slow-log entries (the format the digest engine parses). */
export function slowLogRowsToText(rows: readonly SlowLogTableRow[]): string {
  const out: string[] = [];
  let lastDb = '';
  for (const r of rows) {
    out.push(`# Time: ${r.startTime}`);
    out.push(`# User@Host: ${r.userHost}  Id: ${r.threadId}`);
    out.push(
      `# Query_time: ${r.queryTime.toFixed(6)}  Lock_time: ${r.lockTime.toFixed(6)} Rows_sent: ${r.rowsSent}  Rows_examined: ${r.rowsExamined} Thread_id: ${r.threadId}`,
    );
    if (r.db && r.db !== lastDb) {
      out.push(`use ${r.db};`);
      lastDb = r.db;
    }
    out.push(`SET timestamp=${Math.floor(Date.parse(r.startTime) / 1000)};`);
    const sql = r.sqlText.trimEnd();
    out.push(sql.endsWith(';') ? sql : `${sql};`);
  }
  return out.join('\n') + '\n';
}
