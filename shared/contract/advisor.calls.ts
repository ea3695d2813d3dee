/**
 * Index advisor calls (owned by the advisor feature): advise on a workload against a live or
 * pasted schema, the planner request that turns the ticked recommendations into index steps,
 * and verification (EXPLAIN before/after and timings of the queries the new indexes serve).
 */
import { z } from 'zod';
import { call } from './core';
import { advisorReport, explainRow, verifyResult } from './advisor';

const ident = z.string().min(1).max(64);

/** One column of an index to add: prefix length for long strings, and direction. */
export const planIndexColumn = z.object({
  name: ident,
  /** `col(20)`: index only the first 20 characters (required for TEXT/BLOB in a B-tree). */
  subPart: z.number().int().min(1).max(3072).nullable().default(null),
  direction: z.enum(['ASC', 'DESC']).default('ASC'),
});

/** An index the user ticked, exactly as it should be created. */
export const planIndexAdd = z.object({
  schema: ident,
  table: ident,
  name: ident,
  kind: z.enum(['BTREE', 'FULLTEXT']).default('BTREE'),
  columns: z.array(planIndexColumn).min(1).max(16),
  /** Why (the recommendation's queries), shown in the step description only. */
  why: z.string().max(500).default(''),
});

/** An index to retire, or (with `reveal`) a hidden one to make visible again. */
export const planIndexRef = z.object({ schema: ident, table: ident, name: ident, why: z.string().max(500).default('') });

/** Plan request for the index advisor planner. */
export const advisorPlanRequest = z.object({
  planner: z.literal('index-advisor'),
  params: z.object({
    add: z.array(planIndexAdd).max(100).default([]),
    /** Existing indexes to remove: hidden first (INVISIBLE / IGNORED), the DROP as a later step. */
    retire: z.array(planIndexRef).max(100).default([]),
    /** Drop the retired indexes in this plan too (after the hide step), e.g. to roll back a trial index. */
    dropNow: z.boolean().default(false),
    /** Hidden indexes to make visible again (keep a trial index, or undo a hide). */
    reveal: z.array(planIndexRef).max(100).default([]),
    /** MySQL 8+: create new B-tree indexes INVISIBLE so `advisor.verify` can compare in one session. */
    createInvisible: z.boolean().default(false),
  }),
});
/** Index advisor planner params. */
export type AdvisorPlanParams = z.infer<typeof advisorPlanRequest>['params'];

/** Where the workload comes from. */
export const adviseWorkload = z.discriminatedUnion('kind', [
  /** Pasted statements (`-- name | qps | slo` headers weigh them, as in workload.sql). */
  z.object({ kind: z.literal('text'), text: z.string().max(20_000_000) }),
  /** A pasted slow log: digested into classes (fingerprint, sample, count, total time). */
  z.object({ kind: z.literal('slowlog'), text: z.string().max(200_000_000) }),
  /** The connected server's performance_schema statement digests. */
  z.object({ kind: z.literal('performance_schema') }),
]);

/** One table of the schema the advice was made on. */
export const adviseTable = z.object({
  schema: z.string().nullable(),
  name: z.string(),
  rows: z.number().nullable(),
  indexBytes: z.number().nullable(),
  indexCount: z.number(),
  /** Secondary indexes after adding the recommended ones (guideline: at most `maxIndexes`). */
  indexCountAfter: z.number(),
  /** Bytes of each existing index, measured (mysql.innodb_index_stats size × page size), null when unknown. */
  indexSizes: z.array(z.object({ name: z.string(), sizeBytes: z.number().nullable() })).default([]),
  /** Estimated bytes of the recommended new indexes on this table. */
  newIndexBytes: z.number().default(0),
});

/** Output of `advisor.advise`. */
export const adviseResult = advisorReport.extend({
  source: z.object({
    schema: z.enum(['live', 'ddl']),
    workload: z.enum(['text', 'slowlog', 'performance_schema']),
    flavor: z.enum(['mysql', 'mariadb']).nullable(),
    version: z.string().nullable(),
    database: z.string().nullable(),
  }),
  tables: z.array(adviseTable),
  maxIndexes: z.number(),
  /** The index-advisor planner request adding every recommendation (the panel keeps the ticked ones); null offline. */
  planRequest: advisorPlanRequest.nullable(),
});

/** Measured state of one query without the new indexes, kept by the client between the calls. */
export const verifyBaseline = z.object({
  query: z.string(),
  explain: z.array(explainRow),
  timingsMs: z.array(z.number()),
  /** Per-run Handler_read_* deltas, the work each run did. */
  handler: z.array(z.record(z.string(), z.number())).max(50).optional(),
  /** The statement as run, its placeholders bound: "after" runs the very same values. */
  boundSql: z.string().max(100_000).optional(),
  /** The parameter values and where they were drawn from. */
  parameters: z.string().max(2000).nullable().optional(),
});

/** A workload query to verify (named, with its SQL; `?` placeholders get sample literals). */
export const verifyQuery = z.object({ name: z.string().max(200), sql: z.string().max(100_000) });

/** The bundled co-writing example (the demo assets): schema, workload and the seed indexes. */
export const advisorExample = z.object({ schemaSql: z.string(), workloadSql: z.string(), seedIndexesSql: z.string() });

/** The advisor's calls. */
export const advisorContract = {
  'advisor.example': call({
    kind: 'query',
    summary: 'The bundled co-writing example: schema (primary/unique keys only), workload and seed indexes',
    input: z.object({}),
    output: advisorExample,
  }),
  'advisor.advise': call({
    kind: 'stream',
    summary: 'Advise indexes for a workload (pasted queries, slow log or performance_schema) on a live or pasted schema',
    input: z.object({
      connectionId: z.string().optional(),
      /** Live mode: which database (default: the connection's). */
      database: z.string().max(64).optional(),
      /** Offline mode: CREATE TABLE statements. */
      schemaDdl: z.string().max(20_000_000).optional(),
      workload: adviseWorkload,
    }),
    output: adviseResult,
  }),
  'advisor.verify': call({
    kind: 'stream',
    summary: 'EXPLAIN and time the affected queries without and with the planned indexes',
    input: z.object({
      connectionId: z.string(),
      request: advisorPlanRequest,
      queries: z.array(verifyQuery).max(200),
      runs: z.number().int().min(0).max(50).default(5),
      /** From a call made before the indexes existed (needed where they cannot be hidden per session). */
      baseline: z.array(verifyBaseline).max(200).optional(),
    }),
    output: z.object({
      /** 'baseline': the indexes do not exist yet, only "before" was measured; keep `baseline` for the next call. */
      phase: z.enum(['baseline', 'compared']),
      /** How "before" and "after" were obtained. */
      method: z.enum(['not-created', 'invisible-session', 'baseline']),
      results: z.array(verifyResult),
      baseline: z.array(verifyBaseline),
      notes: z.array(z.string()),
    }),
  }),
} as const;
