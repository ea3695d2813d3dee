/**
 * Redis cache analysis (owned by the redis feature): a whole-keyspace scan grouped by key pattern
 * at full depth (placeholders such as ids, UUIDs and hashes recognised), TTL buckets and memory per
 * pattern, the server's INFO / SLOWLOG / commandstats, a cache-design lint against a declared
 * design, and the plans that set a TTL on a pattern's keys or delete them (through the executor).
 */
import { z } from 'zod';
import { call } from './core';

/**
 * The eight TTL buckets RedisInsight's analysis shows, by remaining time to live: no expiry, then
 * lower-inclusive ranges <1 h, 1–4 h, 4–12 h, 12–24 h, 1–7 d, 7–30 d, ≥30 d (">1 month").
 */
export const ttlBucketIds = ['noExpiry', 'lt1h', 'h1to4', 'h4to12', 'h12to24', 'd1to7', 'd7to30', 'gt30d'] as const;
/** One TTL bucket id. */
export type TtlBucketId = (typeof ttlBucketIds)[number];
/** Labels of the buckets, for charts and text reports. */
export const ttlBucketLabels: Readonly<Record<TtlBucketId, string>> = {
  noExpiry: 'No expiry',
  lt1h: '<1 h',
  h1to4: '1–4 h',
  h4to12: '4–12 h',
  h12to24: '12–24 h',
  d1to7: '1–7 d',
  d7to30: '7–30 d',
  gt30d: '>1 month',
};
/** Key counts per TTL bucket. */
export const ttlBuckets = z.object(Object.fromEntries(ttlBucketIds.map((id) => [id, z.number().int()])) as Record<TtlBucketId, z.ZodNumber>);
/** TTL bucket counts. */
export type TtlBuckets = z.infer<typeof ttlBuckets>;

/** One key among the biggest (by MEMORY USAGE). */
export const bigKey = z.object({
  key: z.string(),
  pattern: z.string(),
  type: z.string(),
  bytes: z.number(),
  /** Remaining time to live in ms, or null when the key has no expiry. */
  ttlMs: z.number().nullable(),
  /** Element count for collections (HLEN, LLEN, SCARD, ZCARD, XLEN), null for strings. */
  elements: z.number().nullable(),
  node: z.string(),
});
/** A big key. */
export type BigKey = z.infer<typeof bigKey>;

/** Memory distribution of a group of keys (MEMORY USAGE bytes; percentiles within ~3%). */
export const memoryStats = z.object({ sum: z.number(), p50: z.number(), p99: z.number(), max: z.number() });

/** What the scan saw of one key pattern. */
export const patternStats = z.object({
  /** The key with its placeholders: `project:list:{n}:{n}:{n}`, `session:{uuid}`, `blob:{hash}`. */
  pattern: z.string(),
  keys: z.number().int(),
  /** Sum of MEMORY USAGE of its keys. */
  memoryBytes: z.number(),
  memory: memoryStats,
  noTtlKeys: z.number().int(),
  ttlBuckets,
  /** Smallest and largest remaining TTL among its keys that have one (ms), null when none has. */
  minTtlMs: z.number().nullable(),
  maxTtlMs: z.number().nullable(),
  types: z.record(z.string(), z.number().int()),
  encodings: z.record(z.string(), z.number().int()),
  /** Keys at or above the big-key threshold. */
  bigKeys: z.number().int(),
  /** Elements summed over its collection keys (strings count none). */
  elements: z.number(),
  biggest: z.array(bigKey),
  /** One real key of the pattern, to show what it looks like. */
  example: z.string(),
});
/** Per-pattern statistics. */
export type PatternStats = z.infer<typeof patternStats>;

/** Totals over everything scanned. */
export const keyspaceTotals = z.object({
  keys: z.number().int(),
  memoryBytes: z.number(),
  noTtlKeys: z.number().int(),
  patterns: z.number().int(),
  ttlBuckets,
  types: z.record(z.string(), z.number().int()),
  bigKeys: z.number().int(),
  /** Keys that vanished between SCAN and the per-key reads (expired or deleted meanwhile). */
  vanishedKeys: z.number().int(),
});

/** Where the scan of one node stands: a resumed analysis continues from here. */
export const nodeCursor = z.object({ node: z.string(), cursor: z.string(), done: z.boolean(), scans: z.number().int(), keys: z.number().int() });

/** Options of a keyspace scan. */
export const scanOptions = z.object({
  /** Stop after this many keys per node (a sample); absent: every key. */
  sample: z.number().int().min(1).max(1_000_000_000).optional(),
  /** SCAN COUNT hint: keys asked for per SCAN call. */
  count: z.number().int().min(10).max(10_000).default(1000),
  /** Production throttle: after every `pauseEvery` SCAN calls sleep `pauseMs` (like `redis-cli -i`). */
  pauseEvery: z.number().int().min(1).max(100_000).default(100),
  pauseMs: z.number().int().min(0).max(60_000).default(0),
  /** How per-key reads are issued: a read-only script per batch (EVALSHA_RO) or plain pipelined commands. */
  mode: z.enum(['auto', 'script', 'pipeline']).default('auto'),
  /** Keys at or above this many bytes are big keys. */
  bigKeyBytes: z
    .number()
    .int()
    .min(1)
    .max(2 ** 40)
    .default(10_240),
  /** How many of the biggest keys to keep overall (each pattern keeps 5). */
  topKeys: z.number().int().min(1).max(1000).default(50),
});
/** Scan options as given. */
export type ScanOptionsInput = z.input<typeof scanOptions>;
/** Scan options with defaults. */
export type ScanOptions = z.output<typeof scanOptions>;

/** One SLOWLOG group: entries of the same command shape (keys replaced by their pattern). */
export const slowlogGroup = z.object({
  shape: z.string(),
  command: z.string(),
  count: z.number().int(),
  totalUs: z.number(),
  maxUs: z.number(),
  lastAt: z.string(),
  example: z.string(),
});

/** One command's lifetime statistics (INFO commandstats). */
export const commandStat = z.object({
  command: z.string(),
  calls: z.number(),
  usec: z.number(),
  usecPerCall: z.number(),
  rejectedCalls: z.number(),
  failedCalls: z.number(),
});

/** `INFO keysizes` (Redis 8+): per type, the key-size histogram (power-of-two bins → key count). */
export const keySizesInfo = z.object({ db: z.string(), type: z.string(), bins: z.record(z.string(), z.number()) });

/** What the server says about itself (summed over the primaries of a cluster). */
export const redisServerReport = z.object({
  version: z.string(),
  mode: z.enum(['standalone', 'cluster', 'sentinel']),
  nodes: z.array(z.object({ node: z.string(), usedMemory: z.number(), keys: z.number().int(), role: z.string() })),
  usedMemory: z.number(),
  usedMemoryRss: z.number(),
  maxmemory: z.number(),
  maxmemoryPolicy: z.string(),
  /** used_memory_rss / used_memory of the first node (a cluster shows each node's). */
  fragmentationRatio: z.number().nullable(),
  keyspaceHits: z.number(),
  keyspaceMisses: z.number(),
  /** hits / (hits + misses), null before any lookup. */
  hitRatio: z.number().nullable(),
  evictedKeys: z.number(),
  expiredKeys: z.number(),
  uptimeSeconds: z.number(),
  /** Keys in the analysed database (DBSIZE, summed over primaries). */
  dbKeys: z.number().int(),
  slowlog: z.array(slowlogGroup),
  slowlogEntries: z.number().int(),
  commandStats: z.array(commandStat),
  /** null when the server has no `INFO keysizes` (before Redis 8). */
  keySizes: z.array(keySizesInfo).nullable(),
  /** The read path the scan used per node (script or pipeline), and why when it fell back. */
  notes: z.array(z.string()),
});
/** The server report. */
export type RedisServerReport = z.infer<typeof redisServerReport>;

/** One cache-design lint finding. */
export const designFinding = z.object({
  rule: z.enum(['ttl-mismatch', 'missing-ttl', 'undeclared-pattern', 'big-values', 'dangerous-command', 'eviction-policy']),
  severity: z.enum(['error', 'warning', 'info']),
  /** The pattern (or command / policy) it is about. */
  subject: z.string(),
  message: z.string(),
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** What to do; when a plan can do it, its request. */
  fix: z.string(),
  plan: z.object({ action: z.enum(['expire', 'delete']), pattern: z.string(), ttlSeconds: z.number().int().positive().optional() }).nullable(),
});
/** A lint finding. */
export type DesignFinding = z.infer<typeof designFinding>;

/** One declared key pattern of a cache design. */
export const designPattern = z.object({
  /** `user:info:{user_id}`: `{name}` stands for one placeholder segment (an id, a UUID, a hash). */
  pattern: z.string().min(1).max(500),
  /** Intended TTL in seconds; null: the pattern keeps its keys without expiry on purpose. */
  ttlSeconds: z.number().int().positive().nullable(),
  description: z.string().max(500).optional(),
});

/** A cache design: the declared key patterns and their TTLs (a shipped example holds the co-writing platform's). */
export const cacheDesign = z.object({
  name: z.string().max(200),
  /** Values at or above this many bytes are flagged (default 10 KiB). */
  bigValueBytes: z.number().int().positive().default(10_240),
  patterns: z.array(designPattern).min(1).max(1000),
});
/** A cache design as written in a file. */
export type CacheDesignInput = z.input<typeof cacheDesign>;
/** A cache design with defaults. */
export type CacheDesign = z.output<typeof cacheDesign>;

/** A whole analysis. */
export const redisAnalysis = z.object({
  analysisId: z.string(),
  connection: z.string(),
  db: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  /** False when stopped early (cancelled or a sample): `cursors` says where to resume. */
  complete: z.boolean(),
  sampled: z.boolean(),
  cursors: z.array(nodeCursor),
  totals: keyspaceTotals,
  patterns: z.array(patternStats),
  biggest: z.array(bigKey),
  server: redisServerReport,
  design: z.object({ name: z.string(), patterns: z.number().int() }).nullable(),
  findings: z.array(designFinding),
});
/** An analysis. */
export type RedisAnalysis = z.infer<typeof redisAnalysis>;

/** Plan request of the redis-keys planner: act on the keys of one pattern, throttled. */
export const redisKeysPlanRequest = z.object({
  planner: z.literal('redis-keys'),
  params: z.object({
    action: z.enum(['expire', 'delete']),
    /** A pattern as the analysis prints it (`user:sessions:{n}`). */
    pattern: z.string().min(1).max(500),
    /** For `expire`: the TTL to set on the keys that have none. */
    ttlSeconds: z
      .number()
      .int()
      .positive()
      .max(10 * 365 * 86400)
      .optional(),
    /** Keys per EXPIRE/UNLINK batch, and a pause after each. */
    batch: z.number().int().min(1).max(10_000).default(500),
    pauseMs: z.number().int().min(0).max(60_000).default(0),
  }),
});

/** The redis calls. */
export const redisContract = {
  'redis.analyze': call({
    kind: 'stream',
    summary: 'Scan every key (or a sample), group by pattern with TTL buckets and memory, read the server, lint against a cache design',
    input: z.object({
      connectionId: z.string(),
      options: scanOptions.default({ count: 1000, pauseEvery: 100, pauseMs: 0, mode: 'auto', bigKeyBytes: 10_240, topKeys: 50 }),
      /** A design to lint against (the shipped example when `useExample`). */
      design: cacheDesign.optional(),
      useExampleDesign: z.boolean().default(false),
      /** Continue a stopped analysis from its cursors (it must be of the same connection). */
      resumeId: z.string().optional(),
    }),
    output: redisAnalysis,
  }),
  'redis.exampleDesign': call({
    kind: 'query',
    summary: "The shipped cache design of the co-writing platform (the seed document's key patterns and TTLs)",
    input: z.object({}),
    output: cacheDesign,
  }),
} as const;
