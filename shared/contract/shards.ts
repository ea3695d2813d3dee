/**
 * Shard planning: which key to shard on (each column's share of the workload's filters, joins
 * and groupings), which tables follow it (co-location through the key they carry or a named
 * lookup path), which are reference tables, the skew measured on the real data under the hash
 * the export uses, the queries that become cross-shard and why; the exports for Vitess,
 * ShardingSphere and MariaDB Spider made from that one plan; and the data migration into a
 * Spider front through the executor.
 */
import { z } from 'zod';
import { call } from './core';

/** How a table takes part in the plan. */
export const shardRole = z.enum(['root', 'carries-key', 'needs-key', 'reference', 'unsharded']);
/** A table's role. */
export type ShardRole = z.infer<typeof shardRole>;

/** One hop of a lookup path: `table.column` points at `refTable.refColumn`. */
export const lookupHop = z.object({ table: z.string(), column: z.string(), refTable: z.string(), refColumn: z.string() });
/** A lookup hop. */
export type LookupHop = z.infer<typeof lookupHop>;

/** How much the workload uses one column of a table, weighted by the queries' counts. */
export const columnUsage = z.object({
  column: z.string(),
  filter: z.number(),
  join: z.number(),
  group: z.number(),
  /** (filter + join + group) of this column over the table's total. */
  share: z.number(),
});
/** A column's usage. */
export type ColumnUsage = z.infer<typeof columnUsage>;

/** Rows per shard under the plan's function, counted on the server. */
export const skewMeasure = z.object({
  perShard: z.array(z.number()),
  /** Largest shard over the mean (1 = perfectly even). */
  maxOverMean: z.number(),
  /** The SQL that counted it, so a DBA can run it again. */
  sql: z.string(),
});
/** A skew measure. */
export type SkewMeasure = z.infer<typeof skewMeasure>;

/** Statistics of a candidate key column, counted on the server. */
export const keyStats = z.object({
  rows: z.number(),
  cardinality: z.number(),
  /** Share of rows holding the most common value. */
  mostCommonFrequency: z.number(),
  /** True when new rows get ever larger values (AUTO_INCREMENT, a timestamp): range sharding would send every insert to one shard. */
  monotonic: z.boolean(),
});
/** Key statistics. */
export type KeyStats = z.infer<typeof keyStats>;

/** Shares of the weighted statements by how they are routed (they sum to 1). */
export const routingShares = z.object({ single: z.number(), multi: z.number(), scatter: z.number(), unsharded: z.number() });

/** One candidate shard key of the group's root and how the workload routes under it. */
export const keyCandidate = z.object({
  table: z.string(),
  column: z.string(),
  /** Weighted share of reads that hit one shard, several named shards, every shard, or only unsharded tables. */
  reads: routingShares,
  writes: routingShares,
  /** Tables the key reaches (carried or through a lookup) over the tables that could be sharded. */
  reach: z.number(),
  score: z.number(),
  stats: keyStats.nullable(),
});
/** A candidate key. */
export type KeyCandidate = z.infer<typeof keyCandidate>;

/** One table's place in the plan. */
export const shardTable = z.object({
  table: z.string(),
  role: shardRole,
  /** The column holding the shard key in this table (after `needs-key` adds it), or null. */
  keyColumn: z.string().nullable(),
  /** For `needs-key`: the path from this table to the root the key is filled from. */
  path: z.array(lookupHop),
  rows: z.number().nullable(),
  usage: z.array(columnUsage),
  /** Second access paths the router needs a lookup for (column → shard), e.g. documents.id. */
  lookups: z.array(z.string()),
  auto: z.string().nullable(),
  skew: skewMeasure.nullable(),
  why: z.string(),
});
/** A table's placement. */
export type ShardTable = z.infer<typeof shardTable>;

/** A workload query the plan cannot send to one shard. */
export const crossShardQuery = z.object({
  name: z.string(),
  sql: z.string(),
  weight: z.number(),
  kind: z.enum(['read', 'write']),
  routing: z.enum(['single', 'multi', 'scatter', 'unsharded']),
  reason: z.string(),
  rewrite: z.string().nullable(),
});
/** A cross-shard query. */
export type CrossShardQuery = z.infer<typeof crossShardQuery>;

/** The plan every export is made from. */
export const shardPlan = z.object({
  shards: z.number().int(),
  root: z.string(),
  key: z.string(),
  /** The key's name in the other tables (`user_id` for users.id). */
  keyName: z.string(),
  /** The function rows are placed with, named as the engines name it. */
  func: z.object({ name: z.string(), description: z.string() }),
  candidates: z.array(keyCandidate),
  tables: z.array(shardTable),
  crossShard: z.array(crossShardQuery),
  notes: z.array(z.string()),
});
/** A shard plan. */
export type ShardPlan = z.infer<typeof shardPlan>;

/** One problem an export's checker found. */
export const exportIssue = z.object({ path: z.string(), message: z.string() });
/** An export issue. */
export type ExportIssue = z.infer<typeof exportIssue>;

/** The engines the plan exports to. */
export const shardExportKind = z.enum(['vitess', 'shardingsphere', 'spider']);
/** An export kind. */
export type ShardExportKind = z.infer<typeof shardExportKind>;

/** An export, with what its checker found (empty when it passed). */
export const shardExport = z.object({ kind: shardExportKind, text: z.string(), issues: z.array(exportIssue) });
/** An export. */
export type ShardExport = z.infer<typeof shardExport>;

/** A shard backend the Spider export points at. */
export const shardBackend = z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65535), user: z.string().min(1), password: z.string() });

/** What the planner reads. */
export const shardPlanInput = z.object({
  schema: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ddl'), text: z.string().min(1).max(5_000_000) }),
    z.object({ kind: z.literal('connection'), connectionId: z.string(), database: z.string().min(1).max(64) }),
  ]),
  workload: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('script'), text: z.string().min(1).max(20_000_000) }),
    z.object({ kind: z.literal('slowlog'), text: z.string().min(1).max(200_000_000) }),
  ]),
  shards: z.number().int().min(2).max(1024),
  /** Force the root table and its key column instead of the best-scoring candidate. */
  key: z.object({ table: z.string(), column: z.string() }).optional(),
  /** Shard backends for the Spider export (placeholders when absent). */
  backends: z.array(shardBackend).max(1024).optional(),
  /** Database the Spider export creates on the front and the backends. */
  targetDatabase: z.string().min(1).max(64).optional(),
});
/** Planner input. */
export type ShardPlanInput = z.infer<typeof shardPlanInput>;

/** What the planner returns. */
export const shardPlanOutput = z.object({ plan: shardPlan, exports: z.array(shardExport) });

/** The migration plan request: copy a source database into a Spider front's sharded tables. */
export const shardMigrateParams = z.object({
  /** The source server, as the front reaches it (a Spider link table per source table). */
  source: shardBackend.extend({ database: z.string().min(1).max(64) }),
  /** The database on the front holding the Spider tables of the export. */
  targetDatabase: z.string().min(1).max(64),
  /** Tables to copy, in order: primary key, its range on the source, and for a table that gets the key added, the column and the path it is filled along. */
  tables: z
    .array(
      z.object({
        table: z.string().min(1).max(64),
        pk: z.string().min(1).max(64),
        min: z.number().int(),
        max: z.number().int(),
        addedKey: z.string().min(1).max(64).nullable(),
        path: z.array(lookupHop),
      }),
    )
    .min(1)
    .max(500),
  chunkRows: z.number().int().min(1).max(1_000_000).default(5000),
  /** Pause after each chunk (the throttle), milliseconds. */
  sleepMs: z.number().int().min(0).max(60_000).default(0),
  /** Saved replica connections whose lag holds the next chunk (the copy must not outrun them). */
  replicas: z.array(z.string().min(1)).max(20).default([]),
  /** Lag, seconds, above which a replica holds the next chunk. */
  maxLagSeconds: z.number().min(0).max(86_400).default(10),
  /** Longest a held chunk waits before the migration stops (resumable from its checkpoints). */
  maxWaitMs: z.number().int().min(1000).max(86_400_000).default(600_000),
});
/** Migration parameters. */
export type ShardMigrateParams = z.infer<typeof shardMigrateParams>;

/** The plan request for the migration planner. */
export const shardMigratePlanRequest = z.object({ planner: z.literal('shard-migrate'), params: shardMigrateParams });

/** What the Migration tab asks for: the source and target connections, the shard plan, the throttle. */
export const shardMigrationRequestInput = z.object({
  /** The source connection and its database. */
  sourceId: z.string().min(1),
  sourceDatabase: z.string().min(1).max(64),
  /** The database on the Spider front (the target connection) holding the export's tables. */
  targetDatabase: z.string().min(1).max(64),
  plan: shardPlan,
  chunkRows: z.number().int().min(1).max(1_000_000).default(5000),
  sleepMs: z.number().int().min(0).max(60_000).default(0),
  replicas: z.array(z.string().min(1)).max(20).default([]),
  maxLagSeconds: z.number().min(0).max(86_400).default(10),
  maxWaitMs: z.number().int().min(1000).max(86_400_000).default(600_000),
});

/** Shard planning calls. */
export const shardsContract = {
  'shards.plan': call({
    kind: 'query',
    summary: 'Plan the shard key, co-location, reference tables, skew and cross-shard queries, with the engine exports',
    input: shardPlanInput,
    output: shardPlanOutput,
  }),
  'shards.migrationRequest': call({
    kind: 'query',
    summary: "Build the migration plan request from the source's key ranges (reads only): preview and apply it on the front",
    input: shardMigrationRequestInput,
    output: shardMigratePlanRequest,
  }),
} as const;
