/**
 * Write rates for an index's maintenance cost, from the server's own counters when connected: every
 * row inserted, deleted, or updated in a key column costs each secondary index one entry change,
 * whether or not the workload given to the advisor holds writes. Pure: counters in, rates out.
 * https://dev.mysql.com/doc/refman/8.4/en/performance-schema-table-wait-summary-tables.html
 */

/** Counted writes of one server, and how long the counters ran. */
export interface WriteCounters {
  /** performance_schema table I/O (rows), MariaDB user statistics (rows changed), or Com_* (statements, server-wide). */
  readonly source: 'performance_schema' | 'user_statistics' | 'com_counters';
  /** Seconds the counters cover (the server's Uptime). */
  readonly windowSec: number;
  /** Lower-case table name → writes counted on it; null when only server-wide counts exist. */
  readonly perTable: Readonly<Record<string, number>> | null;
  /** Server-wide write statements (Com_insert/update/delete and their multi-table forms). */
  readonly global: number | null;
}

/** Per-table writes per weight period, and where each figure came from. */
export interface TableWriteRates {
  /** Lower-case table name → writes per weight period. */
  readonly rates: Record<string, number>;
  /** Lower-case table name → one line saying which counters gave its rate. */
  readonly sources: Record<string, string>;
}

/**
 * Turns counters into writes per weight period for each table (`periodSec`: the seconds one weight
 * period lasts — 1 for a QPS workload, the log's span for a slow log). A table with per-table
 * counters and no row gets 0 (nothing written since the counters started); with only server-wide
 * counts, every table gets the whole server's write rate as its upper bound, said so.
 */
export function writeRatesFromCounters(counters: WriteCounters, tables: readonly string[], periodSec: number): TableWriteRates {
  const rates: Record<string, number> = {};
  const sources: Record<string, string> = {};
  const window = Math.max(1, counters.windowSec);
  const since = `over ${fmtDuration(window)} of uptime`;
  for (const name of tables) {
    const key = name.toLowerCase();
    if (counters.perTable) {
      const n = counters.perTable[key] ?? 0;
      rates[key] = (n / window) * periodSec;
      sources[key] =
        counters.source === 'performance_schema'
          ? `performance_schema.table_io_waits_summary_by_table: ${n} rows inserted, updated or deleted ${since}`
          : `information_schema.TABLE_STATISTICS (userstat): ${n} rows changed ${since}`;
    } else if (counters.global !== null) {
      rates[key] = (counters.global / window) * periodSec;
      sources[key] =
        `server-wide Com_insert/update/delete: ${counters.global} write statements ${since} (no per-table counters; an upper bound for this table)`;
    }
  }
  return { rates, sources };
}

function fmtDuration(sec: number): string {
  return sec >= 86_400
    ? `${(sec / 86_400).toFixed(1)} d`
    : sec >= 3600
      ? `${(sec / 3600).toFixed(1)} h`
      : sec >= 60
        ? `${Math.round(sec / 60)} min`
        : `${Math.round(sec)} s`;
}
