/**
 * The EXPLAIN analyzer's contract: one normalized plan model that every EXPLAIN format
 * (MySQL JSON v1/v2, TREE, EXPLAIN ANALYZE, MariaDB JSON/ANALYZE, tabular, slow-log `# explain:`)
 * is parsed into, the findings drawn from it, query-lint results and plan diffs. The engine's
 * types are `z.infer` of these schemas, so the wire form and the engine cannot drift apart.
 */
import { z } from 'zod';

/** Which EXPLAIN output a plan was parsed from. */
export const planFormats = [
  'mysql-json-v1',
  'mysql-json-v2',
  'mysql-tree',
  'mysql-analyze',
  'mariadb-json',
  'mariadb-analyze-json',
  'tabular',
  'mariadb-slowlog',
] as const;
/** One EXPLAIN format. */
export type PlanFormat = (typeof planFormats)[number];

/** What a plan node does. */
export const planNodeKinds = ['query', 'table', 'join', 'subquery', 'materialize', 'sort', 'temporary', 'union', 'group', 'limit', 'filter', 'other'] as const;
/** One plan node kind. */
export type PlanNodeKind = (typeof planNodeKinds)[number];

/** Extra-column flags, normalized across formats. */
export const planFlags = [
  'using_index',
  'using_where',
  'using_temporary',
  'using_filesort',
  'using_join_buffer',
  'using_index_condition',
  'using_mrr',
  'index_merge',
  'full_scan_on_null_key',
  'impossible_where',
] as const;
/** One normalized flag. */
export type PlanFlag = (typeof planFlags)[number];

/** How a table is read (the EXPLAIN `type` column, also derived from TREE operations). */
export const tableAccessSchema = z.object({
  type: z.string(),
  key: z.string().nullable(),
  keyParts: z.array(z.string()),
  possibleKeys: z.array(z.string()),
  keyLength: z.number().nullable(),
  ref: z.array(z.string()),
  partitions: z.array(z.string()).nullable(),
  /** For index_merge: how the per-index row sets are combined. */
  mergeKind: z.enum(['union', 'intersect', 'sort_union', 'sort_intersect']).nullable(),
});
/** Table access details of a node. */
export type TableAccess = z.infer<typeof tableAccessSchema>;

/** What the optimizer predicted. */
export const planEstimateSchema = z.object({
  rows: z.number().nullable(),
  filtered: z.number().nullable(),
  cost: z.number().nullable(),
});
/** Optimizer estimate of a node. */
export type PlanEstimate = z.infer<typeof planEstimateSchema>;

/** What EXPLAIN ANALYZE / ANALYZE measured (rows per loop, as both servers report them). */
export const planActualSchema = z.object({
  rows: z.number().nullable(),
  loops: z.number().nullable(),
  timeMs: z.number().nullable(),
  filtered: z.number().nullable(),
});
/** Measured figures of a node. */
export type PlanActual = z.infer<typeof planActualSchema>;

/** A node whose estimate is far from what ANALYZE measured. */
export const estimateMismatchSchema = z.object({
  estimatedRows: z.number(),
  actualRows: z.number(),
  factor: z.number(),
  direction: z.enum(['over', 'under']),
});
/** Estimate-vs-actual mismatch on a node. */
export type EstimateMismatch = z.infer<typeof estimateMismatchSchema>;

/** One node of the normalized plan tree. `id` is the path from the root ("0.1.2"). */
export const planNodeSchema = z.object({
  id: z.string(),
  kind: z.enum(planNodeKinds),
  label: z.string(),
  selectId: z.number().nullable(),
  selectType: z.string().nullable(),
  table: z.string().nullable(),
  access: tableAccessSchema.nullable(),
  joinAlgorithm: z.enum(['nested_loop', 'hash', 'block_nested_loop', 'batched_key_access']).nullable(),
  subquery: z.object({ dependent: z.boolean(), cacheable: z.boolean().nullable(), executions: z.number().nullable() }).nullable(),
  estimate: planEstimateSchema,
  actual: planActualSchema.nullable(),
  mismatch: estimateMismatchSchema.nullable(),
  condition: z.string().nullable(),
  flags: z.array(z.enum(planFlags)),
  tempOnDisk: z.boolean().nullable(),
  get children() {
    return z.array(planNodeSchema);
  },
});
/** A normalized plan node. */
export type PlanNode = z.infer<typeof planNodeSchema>;

/** A parsed plan: the tree plus what the parser had to skip. */
export const parsedPlanSchema = z.object({
  format: z.enum(planFormats),
  flavor: z.enum(['mysql', 'mariadb', 'unknown']),
  root: planNodeSchema,
  totalCost: z.number().nullable(),
  partial: z.boolean(),
  warnings: z.array(z.string()),
});
/** A normalized plan. */
export type ParsedPlan = z.infer<typeof parsedPlanSchema>;

/** Where malformed input went wrong. */
export const parseErrorSchema = z.object({
  message: z.string(),
  offset: z.number(),
  line: z.number(),
  column: z.number(),
});
/** A parse error with position. */
export type ExplainParseErrorInfo = z.infer<typeof parseErrorSchema>;

/** Result of parsing: a plan (possibly partial), an error, or both. */
export const parseOutcomeSchema = z.object({
  plan: parsedPlanSchema.nullable(),
  error: parseErrorSchema.nullable(),
});
/** Result of `parseExplain`. */
export type ParseOutcome = z.infer<typeof parseOutcomeSchema>;

/** How bad a finding is. */
export const severities = ['info', 'warning', 'critical'] as const;
/** One severity. */
export type Severity = (typeof severities)[number];

/** A plan finding with its evidence and suggested fix. */
export const planFindingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(severities),
  title: z.string(),
  message: z.string(),
  nodeId: z.string().nullable(),
  table: z.string().nullable(),
  evidence: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  suggestion: z.string(),
});
/** One plan finding. */
export type PlanFinding = z.infer<typeof planFindingSchema>;

/** Column of a schema snapshot. */
export const explainColumnSchema = z.object({
  name: z.string(),
  dataType: z.string(),
  columnType: z.string(),
  collation: z.string().nullable(),
});
/** Index of a schema snapshot. */
export const explainIndexSchema = z.object({
  name: z.string(),
  unique: z.boolean(),
  columns: z.array(z.string()),
  type: z.string(),
});
/** A table of a schema snapshot. */
export const explainTableSchema = z.object({
  schema: z.string(),
  name: z.string(),
  rows: z.number().nullable(),
  columns: z.array(explainColumnSchema),
  indexes: z.array(explainIndexSchema),
  /** Partition names, empty when the table is not partitioned. */
  partitions: z.array(z.string()),
});
/** Schema facts the analyzer and linter use to decide "large", "indexed", "TEXT". */
export const explainSchemaSchema = z.object({ tables: z.array(explainTableSchema) });
/** A schema snapshot. */
export type ExplainSchema = z.infer<typeof explainSchemaSchema>;
/** A table of a schema snapshot. */
export type ExplainSchemaTable = z.infer<typeof explainTableSchema>;

/** A proposed rewrite with a line diff against the original. */
export const rewriteSchema = z.object({ sql: z.string(), diff: z.string() });
/** A query rewrite. */
export type Rewrite = z.infer<typeof rewriteSchema>;

/** A query-lint finding. */
export const lintFindingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(severities),
  title: z.string(),
  message: z.string(),
  evidence: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  suggestion: z.string(),
  rewrite: rewriteSchema.nullable(),
});
/** One lint finding. */
export type LintFinding = z.infer<typeof lintFindingSchema>;

/** Lint of one statement; `parseError` is set when node-sql-parser could not read it. */
export const lintStatementSchema = z.object({
  index: z.number(),
  name: z.string().nullable(),
  sql: z.string(),
  parseError: z.string().nullable(),
  findings: z.array(lintFindingSchema),
});
/** Lint of one statement. */
export type LintStatement = z.infer<typeof lintStatementSchema>;

/** Lint of a workload: per statement, plus findings across statements (N+1 shapes). */
export const lintResultSchema = z.object({
  statements: z.array(lintStatementSchema),
  workload: z.array(lintFindingSchema),
});
/** Lint of a workload. */
export type LintResult = z.infer<typeof lintResultSchema>;

/** Access summary of one table in a plan. */
export const tableSummarySchema = z.object({
  type: z.string().nullable(),
  key: z.string().nullable(),
  rows: z.number().nullable(),
  cost: z.number().nullable(),
});
/** How one table's access changed between two plans. */
export const tableDiffSchema = z.object({
  table: z.string(),
  before: tableSummarySchema.nullable(),
  after: tableSummarySchema.nullable(),
  changes: z.array(z.string()),
});
/** Difference between two plans of the same query. */
export const planDiffSchema = z.object({
  tables: z.array(tableDiffSchema),
  nodesAdded: z.array(z.string()),
  nodesRemoved: z.array(z.string()),
  totalCost: z.object({ before: z.number().nullable(), after: z.number().nullable() }),
  findingsResolved: z.array(planFindingSchema),
  findingsIntroduced: z.array(planFindingSchema),
});
/** A plan diff. */
export type PlanDiff = z.infer<typeof planDiffSchema>;

/** One raw EXPLAIN output (as a collector returns it or a user pastes it). */
export const explainOutputSchema = z.object({ format: z.enum(planFormats).optional(), text: z.string() });

/** Everything the analyzer made of one statement's EXPLAIN outputs. */
export const explainReportSchema = z.object({
  plans: z.array(parsedPlanSchema),
  /** Index in `plans` of the plan to show first (the one with measurements, else the richest). */
  primary: z.number().nullable(),
  findings: z.array(planFindingSchema),
  errors: z.array(parseErrorSchema),
});
/** An EXPLAIN report. */
export type ExplainReport = z.infer<typeof explainReportSchema>;
