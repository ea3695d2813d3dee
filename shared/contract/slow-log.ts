/**
 * Slow-log digest contract: the DigestReport the engine produces (electron/engines/slowlog) and
 * the calls `slowLog.digestText`, `slowLog.digestFile` (stream) and `slowLog.compare`. The
 * engine's types are `z.infer` of these schemas. Field by field: electron/engines/slowlog/REPORT.md.
 */
import { z } from 'zod';

/** Statistics of one numeric attribute (seconds for *_time / *_wait, else counts or bytes). */
export const metricStats = z.object({
  cnt: z.number(),
  sum: z.number(),
  min: z.number(),
  max: z.number(),
  avg: z.number(),
  median: z.number(),
  p95: z.number(),
  p99: z.number(),
  stddev: z.number(),
  /** False when percentiles are estimated from buckets rather than computed from every value. */
  exact: z.boolean(),
});
/** Statistics of one numeric attribute. */
export type MetricStats = z.infer<typeof metricStats>;

/** A Yes/No attribute (QC_Hit, Full_scan...): how often it was Yes. */
export const boolStats = z.object({ cnt: z.number(), yes: z.number(), pctYes: z.number() });
/** A Yes/No attribute's statistics. */
export type BoolStats = z.infer<typeof boolStats>;

/** A value and how many events had it. */
export const valueCount = z.object({ value: z.string(), count: z.number() });

/** A problem met while reading the input. */
export const parseWarning = z.object({
  kind: z.enum(['binary-input', 'oversized-entry', 'truncated-entry', 'mid-entry-start', 'unrecognized-entry', 'no-entries']),
  message: z.string(),
  offset: z.number(),
  skippedBytes: z.number(),
  skippedLines: z.number(),
});

/** Time and counts of one pipeline stage. */
export const stageTiming = z.object({ name: z.string(), ms: z.number(), in: z.number(), out: z.number() });

/** Something worth a DBA's attention about a class, with the numbers behind it. */
export const slowLogFinding = z.object({
  id: z.enum(['full-scan', 'rows-examined-ratio', 'tmp-table-on-disk', 'n-plus-one', 'filesort-on-disk']),
  severity: z.enum(['info', 'warning', 'critical']),
  checksum: z.string(),
  title: z.string(),
  evidence: z.string(),
});
/** A finding on a class. */
export type SlowLogFinding = z.infer<typeof slowLogFinding>;

/** The worst event of a class. */
export const sampleEvent = z.object({
  text: z.string(),
  ts: z.string().nullable(),
  timeMs: z.number().nullable(),
  db: z.string().nullable(),
  user: z.string().nullable(),
  host: z.string().nullable(),
  posInLog: z.number(),
  attributes: z.record(z.string(), z.string()),
  explain: z.array(z.string()),
});

/** N+1 pattern of a class: runs of the same statement on one connection. */
export const nPlusOne = z.object({
  runs: z.number(),
  repeats: z.number(),
  maxRun: z.number(),
  callers: z.array(z.object({ fingerprint: z.string(), runs: z.number() })),
});

/** Events and total query time per time slot, over the span of the whole log. */
export const timeSeries = z.object({ startMs: z.number(), stepMs: z.number(), counts: z.array(z.number()), totalTime: z.array(z.number()) });

/** One class of queries (one fingerprint). */
export const queryClass = z.object({
  rank: z.number(),
  checksum: z.string(),
  queryId: z.string(),
  fingerprint: z.string(),
  /** pt-query-digest's `distill` of the worst sample (`SELECT orders items`, `ADMIN QUIT`); pt's JSON `distillate`. */
  distillate: z.string(),
  tables: z.array(z.string()),
  count: z.number(),
  pctOfCount: z.number(),
  pctOfOrderBy: z.number(),
  qps: z.number(),
  concurrency: z.number(),
  tsMin: z.string().nullable(),
  tsMax: z.string().nullable(),
  firstSeenMs: z.number().nullable(),
  lastSeenMs: z.number().nullable(),
  metrics: z.record(z.string(), metricStats),
  bools: z.record(z.string(), boolStats),
  histogram: z.array(z.number()).length(8),
  users: z.array(valueCount),
  hosts: z.array(valueCount),
  dbs: z.array(valueCount),
  sample: sampleEvent,
  series: timeSeries.nullable(),
  nPlusOne: nPlusOne.nullable(),
  findings: z.array(slowLogFinding),
});
/** One class of queries. */
export type QueryClass = z.infer<typeof queryClass>;

/** One line of the profile table. */
export const profileRow = z.object({
  rank: z.number(),
  queryId: z.string(),
  checksum: z.string(),
  orderByTotal: z.number(),
  pct: z.number(),
  calls: z.number(),
  perCall: z.number(),
  vToM: z.number(),
  /** pt's Item column: the class's distillate (`SELECT users`, `SHOW STATUS`). */
  item: z.string(),
});

/** Totals over the whole (filtered) log. */
export const digestHeader = z.object({
  files: z.array(z.object({ name: z.string(), size: z.number() })),
  bytes: z.number(),
  events: z.number(),
  parsedEvents: z.number(),
  unreportableEvents: z.number(),
  uniqueClasses: z.number(),
  tsMin: z.string().nullable(),
  tsMax: z.string().nullable(),
  firstMs: z.number().nullable(),
  lastMs: z.number().nullable(),
  qps: z.number(),
  concurrency: z.number(),
  metrics: z.record(z.string(), metricStats),
  bools: z.record(z.string(), boolStats),
});

/** The whole digest. */
export const digestReport = z.object({
  version: z.literal(1),
  options: z.object({ ptCompatible: z.boolean(), orderBy: z.string(), limit: z.number().nullable() }),
  header: digestHeader,
  profile: z.array(profileRow),
  classes: z.array(queryClass),
  findings: z.array(slowLogFinding),
  warnings: z.array(parseWarning),
  skippedBytes: z.number(),
  skippedLines: z.number(),
  stages: z.array(stageTiming),
});
/** The whole digest. */
export type DigestReport = z.infer<typeof digestReport>;

/** How one class changed between two digests. */
export const classChange = z.object({
  checksum: z.string(),
  fingerprint: z.string(),
  status: z.enum(['new', 'gone', 'regressed', 'improved', 'unchanged']),
  before: z.object({ count: z.number(), totalTime: z.number(), avgTime: z.number(), p95: z.number() }).nullable(),
  after: z.object({ count: z.number(), totalTime: z.number(), avgTime: z.number(), p95: z.number() }).nullable(),
  /** after.avgTime / before.avgTime (null for new/gone classes). */
  avgTimeRatio: z.number().nullable(),
  totalTimeDelta: z.number(),
});

/** Result of comparing two digests. */
export const digestComparison = z.object({ changes: z.array(classChange), threshold: z.number() });
/** Result of comparing two digests. */
export type DigestComparison = z.infer<typeof digestComparison>;

/** Options a caller may pass to a digest call. */
export const digestRequestOptions = z.object({
  ptCompatible: z.boolean().optional(),
  orderBy: z.string().optional(),
  limit: z.number().int().positive().optional(),
  since: z.number().optional(),
  until: z.number().optional(),
  db: z.array(z.string()).optional(),
  user: z.array(z.string()).optional(),
  host: z.array(z.string()).optional(),
  minQueryTime: z.number().optional(),
  text: z.string().optional(),
});

/** Progress of a file digest (the stream's events). */
export const digestProgress = z.object({ bytes: z.number(), totalBytes: z.number(), events: z.number() });

/** Request/response schemas for the three calls; the foundation declares them with `call()`. */
export const slowLogCalls = {
  digestText: { input: z.object({ text: z.string(), options: digestRequestOptions.optional() }), output: digestReport, kind: 'query' },
  digestFile: { input: z.object({ path: z.string(), options: digestRequestOptions.optional() }), output: digestReport, kind: 'stream' },
  compare: {
    input: z.object({ before: digestReport, after: digestReport, threshold: z.number().positive().optional() }),
    output: digestComparison,
    kind: 'query',
  },
} as const;
