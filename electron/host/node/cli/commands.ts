/**
 * Every dbw subcommand, in the order of the DBA's loop. A command's module (and the engines,
 * drivers and parsers behind it) is imported only when that command runs, so `dbw --help`,
 * `dbw --version` and `dbw digest` do not pay for the SQL parser, the MySQL and Redis drivers
 * or the whole app runtime.
 */
import type { CliCommand } from './command';

/** A listed command: what `dbw --help` shows, and how to load it. */
export interface CliCommandEntry {
  readonly name: string;
  /** One line for `dbw --help`. */
  readonly summary: string;
  load(): Promise<CliCommand>;
}

/** Subcommands in the order `dbw --help` lists them. */
export const commands: readonly CliCommandEntry[] = [
  {
    name: 'digest',
    summary: 'Digest slow logs: query classes ranked by total time, like pt-query-digest',
    load: async () => (await import('./digest.command')).digestCommand,
  },
  {
    name: 'explain',
    summary: 'Analyze an EXPLAIN output or a statement: plan tree, findings with fixes, query lint',
    load: async () => (await import('./explain.command')).explainCommand,
  },
  {
    name: 'advise',
    summary: 'Index advice (missing, duplicate, unused) for a workload, with an online DDL plan',
    load: async () => (await import('./advise.command')).adviseCommand,
  },
  {
    name: 'tune',
    summary: 'Tune a MySQL/MariaDB server (findings with evidence + plan), or lint a my.cnf',
    load: async () => (await import('./tune.command')).tuneCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the app on 127.0.0.1 (browser mode) and print its URL with the access token',
    load: async () => (await import('./serve.command')).serveCommand,
  },
  {
    name: 'monitor',
    summary: 'Watch a MySQL/MariaDB server: per-second metrics and alert rules, exit 1 when an alert fires',
    load: async () => (await import('./monitor.command')).monitorCommand,
  },
  {
    name: 'alerts',
    summary: 'Export the alert rules as a Prometheus rule file (mysqld_exporter metrics) or as JSON',
    load: async () => (await import('./alerts.command')).alertsCommand,
  },
  {
    name: 'redis',
    summary: 'Analyze a Redis keyspace by pattern, TTL and memory, and lint it against a cache design',
    load: async () => (await import('./redis.command')).redisCommand,
  },
  {
    name: 'partition',
    summary: 'Partition preflight (the error each server would give, and a fix) and rotation plans',
    load: async () => (await import('./partition.command')).partitionCommand,
  },
  {
    name: 'replication',
    summary: "A server's replication state: threads, lag in seconds and GTID transactions, errors, filters, replicas",
    load: async () => (await import('./replication.command')).replicationCommand,
  },
  {
    name: 'rwsplit',
    summary: 'Read/write split advice from a slow log or performance_schema, with ProxySQL and ShardingSphere exports',
    load: async () => (await import('./rwsplit.command')).rwsplitCommand,
  },
  {
    name: 'backup',
    summary: 'Back up a database with a manifest of row counts and checksums, and verify it by a restore into a scratch database',
    load: async () => (await import('./backup.command')).backupCommand,
  },
  {
    name: 'bench',
    summary: 'Benchmark a query or the top slow-log classes: p50/p95/p99, QPS, errors, with parameters sampled from the data',
    load: async () => (await import('./bench.command')).benchCommand,
  },
  {
    name: 'purge',
    summary: 'Purge rows in committed primary-key chunks with lag and load gates and a checkpoint, like pt-archiver --purge',
    load: async () => (await import('./purge.command')).purgeCommand,
  },
  {
    name: 'shard',
    summary: 'Shard planning (key, co-location, skew, cross-shard queries, Vitess/ShardingSphere/Spider exports) and migration',
    load: async () => (await import('./shard.command')).shardCommand,
  },
  {
    name: 'schedule',
    summary: "The app's scheduled jobs: list them and their runs, run one now, or run what is due (for cron)",
    load: async () => (await import('./schedule.command')).scheduleCommand,
  },
  {
    name: 'health',
    summary: 'Table health, unused indexes with their evidence and hide/drop stage, CHECK TABLE',
    load: async () => (await import('./health.command')).healthCommand,
  },
];
