/**
 * Index advisor contract: the schema snapshot and workload it reads, the recommendations and
 * findings it returns, and the verification results (EXPLAIN before/after, timings). The
 * foundation declares `advisor.advise` and `advisor.verify` calls from these schemas.
 */
import { z } from 'zod';
import { plan } from './plan';

/** Server flavor, as the capability map derives it. */
export const advisorFlavor = z.enum(['mysql', 'mariadb']);

/** One column of a table. */
export const schemaColumn = z.object({
  name: z.string(),
  /** Full type as declared (`varchar(64)`, `bigint unsigned`). */
  columnType: z.string(),
  /** Base type, lower-case (`varchar`). */
  dataType: z.string(),
  /** Character length for strings, null otherwise. */
  charLength: z.number().nullable(),
  /** Largest key width in bytes (strings: length × bytes per character of the charset). */
  maxBytes: z.number(),
  nullable: z.boolean(),
  charset: z.string().nullable(),
  /** Sampled COUNT(DISTINCT col)/COUNT(*) when requested, else null. */
  selectivity: z.number().nullable().default(null),
});
/** A column. */
export type SchemaColumn = z.infer<typeof schemaColumn>;

/** One column of an index. */
export const indexColumn = z.object({
  name: z.string(),
  /** Prefix length (`col(10)`), null for the whole column. */
  subPart: z.number().nullable().default(null),
  direction: z.enum(['ASC', 'DESC']).default('ASC'),
  /** STATISTICS.CARDINALITY of the prefix ending here, when live. */
  cardinality: z.number().nullable().default(null),
});
/** An index column. */
export type IndexColumn = z.infer<typeof indexColumn>;

/** One index of a table. */
export const schemaIndex = z.object({
  name: z.string(),
  columns: z.array(indexColumn),
  unique: z.boolean(),
  primary: z.boolean(),
  kind: z.enum(['BTREE', 'FULLTEXT', 'SPATIAL', 'HASH']),
  /** False when INVISIBLE (MySQL 8+) or IGNORED (MariaDB 10.6+). */
  visible: z.boolean().default(true),
  /** Bytes on disk (mysql.innodb_index_stats size × page size) when live, else null. */
  sizeBytes: z.number().nullable().default(null),
});
/** An index. */
export type SchemaIndex = z.infer<typeof schemaIndex>;

/** A declared foreign key. */
export const foreignKey = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  refTable: z.string(),
  refColumns: z.array(z.string()),
});
/** A foreign key. */
export type ForeignKey = z.infer<typeof foreignKey>;

/** One table. */
export const schemaTable = z.object({
  schema: z.string().nullable(),
  name: z.string(),
  engine: z.string().nullable(),
  /** Estimated rows (TABLE_ROWS) when live, null offline. */
  rows: z.number().nullable(),
  dataBytes: z.number().nullable(),
  indexBytes: z.number().nullable(),
  columns: z.array(schemaColumn),
  indexes: z.array(schemaIndex),
  foreignKeys: z.array(foreignKey).default([]),
});
/** A table. */
export type SchemaTable = z.infer<typeof schemaTable>;

/** A statement that could not be parsed, kept and shown rather than dropped. */
export const unparsedStatement = z.object({ index: z.number(), sql: z.string(), error: z.string() });

/** The schema the advisor reasons about, live (information_schema) or offline (DDL). */
export const schemaSnapshot = z.object({
  source: z.enum(['live', 'ddl']),
  flavor: advisorFlavor.nullable(),
  version: z.string().nullable(),
  tables: z.array(schemaTable),
  /** DDL statements that could not be read. */
  unparsed: z.array(unparsedStatement).default([]),
  /** Lines about how the snapshot was made (fallback tokenizer used, sampling, ...). */
  notes: z.array(z.string()).default([]),
});
/** A schema snapshot. */
export type SchemaSnapshot = z.infer<typeof schemaSnapshot>;

/** How much a query weighs in the workload. */
export const workloadWeight = z.object({
  /** Executions (per period, or per second for QPS-weighted workloads). */
  count: z.number().nonnegative(),
  /** Total time the executions take in the same period, seconds. */
  totalTimeSec: z.number().nonnegative(),
});

/** One query class of the workload. */
export const workloadQuery = z.object({
  sql: z.string(),
  weight: workloadWeight,
  name: z.string().optional(),
  /** Rows examined per execution when the source knows it (digests, slow log). */
  rowsExamined: z.number().nullable().optional(),
  /** Rows changed per execution of a write when the source knows it (slow log Rows_affected). */
  rowsAffected: z.number().nullable().optional(),
});
/** A workload query. */
export type WorkloadQuery = z.infer<typeof workloadQuery>;

/** A column of a recommended index. */
export const recommendedColumn = z.object({
  name: z.string(),
  direction: z.enum(['ASC', 'DESC']).default('ASC'),
  /** Prefix length (`col(N)`) for TEXT/BLOB and strings too wide for one key; null for the whole column. */
  subPart: z.number().int().min(1).nullable().default(null),
});

/** A recommended new index, weighed against its cost. */
export const indexRecommendation = z.object({
  id: z.string(),
  schema: z.string().nullable(),
  table: z.string(),
  name: z.string(),
  kind: z.enum(['BTREE', 'FULLTEXT']),
  columns: z.array(recommendedColumn),
  /** True when the index holds every column the queries read from the table. */
  covering: z.boolean(),
  /** Workload queries it serves (names or first 80 characters). */
  queries: z.array(z.string()),
  /** Workload seconds (per weight period) it should save. */
  savedTimeSec: z.number(),
  /** Estimated bytes on disk. */
  sizeBytes: z.number(),
  /** Known write rate of the table (statements per weight period), null if unknown. */
  writeRate: z.number().nullable(),
  /** Where the write rate came from (server counters, the workload's writes) or why it is unknown. */
  writeSource: z.string().nullable().default(null),
  /** Estimated seconds per period spent maintaining the index on writes. */
  writeCostSec: z.number(),
  score: z.number(),
  /** Existing index this one extends (its left prefix), which becomes redundant. */
  replaces: z.string().nullable(),
  reasons: z.array(z.string()),
});
/** A recommendation. */
export type IndexRecommendation = z.infer<typeof indexRecommendation>;

/** What kind of problem a finding reports. */
export const findingKind = z.enum([
  'duplicate-index',
  'redundant-index',
  'clustered-suffix',
  'duplicate-foreign-key',
  'unused-index',
  'low-selectivity',
  'secret-in-index',
  'fk-without-index',
  'fulltext-suggested',
  'too-many-indexes',
  'or-across-columns',
  'non-sargable',
  'unparsed-statement',
  'unbatched-write',
]);

/** A problem found, with evidence and, when it has one, the fix. */
export const advisorFinding = z.object({
  id: z.string(),
  kind: findingKind,
  severity: z.enum(['info', 'warning', 'critical']),
  confidence: z.enum(['low', 'medium', 'high']),
  schema: z.string().nullable(),
  table: z.string().nullable(),
  index: z.string().nullable(),
  title: z.string(),
  detail: z.string(),
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
  /** The statement that fixes it (DROP INDEX, ADD INDEX), when there is one. */
  fix: z.string().nullable(),
  /** Bytes the fix frees (live stats or estimate). */
  wastedBytes: z.number().nullable(),
});
/** A finding. */
export type AdvisorFinding = z.infer<typeof advisorFinding>;

/** Per-query summary of what the advisor understood. */
export const analyzedQuery = z.object({
  name: z.string(),
  sql: z.string(),
  parsed: z.boolean(),
  tables: z.array(z.string()),
  weight: workloadWeight,
});

/** The advisor's answer. */
export const advisorReport = z.object({
  recommendations: z.array(indexRecommendation),
  findings: z.array(advisorFinding),
  queries: z.array(analyzedQuery),
  unparsed: z.array(unparsedStatement),
  plan,
  notes: z.array(z.string()),
});
/** The report. */
export type AdvisorReport = z.infer<typeof advisorReport>;

/** One row of a traditional EXPLAIN, reduced to what the comparison needs. */
export const explainRow = z.object({
  table: z.string().nullable(),
  accessType: z.string().nullable(),
  key: z.string().nullable(),
  rows: z.number().nullable(),
  extra: z.string().nullable(),
});
/** An EXPLAIN row. */
export type ExplainRow = z.infer<typeof explainRow>;

/** Median and p95 of measured runs, milliseconds. */
export const timingSummary = z.object({ runs: z.number(), medianMs: z.number(), p95Ms: z.number() });

/**
 * What a verify verdict rests on, strongest first: the rows the storage engine read per run
 * (Handler_read_* deltas from SHOW SESSION STATUS around each run), then timings only with enough
 * runs and a Mann-Whitney U test, then EXPLAIN's estimates; 'none' when nothing distinguishes.
 */
export const verifyEvidence = z.object({
  basis: z.enum(['rows-read', 'timing', 'estimate', 'none']),
  /** One line a DBA reads: what changed, by how much, from which counters. */
  summary: z.string(),
  /** Median rows read per run (sum of Handler_read_*), null when the statement was not run. */
  rowsReadBefore: z.number().nullable(),
  rowsReadAfter: z.number().nullable(),
  /** Median per-run delta of each Handler_read_* counter. */
  handlerBefore: z.record(z.string(), z.number()).nullable(),
  handlerAfter: z.record(z.string(), z.number()).nullable(),
  /** Two-sided Mann-Whitney U p-value of the timings, null when too few runs to test. */
  timingPValue: z.number().nullable(),
  /** The parameter values the run used and where they came from. */
  parameters: z.string().nullable(),
});
/** The evidence behind a verdict. */
export type VerifyEvidence = z.infer<typeof verifyEvidence>;

/** Before/after comparison of one query. */
export const verifyResult = z.object({
  query: z.string(),
  before: z.array(explainRow),
  after: z.array(explainRow),
  rowsBefore: z.number(),
  rowsAfter: z.number(),
  fullScansBefore: z.array(z.string()),
  fullScansAfter: z.array(z.string()),
  timingBefore: timingSummary.nullable(),
  timingAfter: timingSummary.nullable(),
  verdict: z.enum(['improved', 'unchanged', 'worse']),
  newIndexesUsed: z.array(z.string()),
  evidence: verifyEvidence,
});
/** A verification result. */
export type VerifyResult = z.infer<typeof verifyResult>;

/** Input of `advisor.advise`. */
export const adviseRequest = z.object({
  connectionId: z.string().optional(),
  database: z.string().optional(),
  schemaDdl: z.string().optional(),
  workload: z.array(workloadQuery).optional(),
  workloadText: z.string().optional(),
  options: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).optional(),
});

/** Input of `advisor.verify`. */
export const verifyRequest = z.object({
  connectionId: z.string(),
  database: z.string(),
  planHash: z.string(),
  runs: z.number().int().min(0).max(50).default(0),
});
/** Output of `advisor.verify`. */
export const verifyResponse = z.object({ results: z.array(verifyResult), notes: z.array(z.string()) });
