/**
 * SQL editor and EXPLAIN calls (owned by the editor feature). Statements typed in the editor run
 * on the read session only; results stay on the host in a bounded buffer and reach the renderer
 * one page at a time. A statement that could write runs only as a previewed plan (`sqlPlanRequest`).
 */
import { z } from 'zod';
import { call } from './core';
import { lintResultSchema, lintStatementSchema, parsedPlanSchema, parseErrorSchema, planDiffSchema, planFindingSchema } from './explain';

/** Plan request for a statement typed in the editor that may write: it runs only through the executor. */
export const sqlPlanRequest = z.object({
  planner: z.literal('sql-statement'),
  params: z.object({
    sql: z.string().min(1).max(1_000_000),
    database: z.string().max(64).optional(),
    /** The audit entry whose rollback statement this is (the Audit log's Roll back), for the plan's title. */
    rollbackOf: z.number().int().min(1).optional(),
  }),
});

/**
 * Plan request for ANALYZE of a statement that writes: START TRANSACTION, the ANALYZE (which
 * executes it), ROLLBACK. Refused for non-transactional tables, DDL and implicit commits.
 */
export const explainAnalyzePlanRequest = z.object({
  planner: z.literal('explain-analyze'),
  params: z.object({ sql: z.string().min(1).max(1_000_000), database: z.string().max(64).optional() }),
});

/** A cell: text, number, NULL, or binary bytes (hex of the first bytes plus the full length). */
export const sqlCell = z.union([z.string(), z.number(), z.null(), z.object({ hex: z.string(), bytes: z.number() })]);
/** One cell value on the wire. */
export type SqlCell = z.infer<typeof sqlCell>;

/** A result column as the server described it. */
export const sqlColumn = z.object({ name: z.string(), type: z.string(), binary: z.boolean() });
/** A result column. */
export type SqlColumn = z.infer<typeof sqlColumn>;

/** The server's error next to the statement that raised it. */
export const sqlError = z.object({ code: z.string(), errno: z.number().nullable(), message: z.string() });

/** One statement's outcome: rows (first page), an OK summary, or the server's error. */
export const sqlResult = z.object({
  /** Key for `sql.page`; null when the statement returned no rows. */
  resultId: z.string().nullable(),
  index: z.number(),
  sql: z.string(),
  columns: z.array(sqlColumn),
  rows: z.array(z.array(sqlCell)),
  /** Rows buffered so far; final once `complete`. */
  totalRows: z.number(),
  complete: z.boolean(),
  /** The buffer hit its row or byte cap; rows past it were not read. */
  truncated: z.boolean(),
  /** Why the rows stopped early (a cap, the host's result memory being full, a release). */
  truncatedReason: z.string().nullable().default(null),
  elapsedMs: z.number(),
  affectedRows: z.number().nullable(),
  /** Warnings the server counted in its OK packet (SHOW WARNINGS lists them); null for rows. */
  warnings: z.number().nullable().default(null),
  error: sqlError.nullable(),
});
/** One statement's outcome. */
export type SqlResult = z.infer<typeof sqlResult>;

/** A page of a buffered result. */
export const sqlPage = z.object({
  rows: z.array(z.array(sqlCell)),
  offset: z.number(),
  totalRows: z.number(),
  complete: z.boolean(),
  truncated: z.boolean(),
  truncatedReason: z.string().nullable().default(null),
  elapsedMs: z.number(),
  /** The error that ended the rows after the first page (the rows before it stay readable). */
  error: sqlError.nullable().default(null),
});
/** A page of rows. */
export type SqlPage = z.infer<typeof sqlPage>;

/** Schema objects for autocompletion. */
export const schemaInfo = z.object({
  schemas: z.array(z.string()),
  tables: z.array(z.object({ schema: z.string(), name: z.string(), columns: z.array(z.object({ name: z.string(), type: z.string() })) })),
  functions: z.array(z.string()),
  cachedAt: z.string(),
});
/** Autocompletion data of a connection. */
export type SchemaInfo = z.infer<typeof schemaInfo>;

/** A history entry. */
export const historyEntry = z.object({ id: z.number(), at: z.string(), connectionId: z.string().nullable(), kind: z.string(), text: z.string() });
/** One history entry. */
export type HistoryEntry = z.infer<typeof historyEntry>;

/** A plan with its findings and the statement's lint. */
export const explainOutcome = z.object({
  sql: z.string(),
  /** The EXPLAIN statement that ran, or null when parsed offline. */
  explainSql: z.string().nullable(),
  plan: parsedPlanSchema.nullable(),
  error: parseErrorSchema.nullable(),
  findings: z.array(planFindingSchema),
  lint: lintStatementSchema.nullable(),
});
/** Plan + findings + lint. */
export type ExplainOutcome = z.infer<typeof explainOutcome>;

/** How to EXPLAIN: estimate only, JSON v2 (MySQL), TREE (MySQL), or executing ANALYZE. */
export const explainMode = z.enum(['json', 'json-v2', 'tree', 'analyze']);

const conn = { connectionId: z.string() };
const sqlText = z.string().min(1).max(1_000_000);

/** The editor's calls. */
export const sqlContract = {
  'sql.run': call({
    kind: 'stream',
    summary: 'Run the statement(s) on the read session; results are buffered on the host and paged',
    input: z.object({
      ...conn,
      sql: sqlText,
      database: z.string().max(64).optional(),
      pageSize: z.number().int().min(1).max(5000).default(200),
      /** Client-chosen id so `sql.cancel` can reach the run before it returns. */
      runId: z.string().min(1).max(64),
      /**
       * Rows kept of a query with no LIMIT of its own (the read stops there, so the server stops
       * too); null or absent leaves only the host's own cap.
       */
      rowCap: z.number().int().min(1).max(1_000_000).nullable().optional(),
    }),
    output: z.object({ runId: z.string(), results: z.array(sqlResult) }),
  }),
  'sql.page': call({
    kind: 'query',
    summary: 'Read a page of a buffered result (waits for rows still streaming in)',
    input: z.object({ resultId: z.string(), offset: z.number().int().min(0), limit: z.number().int().min(1).max(5000) }),
    output: sqlPage,
  }),
  'sql.cancel': call({
    kind: 'mutation',
    summary: 'Stop a running statement with KILL QUERY from a second connection',
    input: z.object({ runId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'sql.release': call({
    kind: 'mutation',
    summary: 'Drop the buffered results of a run',
    input: z.object({ runId: z.string() }),
    output: z.object({ released: z.number() }),
  }),
  'sql.schemaInfo': call({
    kind: 'query',
    summary: 'Schemas, tables, columns and functions for autocompletion (cached per connection)',
    input: z.object({ ...conn, refresh: z.boolean().default(false) }),
    output: schemaInfo,
  }),
  'sql.history': call({
    kind: 'query',
    summary: 'Statements run on a connection, newest first, optionally filtered',
    input: z.object({ connectionId: z.string().nullable(), search: z.string().max(200).default(''), limit: z.number().int().min(1).max(500).default(100) }),
    output: z.array(historyEntry),
  }),
  'sql.format': call({
    kind: 'query',
    summary: 'Format SQL for MySQL or MariaDB',
    input: z.object({ sql: sqlText, dialect: z.enum(['mysql', 'mariadb']).default('mysql') }),
    output: z.object({ sql: z.string() }),
  }),
  'explain.run': call({
    kind: 'stream',
    summary: 'EXPLAIN a statement on the server (ANALYZE executes it) and analyze the plan',
    input: z.object({
      ...conn,
      sql: sqlText,
      database: z.string().max(64).optional(),
      mode: explainMode.default('json'),
      confirmWrite: z.boolean().default(false),
    }),
    output: explainOutcome,
  }),
  'explain.parse': call({
    kind: 'query',
    summary: 'Parse EXPLAIN output (any supported format) and analyze it; with a connection, against its schema',
    input: z.object({
      text: z.string().min(1).max(20_000_000),
      sql: z.string().max(1_000_000).default(''),
      /** Analyze against this connection's schema (e.g. the ANALYZE output of a rolled-back write plan). */
      connectionId: z.string().optional(),
      database: z.string().max(64).optional(),
    }),
    output: explainOutcome,
  }),
  'explain.diff': call({
    kind: 'query',
    summary: 'Compare two plans of the same query',
    input: z.object({ before: parsedPlanSchema, after: parsedPlanSchema }),
    output: planDiffSchema,
  }),
  'lint.query': call({
    kind: 'query',
    summary: 'Lint statements and propose rewrites (schema-aware when a connection is given)',
    input: z.object({ sql: sqlText, connectionId: z.string().optional(), dialect: z.enum(['mysql', 'mariadb']).optional() }),
    output: lintResultSchema,
  }),
  'explain.compareRewrite': call({
    kind: 'stream',
    summary: 'EXPLAIN the original and the rewritten statement and diff the plans',
    input: z.object({ ...conn, sql: sqlText, rewrite: sqlText, database: z.string().max(64).optional() }),
    output: z.object({ before: explainOutcome, after: explainOutcome, diff: planDiffSchema.nullable() }),
  }),
} as const;
