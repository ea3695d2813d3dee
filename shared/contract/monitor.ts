/**
 * Monitoring contract: one sample of a server's activity (per-second rates from two status
 * reads, gauges, replication lag), alert rules as data (an expression over those metrics with
 * typed params, a sustained-for duration, a severity and a cooldown, shaped like PMM's alert
 * templates), alert events, and the activity view (sessions, transactions, lock waits,
 * metadata locks). Every metric name used by a rule is a key of `monitorSample` below.
 */
import { z } from 'zod';

const rate = z.number().nonnegative().nullable();
const gauge = z.number().nullable();

/**
 * The metrics of one sample. Rates are per second over the sample's interval (counters read
 * twice); gauges are the value at the end of the interval; null = the server does not report it.
 */
export const sampleMetrics = z.object({
  /** Questions per second (statements sent by clients). */
  qps: rate,
  /** Com_commit + Com_rollback per second. */
  tps: rate,
  threads_connected: gauge,
  threads_running: gauge,
  max_connections: gauge,
  /** Threads_connected / max_connections × 100. */
  connections_pct: gauge,
  /** Threads_connected / Max_used_connections × 100 (the document's connection rule). */
  connections_of_peak_pct: gauge,
  max_used_connections: gauge,
  /** 100 × (1 − Innodb_buffer_pool_reads / Innodb_buffer_pool_read_requests) over the interval; null without reads. */
  buffer_pool_hit_pct: gauge,
  buffer_pool_pages_total: gauge,
  buffer_pool_pages_data: gauge,
  buffer_pool_pages_free: gauge,
  buffer_pool_pages_dirty: gauge,
  rows_read_per_s: rate,
  rows_inserted_per_s: rate,
  rows_updated_per_s: rate,
  rows_deleted_per_s: rate,
  slow_queries_per_s: rate,
  /** Slow queries in the last minute, extrapolated from the interval. */
  slow_queries_per_min: rate,
  row_lock_waits_per_s: rate,
  /** Milliseconds spent waiting for row locks, per second. */
  row_lock_time_ms_per_s: rate,
  /** Innodb_row_lock_current_waits: transactions waiting for a row lock now. */
  row_lock_current_waits: gauge,
  tmp_tables_per_s: rate,
  tmp_disk_tables_per_s: rate,
  /** Share of temporary tables that went to disk in the interval, %. */
  tmp_disk_tables_pct: gauge,
  /** Table_open_cache_hits / (hits + misses) over the interval, %. */
  table_open_cache_hit_pct: gauge,
  opened_tables_per_s: rate,
  bytes_received_per_s: rate,
  bytes_sent_per_s: rate,
  aborted_clients_per_s: rate,
  aborted_connects_per_s: rate,
  /** Seconds_Behind_Source of the worst replication channel; null on a server that is no replica. */
  replication_lag_s: gauge,
  /** 1 when every channel's IO and SQL threads run, 0 when one is stopped, null when no replica. */
  replica_running: gauge,
  /** Host CPU busy % (only when the server runs on this machine). */
  host_cpu_pct: gauge,
  /** Host memory used % (only when the server runs on this machine). */
  host_memory_pct: gauge,
  /** Used % of the filesystem holding the data directory (only when local and readable). */
  host_disk_pct: gauge,
});
/** The metrics of one sample. */
export type SampleMetrics = z.infer<typeof sampleMetrics>;
/** One metric name. */
export type MetricKey = keyof SampleMetrics;
/** Every metric name, in the contract's order. */
export const metricKeys = Object.keys(sampleMetrics.shape) as MetricKey[];

/** One sample: when, over how long, and the metrics. */
export const monitorSample = z.object({
  /** ISO time of the second status read. */
  at: z.string(),
  /** Seconds between the two reads (measured). */
  intervalSec: z.number().nonnegative(),
  metrics: sampleMetrics,
});
/** One sample. */
export type MonitorSample = z.infer<typeof monitorSample>;

/** How bad an alert is. */
export const alertSeverity = z.enum(['critical', 'warning', 'notice']);

/** A rule parameter, as PMM's templates declare them: a typed number with a unit and a range. */
export const ruleParam = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  summary: z.string().min(1).max(300),
  unit: z.enum(['%', 's', '/s', '/min', 'count', 'ms/s']),
  range: z.tuple([z.number(), z.number()]),
  value: z.number(),
});

/** An alert rule as data (a YAML/JSON file can hold a list of them). */
export const alertRule = z.object({
  /** Stable id, also the Prometheus alert name's source. */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .max(80),
  summary: z.string().min(1).max(300),
  /** Where the rule comes from: the co-writing platform's document or common practice. */
  source: z.enum(['document', 'common', 'user']),
  /** `metric op operand` terms joined by `and` / `or`; an operand is a number or `[[ .param ]]`. */
  expr: z.string().min(1).max(500),
  params: z.array(ruleParam).max(10).default([]),
  /** How long the condition must hold on consecutive samples before the alert fires, seconds. */
  forSec: z.number().min(0).max(86_400).default(0),
  severity: alertSeverity,
  /** After a notification, the same rule does not notify again for this many seconds. */
  cooldownSec: z.number().min(0).max(86_400).default(300),
  /** Message template; `{{value}}` and `{{param}}` are filled in. */
  message: z.string().min(1).max(500),
});
/** An alert rule. */
export type AlertRule = z.infer<typeof alertRule>;
/** A rule file: a list of rules (ids unique). */
export const alertRuleFile = z.object({ rules: z.array(alertRule).min(1).max(200) });

/** One state change of an alert. */
export const alertEvent = z.object({
  ruleId: z.string(),
  severity: alertSeverity,
  state: z.enum(['firing', 'resolved']),
  /** ISO time of the sample that changed the state. */
  at: z.string(),
  /** ISO time the condition started holding. */
  since: z.string(),
  /** The first metric value in the expression at that sample. */
  value: z.number().nullable(),
  message: z.string(),
  /** False when the cooldown suppressed the notification (the event is still recorded). */
  notify: z.boolean(),
});
/** An alert event. */
export type AlertEvent = z.infer<typeof alertEvent>;

/** One server session from the processlist. */
export const sessionRow = z.object({
  id: z.number().int(),
  user: z.string(),
  host: z.string(),
  db: z.string().nullable(),
  command: z.string(),
  timeSec: z.number(),
  state: z.string().nullable(),
  info: z.string().nullable(),
});

/** An open InnoDB transaction. */
export const transactionRow = z.object({
  trxId: z.string(),
  threadId: z.number().int().nullable(),
  state: z.string(),
  startedAt: z.string().nullable(),
  ageSec: z.number(),
  rowsLocked: z.number(),
  /** Rows modified so far: the undo records a rollback would apply. */
  rowsModified: z.number(),
  tablesLocked: z.number(),
  query: z.string().nullable(),
});

/** One lock wait: a waiting transaction and the one holding the lock it wants. */
export const lockWait = z.object({
  waitingThread: z.number().int(),
  waitingTrx: z.string(),
  waitingQuery: z.string().nullable(),
  waitSec: z.number(),
  blockingThread: z.number().int(),
  blockingTrx: z.string(),
  blockingQuery: z.string().nullable(),
  lockedTable: z.string().nullable(),
  lockedIndex: z.string().nullable(),
  lockMode: z.string().nullable(),
});

/** A node of the lock-wait tree: a session and the sessions waiting on it. */
export interface LockNode {
  thread: number;
  query: string | null;
  waitSec: number | null;
  lockedTable: string | null;
  waiters: LockNode[];
}
/** Lock-wait tree node (recursive). */
export const lockNode: z.ZodType<LockNode> = z.lazy(() =>
  z.object({
    thread: z.number().int(),
    query: z.string().nullable(),
    waitSec: z.number().nullable(),
    lockedTable: z.string().nullable(),
    waiters: z.array(lockNode),
  }),
);

/** A metadata lock held or wanted. */
export const metadataLock = z.object({
  thread: z.number().int().nullable(),
  objectType: z.string(),
  schema: z.string().nullable(),
  name: z.string().nullable(),
  lockType: z.string(),
  status: z.string(),
});

/** What runs on a server right now. */
export const activitySnapshot = z.object({
  at: z.string(),
  sessions: z.array(sessionRow),
  transactions: z.array(transactionRow),
  lockWaits: z.array(lockWait),
  /** Root blockers first; each root holds what its waiters want, transitively. */
  lockTree: z.array(lockNode),
  metadataLocks: z.array(metadataLock),
  warnings: z.array(z.string()),
});
/** An activity snapshot. */
export type ActivitySnapshot = z.infer<typeof activitySnapshot>;

/** The application pool a DBA declares (SQLAlchemy's names). */
export const declaredPool = z.object({
  instances: z.number().int().min(1).max(10_000),
  poolSize: z.number().int().min(0).max(10_000),
  maxOverflow: z.number().int().min(0).max(10_000),
  poolRecycleSec: z.number().int().min(-1).max(864_000),
  prePing: z.boolean(),
});
/** A declared pool. */
export type DeclaredPool = z.infer<typeof declaredPool>;

/** One line of pool advice with the formula behind it. */
export const poolAdviceItem = z.object({
  setting: z.string(),
  current: z.string(),
  recommended: z.string(),
  formula: z.string(),
  why: z.string(),
  severity: z.enum(['ok', 'info', 'warning']),
});
