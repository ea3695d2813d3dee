/**
 * Recent statements of a live server with their connection and start time, for the read/write
 * split advisor: performance_schema.events_statements_history_long when its consumer is on, else
 * events_statements_history (the last statements of each open connection; on by default in MySQL).
 * TIMER_START counts picoseconds from about the server's start, so a start time is the start
 * epoch (now − Uptime) plus it. Nothing is enabled here: the workbench does not change a server
 * to read it; a warning says which consumer to turn on.
 */
import type { RwEvent } from '../../engines/replication/rwsplit';
import type { SqlReader } from '../sql-reader';

/** Statements read, and what could not be read. */
export interface StatementHistory {
  events: RwEvent[];
  table: string | null;
  warnings: string[];
}

const TABLES = ['events_statements_history_long', 'events_statements_history'];

/** Reads the statement history (at most `limit` rows, this session's own statements left out). */
export async function collectStatementHistory(reader: SqlReader, limit = 100_000): Promise<StatementHistory> {
  const warnings: string[] = [];
  const consumers = await reader
    .query<{ NAME: string; ENABLED: string }>("SELECT NAME, ENABLED FROM performance_schema.setup_consumers WHERE NAME LIKE 'events_statements_history%'")
    .catch((e: Error) => {
      warnings.push(`performance_schema is not readable: ${e.message}`);
      return [];
    });
  const on = new Set(consumers.filter((c) => /^yes$/i.test(c.ENABLED)).map((c) => c.NAME));
  const table = TABLES.find((t) => on.has(t)) ?? null;
  if (!table) {
    warnings.push(
      "No statement history is kept (performance_schema consumers events_statements_history and _history_long are off): enable one, e.g. UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = 'events_statements_history_long', or give a slow log.",
    );
    return { events: [], table, warnings };
  }
  if (table === 'events_statements_history')
    warnings.push('Only the last statements of each open connection are kept (events_statements_history); events_statements_history_long sees more.');
  const [up] = await reader.query<{ Value: string }>("SHOW GLOBAL STATUS LIKE 'Uptime'");
  const startEpochMs = Date.now() - Number(up?.Value ?? 0) * 1000;
  const rows = await reader.query<{ t: number | string; s: number | string; w: number | string | null; q: string; d: string | null }>(
    `SELECT THREAD_ID AS t, TIMER_START AS s, TIMER_WAIT AS w, SQL_TEXT AS q, CURRENT_SCHEMA AS d
       FROM performance_schema.${table}
      WHERE SQL_TEXT IS NOT NULL AND TIMER_START IS NOT NULL
        AND THREAD_ID <> (SELECT THREAD_ID FROM performance_schema.threads WHERE PROCESSLIST_ID = CONNECTION_ID())
      ORDER BY TIMER_START
      LIMIT ${Math.max(1, Math.floor(limit))}`,
  );
  const events = rows
    .filter((r) => !/performance_schema\.(?:events_statements|setup_consumers|threads)/i.test(r.q))
    .map((r) => ({
      thread: String(r.t),
      startMs: startEpochMs + Number(r.s) / 1e9,
      durationMs: Number(r.w ?? 0) / 1e9,
      sql: String(r.q),
      db: r.d ?? undefined,
    }));
  return { events, table, warnings };
}
