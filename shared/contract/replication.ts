/**
 * Replication and the read/write split advisor. `replication.status` reads one server's side of
 * replication — the channels it replicates from (threads, lag as the server reports it and as
 * GTIDs measure it, errors, filters), the replicas attached to it, semi-sync — and keeps a lag
 * history per connection for the chart. `rwsplit.advise` classes a workload's statements as
 * reads, writes and locking reads, finds the reads that follow a write on the same connection
 * (read-your-writes risk), gives each class a route and a lag budget, and exports the result as
 * ProxySQL configuration or a ShardingSphere `!READWRITE_SPLITTING` rule, each checked against
 * the documented structure before it is shown.
 */
import { z } from 'zod';
import { call } from './core';

/** One error a replication thread reports (errno 0 means none). */
export const replicationError = z.object({ errno: z.number().int(), message: z.string(), at: z.string().nullable() });

/** One replication channel of a replica, whichever statement (SHOW REPLICA STATUS, SHOW ALL SLAVES STATUS) read it. */
export const replicationChannelState = z.object({
  /** Channel (MySQL) or connection name (MariaDB multi-source); '' is the default one. */
  channel: z.string(),
  sourceHost: z.string().nullable(),
  sourcePort: z.number().int().nullable(),
  sourceServerId: z.number().int().nullable(),
  /** 'Yes', 'No' or 'Connecting', as the server says. */
  ioRunning: z.string().nullable(),
  sqlRunning: z.string().nullable(),
  ioState: z.string().nullable(),
  sqlState: z.string().nullable(),
  /** Seconds_Behind_Source/Master; null when the server reports none (a stopped SQL thread). */
  secondsBehindReported: z.number().nullable(),
  /** The lag the DBA should read: the reported one, or for a stalled backlog the time since it was first seen. */
  lagSeconds: z.number().nullable(),
  lagBasis: z.enum(['reported', 'stalled-backlog', 'none']),
  /** Source binlog file:position received by the IO thread and applied by the SQL thread. */
  readPosition: z.string().nullable(),
  executedPosition: z.string().nullable(),
  /** How GTIDs are used ('Slave_Pos', 'Current_Pos', 'No' on MariaDB; 'ON'/'OFF' auto-position on MySQL). */
  usingGtid: z.string().nullable(),
  /** GTIDs received (MariaDB Gtid_IO_Pos, MySQL Retrieved_Gtid_Set). */
  receivedGtid: z.string().nullable(),
  /** GTIDs applied (MariaDB gtid_slave_pos, MySQL Executed_Gtid_Set). */
  executedGtid: z.string().nullable(),
  /** Transactions received but not yet applied, counted from the two GTID sets; null when GTIDs are off. */
  gtidBacklog: z.number().int().nullable(),
  /** Transactions the source has executed that this replica has not, when the source was read too. */
  gtidBehindSource: z.number().int().nullable(),
  ioError: replicationError.nullable(),
  sqlError: replicationError.nullable(),
  /** Replicate_* filters that are set, by name. */
  filters: z.array(z.object({ name: z.string(), value: z.string() })),
  /** Configured delay (SQL_Delay) in seconds. */
  sqlDelay: z.number().int().nullable(),
});
/** One replication channel's state. */
export type ReplicationChannelState = z.infer<typeof replicationChannelState>;

/** A replica attached to the server (SHOW REPLICAS / SHOW SLAVE HOSTS). */
export const attachedReplica = z.object({ serverId: z.number().int(), host: z.string(), port: z.number().int(), sourceId: z.number().int().nullable() });
/** An attached replica. */
export type AttachedReplica = z.infer<typeof attachedReplica>;

/** A replication finding: what is wrong and the evidence. */
export const replicationFinding = z.object({
  id: z.string(),
  severity: z.enum(['critical', 'warning', 'info']),
  channel: z.string().nullable(),
  message: z.string(),
});
/** A replication finding. */
export type ReplicationFinding = z.infer<typeof replicationFinding>;

/** One point of a connection's lag history. */
export const lagPoint = z.object({ at: z.string(), channel: z.string(), lagSeconds: z.number().nullable(), gtidBacklog: z.number().int().nullable() });
/** A lag history point. */
export type LagPoint = z.infer<typeof lagPoint>;

/** A server's replication state, read once. */
export const replicationStatus = z.object({
  capturedAt: z.string(),
  server: z.object({
    version: z.string(),
    family: z.enum(['mysql', 'mariadb']),
    serverId: z.number().int().nullable(),
    readOnly: z.boolean().nullable(),
    /** The server's own executed GTIDs (MariaDB gtid_current_pos, MySQL gtid_executed). */
    gtidExecuted: z.string().nullable(),
    /** MariaDB gtid_binlog_pos (what it has written to its own binlog), null on MySQL. */
    gtidBinlogPos: z.string().nullable(),
    gtidMode: z.string().nullable(),
    /** Current binlog file and position (SHOW BINARY LOG STATUS / SHOW BINLOG STATUS), null with binlog off. */
    binlog: z.object({ file: z.string(), position: z.number() }).nullable(),
  }),
  /** The statements that were run, in order, so the DBA can repeat them. */
  statements: z.array(z.string()),
  channels: z.array(replicationChannelState),
  replicas: z.array(attachedReplica),
  semiSync: z.object({
    sourceEnabled: z.boolean().nullable(),
    replicaEnabled: z.boolean().nullable(),
    /** Whether the source is currently semi-synchronous (status), null when unknown. */
    sourceActive: z.boolean().nullable(),
    clients: z.number().int().nullable(),
  }),
  findings: z.array(replicationFinding),
  /** Optional reads that failed (missing privilege, unknown table), said rather than hidden. */
  warnings: z.array(z.string()),
});
/** A server's replication state. */
export type ReplicationStatus = z.infer<typeof replicationStatus>;

/** How a statement class is treated by a read/write split. */
export const rwKind = z.enum(['read', 'write', 'locking-read', 'other']);
/** A statement kind. */
export type RwKind = z.infer<typeof rwKind>;

/** Where a class should go. */
export const rwRoute = z.enum(['replica', 'primary', 'replica-after-gtid-wait']);
/** A route. */
export type RwRoute = z.infer<typeof rwRoute>;

/** One statement class of the workload with its route. */
export const rwClass = z.object({
  id: z.string(),
  fingerprint: z.string(),
  sample: z.string(),
  kind: rwKind,
  count: z.number().int(),
  totalTimeSec: z.number(),
  p95TimeMs: z.number().nullable(),
  tables: z.array(z.string()),
  route: rwRoute,
  /** Replica lag this class can absorb (waiting for its GTID) without missing its SLO; null for writes. */
  lagBudgetMs: z.number().nullable(),
  /** Reads of this class that followed a write to one of its tables on the same connection within the window. */
  afterWriteCount: z.number().int(),
  reason: z.string(),
});
/** A statement class. */
export type RwClass = z.infer<typeof rwClass>;

/** A write class followed by a read class on the same connection within the window. */
export const readAfterWritePair = z.object({
  writeClassId: z.string(),
  readClassId: z.string(),
  writeFingerprint: z.string(),
  readFingerprint: z.string(),
  /** Tables both touch. */
  tables: z.array(z.string()),
  occurrences: z.number().int(),
  threads: z.number().int(),
  minGapMs: z.number(),
  /** An example: connection id and the two start times. */
  example: z.object({ thread: z.string(), writeAt: z.string(), readAt: z.string() }),
});
/** A read-after-write pair. */
export type ReadAfterWritePair = z.infer<typeof readAfterWritePair>;

/** Options of the advisor. */
export const rwSplitOptions = z.object({
  /** A read within this long after a write on the same connection is read-your-writes sensitive. */
  windowMs: z.number().int().min(1).max(600_000).default(1000),
  /** Response-time SLO of reads (ms): the lag budget is what is left of it after the query itself. */
  readSloMs: z.number().int().min(1).max(3_600_000).default(200),
  /** Replica lag above which ProxySQL shuns a reader (seconds). */
  maxReplicationLagSec: z.number().int().min(1).max(86_400).default(5),
});
/** Advisor options. */
export type RwSplitOptions = z.infer<typeof rwSplitOptions>;

/** Where the workload comes from. */
export const rwSplitSource = z.discriminatedUnion('kind', [
  /** Recent statements of a live server (performance_schema statement history, with thread ids and times). */
  z.object({ kind: z.literal('connection'), connectionId: z.string() }),
  /** A slow log's text (long_query_time = 0 gives every statement). */
  z.object({ kind: z.literal('slowlog-text'), text: z.string().max(50 * 1024 * 1024) }),
]);

/** Topology the exports name: the writer and its readers. */
export const rwTopology = z.object({
  writer: z.object({ host: z.string().min(1).max(255), port: z.number().int().min(1).max(65535) }),
  readers: z.array(z.object({ host: z.string().min(1).max(255), port: z.number().int().min(1).max(65535) })).max(64),
});
/** Topology of an export. */
export type RwTopology = z.infer<typeof rwTopology>;

/** One export and the result of its structural check. */
export const rwExport = z.object({
  format: z.enum(['proxysql', 'shardingsphere']),
  text: z.string(),
  /** Problems the structural check found; empty when the export matches the documented structure. */
  problems: z.array(z.string()),
});
/** An export. */
export type RwExport = z.infer<typeof rwExport>;

/** The advisor's result. */
export const rwSplitAdvice = z.object({
  source: z.enum(['slowlog', 'performance_schema']),
  flavor: z.enum(['mysql', 'mariadb']),
  events: z.number().int(),
  /** Share of statement time (0..1) that is plain reads: what a replica can take. */
  readShareByTime: z.number(),
  readShareByCount: z.number(),
  classes: z.array(rwClass),
  pairs: z.array(readAfterWritePair),
  /** The read-your-writes policy in words, with the statement a reader runs before reading. */
  policy: z.string(),
  /** The GTID wait statement for this flavor (WAIT_FOR_EXECUTED_GTID_SET / MASTER_GTID_WAIT). */
  gtidWait: z.string(),
  options: rwSplitOptions,
  exports: z.array(rwExport),
  warnings: z.array(z.string()),
});
/** The advisor's result. */
export type RwSplitAdvice = z.infer<typeof rwSplitAdvice>;

/** Replication and read/write split calls. */
export const replicationContract = {
  'replication.status': call({
    kind: 'query',
    summary: "A server's replication state (channels, lag, GTIDs, errors, filters, semi-sync, attached replicas) and its lag history",
    input: z.object({
      connectionId: z.string(),
      /** The source's connection, to measure how many transactions the replica lacks. */
      sourceConnectionId: z.string().optional(),
    }),
    output: z.object({ status: replicationStatus, history: z.array(lagPoint) }),
  }),
  'rwsplit.advise': call({
    kind: 'query',
    summary: 'Read/write split advice from a slow log or performance_schema: classes, read share, read-after-write pairs, ProxySQL and ShardingSphere exports',
    input: z.object({ source: rwSplitSource, options: rwSplitOptions.prefault({}), topology: rwTopology.optional() }),
    output: rwSplitAdvice,
  }),
} as const;
