/**
 * Turns two global-status reads into one monitoring sample: counters become per-second deltas
 * over the measured interval, gauges are read at the second read, ratios are computed from the
 * interval's deltas (not lifetime totals, which hide what happens now). Pure.
 */
import type { MonitorSample, SampleMetrics } from '../../../shared/contract/monitor';
import type { ReplicaChannel } from '../../../shared/contract/tuner';

/** What one sample is computed from. Status and variable names are lower-case. */
export interface SampleInput {
  before: Record<string, string>;
  after: Record<string, string>;
  variables: Record<string, string>;
  intervalSec: number;
  at: string;
  /** Replica channels at the second read (empty on a server that is no replica). */
  channels: readonly ReplicaChannel[];
  /** Host figures when the server runs on this machine, else nulls. */
  host?: { cpuPct: number | null; memoryPct: number | null; diskPct: number | null };
}

function value(map: Record<string, string>, name: string): number | null {
  const raw = map[name];
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/** Rounds to 4 significant decimals so JSON stays readable; keeps nulls. */
function round(n: number | null): number | null {
  return n === null ? null : Math.round(n * 10_000) / 10_000;
}

/** Computes the sample's metrics. A counter that went backwards (server restarted) reads as null. */
export function computeSample(input: SampleInput): MonitorSample {
  const { before, after, intervalSec } = input;
  const delta = (...names: string[]): number | null => {
    let sum = 0;
    for (const n of names) {
      const a = value(before, n);
      const b = value(after, n);
      if (a === null || b === null || b < a) return null;
      sum += b - a;
    }
    return sum;
  };
  const perSec = (...names: string[]): number | null => {
    const d = delta(...names);
    return d === null || intervalSec <= 0 ? null : d / intervalSec;
  };
  // MariaDB 10.11 no longer reports Innodb_rows_*: fall back to its own Rows_read and the
  // handler counters (every engine, temporary tables included), the closest it offers.
  const perSecFirst = (...names: string[]): number | null => {
    const name = names.find((n) => value(before, n) !== null && value(after, n) !== null);
    return name ? perSec(name) : null;
  };
  const pct = (part: number | null, whole: number | null): number | null => (part === null || whole === null || whole <= 0 ? null : (100 * part) / whole);
  const gauge = (name: string) => value(after, name);

  const connected = gauge('threads_connected');
  const maxConnections = value(input.variables, 'max_connections');
  const maxUsed = gauge('max_used_connections');
  const readRequests = delta('innodb_buffer_pool_read_requests');
  const diskReads = delta('innodb_buffer_pool_reads');
  const tmp = delta('created_tmp_tables');
  const tmpDisk = delta('created_tmp_disk_tables');
  const cacheHits = delta('table_open_cache_hits');
  const cacheMisses = delta('table_open_cache_misses');
  const slowPerSec = perSec('slow_queries');

  const channels = input.channels;
  const lags = channels.map((c) => c.secondsBehind);
  const running = channels.length === 0 ? null : channels.every((c) => /^yes$/i.test(c.ioRunning ?? '') && /^yes$/i.test(c.sqlRunning ?? '')) ? 1 : 0;
  // A stopped SQL thread reports NULL lag; the lag is then unknown, and replica_running says why.
  const knownLags = lags.filter((l): l is number => l !== null);
  const lag = channels.length === 0 || knownLags.length === 0 ? null : Math.max(...knownLags);

  const metrics: SampleMetrics = {
    qps: perSec('questions'),
    tps: perSec('com_commit', 'com_rollback'),
    threads_connected: connected,
    threads_running: gauge('threads_running'),
    max_connections: maxConnections,
    connections_pct: pct(connected, maxConnections),
    connections_of_peak_pct: pct(connected, maxUsed),
    max_used_connections: maxUsed,
    buffer_pool_hit_pct: readRequests === null || diskReads === null || readRequests === 0 ? null : 100 * (1 - diskReads / readRequests),
    buffer_pool_pages_total: gauge('innodb_buffer_pool_pages_total'),
    buffer_pool_pages_data: gauge('innodb_buffer_pool_pages_data'),
    buffer_pool_pages_free: gauge('innodb_buffer_pool_pages_free'),
    buffer_pool_pages_dirty: gauge('innodb_buffer_pool_pages_dirty'),
    rows_read_per_s: perSecFirst('innodb_rows_read', 'rows_read'),
    rows_inserted_per_s: perSecFirst('innodb_rows_inserted', 'handler_write'),
    rows_updated_per_s: perSecFirst('innodb_rows_updated', 'handler_update'),
    rows_deleted_per_s: perSecFirst('innodb_rows_deleted', 'handler_delete'),
    slow_queries_per_s: slowPerSec,
    slow_queries_per_min: slowPerSec === null ? null : slowPerSec * 60,
    row_lock_waits_per_s: perSec('innodb_row_lock_waits'),
    row_lock_time_ms_per_s: perSec('innodb_row_lock_time'),
    row_lock_current_waits: gauge('innodb_row_lock_current_waits'),
    tmp_tables_per_s: perSec('created_tmp_tables'),
    tmp_disk_tables_per_s: perSec('created_tmp_disk_tables'),
    tmp_disk_tables_pct: tmp === null || tmp === 0 ? null : pct(tmpDisk, tmp),
    table_open_cache_hit_pct: cacheHits === null || cacheMisses === null ? null : pct(cacheHits, cacheHits + cacheMisses),
    opened_tables_per_s: perSec('opened_tables'),
    bytes_received_per_s: perSec('bytes_received'),
    bytes_sent_per_s: perSec('bytes_sent'),
    aborted_clients_per_s: perSec('aborted_clients'),
    aborted_connects_per_s: perSec('aborted_connects'),
    replication_lag_s: lag,
    replica_running: running,
    host_cpu_pct: input.host?.cpuPct ?? null,
    host_memory_pct: input.host?.memoryPct ?? null,
    host_disk_pct: input.host?.diskPct ?? null,
  };
  const rounded = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, round(v)])) as SampleMetrics;
  return { at: input.at, intervalSec: round(intervalSec) ?? 0, metrics: rounded };
}
