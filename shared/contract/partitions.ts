/**
 * Partitions: preflight of partitioning DDL (the error each server would give, and a fix that
 * runs), the partitions of a live table with their rows and where they sit in time, which
 * partitions each workload query reads, and plans that convert a table or rotate its partitions
 * through the one executor.
 */
import { z } from 'zod';
import { call } from './core';

/** The releases preflight knows offline (`--flavor`). */
export const partitionFlavorTarget = z.enum(['mariadb-10.11', 'mysql-8.4', 'mysql-9.7']);

/** One thing preflight found in a statement. */
export const partitionFinding = z.object({
  /** Stable rule id ("unique-key-columns", "bound-not-constant", ...). */
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  /** The error number the server gives for it (errors), the one a later write would get (warnings), or null. */
  errno: z.number().int().nullable(),
  message: z.string(),
  docUrl: z.string(),
  /** Character range in the statement the finding points at (for editor markers). */
  start: z.number().int(),
  end: z.number().int(),
});
/** A preflight finding. */
export type PartitionFinding = z.infer<typeof partitionFinding>;

/** Preflight of one statement. */
export const statementCheck = z.object({
  index: z.number().int(),
  sql: z.string(),
  /** Offset of the statement in the script. */
  offset: z.number().int(),
  table: z.string().nullable(),
  kind: z.string(),
  findings: z.array(partitionFinding),
  /** The error the server reports first, or null when the statement would run. */
  predictedErrno: z.number().int().nullable(),
  /** Runnable SQL that does what the statement meant, or null. */
  fix: z.string().nullable(),
  /** What the fix costs, said plainly (a uniqueness the server no longer guarantees, ...). */
  fixNotes: z.array(z.string()),
});
/** A statement's preflight. */
export type StatementCheck = z.infer<typeof statementCheck>;

/** Preflight of a script. */
export const checkResult = z.object({
  flavor: z.string(),
  source: z.enum(['schema', 'live', 'none']),
  statements: z.array(statementCheck),
  notes: z.array(z.string()),
});
/** A script's preflight. */
export type CheckResult = z.infer<typeof checkResult>;

/** Where a partition sits relative to today and the retention. */
export const partitionStatus = z.enum(['expired', 'past', 'current', 'future', 'catch-all', 'other']);

/** One partition of a live table. */
export const partitionInfo = z.object({
  name: z.string(),
  ordinal: z.number().int(),
  /** PARTITION_DESCRIPTION as the server shows it. */
  description: z.string().nullable(),
  rows: z.number(),
  dataBytes: z.number(),
  /** The dates it holds, [from, to), when the scheme is by date. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  status: partitionStatus,
});
/** A partition. */
export type PartitionInfo = z.infer<typeof partitionInfo>;

/** A table for the panel's list. */
export const partitionTableSummary = z.object({
  schema: z.string(),
  table: z.string(),
  rows: z.number().nullable(),
  dataBytes: z.number().nullable(),
  indexBytes: z.number().nullable(),
  partitions: z.number().int(),
  method: z.string().nullable(),
  expression: z.string().nullable(),
});
/** A table summary. */
export type PartitionTableSummary = z.infer<typeof partitionTableSummary>;

/** Retention as the CLI writes it: `12m`, `8w`, `90d`. */
export const retentionText = z.string().regex(/^\d{1,4}[dwm]$/, 'retention is a number and d, w or m: 12m, 8w, 90d');

/** Parameters of a rotation plan. */
export const rotateParams = z.object({
  schema: z.string().min(1).max(64),
  table: z.string().min(1).max(64),
  retention: retentionText,
  /** Empty future partitions to keep ahead of today. */
  premake: z.number().int().min(0).max(366),
  /** Past-retention partitions: dropped, or first exchanged into an archive table `<table>_archive`. */
  archive: z.enum(['drop', 'exchange']).default('drop'),
  /** Today as YYYY-MM-DD (defaults to the server's CURRENT_DATE), so a plan can be replayed. */
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
/** Rotation parameters. */
export type RotateParams = z.infer<typeof rotateParams>;

/** Parameters of a conversion plan: the `ALTER TABLE … PARTITION BY` to run (usually a preflight fix). */
export const convertParams = z.object({
  schema: z.string().min(1).max(64),
  table: z.string().min(1).max(64),
  ddl: z.string().min(1).max(200_000),
});

/** The rotation planner's request. */
export const partitionRotatePlanRequest = z.object({ planner: z.literal('partition-rotate'), params: rotateParams });
/** The conversion planner's request. */
export const partitionConvertPlanRequest = z.object({ planner: z.literal('partition-convert'), params: convertParams });

/** Scratch databases the pruning check creates: the prefix makes them recognisable and safe to drop. */
export const scratchSchemaName = z.string().regex(/^dbw_scratch_[a-z0-9]{6,32}$/, 'a scratch database is named dbw_scratch_<random>');

/**
 * Parameters of the pruning check's scratch plan: `create` builds `scratch` with the table's
 * structure, the proposed partitioning and a bounded sample of its rows; `drop` removes it.
 */
export const pruneScratchParams = z.object({
  schema: z.string().min(1).max(64),
  table: z.string().min(1).max(64),
  /** The proposed `ALTER TABLE … PARTITION BY` (the designer's DDL, or a preflight fix). */
  ddl: z.string().min(1).max(200_000),
  scratch: scratchSchemaName,
  sampleRows: z.number().int().min(1).max(200_000),
  action: z.enum(['create', 'drop']),
});
/** The scratch plan's request. */
export const partitionScratchPlanRequest = z.object({ planner: z.literal('partition-scratch'), params: pruneScratchParams });

/** Which partitions one query reads. */
export const pruningResult = z.object({
  name: z.string(),
  sql: z.string(),
  /** Partitions the server's EXPLAIN lists for the table, or null when the query does not read it. */
  partitions: z.array(z.string()).nullable(),
  total: z.number().int(),
  readsAll: z.boolean(),
  error: z.string().nullable(),
});
/** A pruning check. */
export type PruningResult = z.infer<typeof pruningResult>;

/** What the scratch pruning check found: per query, the partitions it reads of the design's total. */
export const pruneReport = z.object({
  scratch: z.string(),
  /** Rows copied into the scratch table (at most the requested sample). */
  sampledRows: z.number().int(),
  /** Partitions the design makes. */
  total: z.number().int(),
  results: z.array(pruningResult),
  /** True when the scratch database was dropped afterwards (it always is unless the server went away). */
  dropped: z.boolean(),
});
/** A scratch pruning report. */
export type PruneReport = z.infer<typeof pruneReport>;

const tableTarget = { connectionId: z.string(), schema: z.string().min(1).max(64), table: z.string().min(1).max(64) };

/** The designer's answer for one table. */
export const designResult = z.object({
  worth: z.boolean(),
  reasons: z.array(z.string()),
  column: z.string().nullable(),
  interval: z.enum(['day', 'week', 'month']).nullable(),
  /** The ALTER that converts the table (keys rewritten as preflight requires). */
  ddl: z.string().nullable(),
  keyNotes: z.array(z.string()),
  partitions: z.array(z.object({ name: z.string(), from: z.string().nullable(), to: z.string().nullable(), rows: z.number(), bytes: z.number() })),
  statements: z.array(z.object({ name: z.string(), sql: z.string(), count: z.number(), use: z.enum(['prunes', 'purge', 'reads-all', 'function-on-column']) })),
  premake: z.number().int(),
  retention: z.string().nullable(),
});
/** A design. */
export type DesignResult = z.infer<typeof designResult>;

/** Partition calls. */
export const partitionsContract = {
  'partitions.example': call({
    kind: 'query',
    summary: "The co-writing example: the seed document's partitioning statements, the schema they act on and its hot queries",
    input: z.object({}),
    output: z.object({ ddl: z.string(), schemaSql: z.string(), workloadSql: z.string() }),
  }),
  'partitions.check': call({
    kind: 'query',
    summary: 'Preflight partitioning DDL against a schema text or a live connection: errno, message, doc link and a fix per statement',
    input: z.object({
      ddl: z.string().min(1).max(1_000_000),
      schemaSql: z.string().max(5_000_000).optional(),
      connectionId: z.string().optional(),
      database: z.string().max(64).optional(),
      flavor: partitionFlavorTarget.default('mariadb-10.11'),
      asOf: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    }),
    output: checkResult,
  }),
  'partitions.tables': call({
    kind: 'query',
    summary: 'Tables of a database with size, rows and partition count',
    input: z.object({ connectionId: z.string(), schema: z.string().min(1).max(64) }),
    output: z.array(partitionTableSummary),
  }),
  'partitions.inspect': call({
    kind: 'query',
    summary: "A table's partitions with rows, bytes and where each sits against today and the retention",
    input: z.object({ ...tableTarget, retention: retentionText.default('12m'), asOf: rotateParams.shape.asOf }),
    output: z.object({
      summary: partitionTableSummary,
      partitions: z.array(partitionInfo),
      interval: z.enum(['day', 'week', 'month']).nullable(),
      alerts: z.array(z.string()),
    }),
  }),
  'partitions.design': call({
    kind: 'query',
    summary: 'Whether a table is worth partitioning, the scheme, the key rewrite and its cost, rows and bytes per partition',
    input: z.object({ ...tableTarget, workloadSql: z.string().max(5_000_000).optional(), premake: z.number().int().min(0).max(366).default(3) }),
    output: designResult,
  }),
  'partitions.pruning': call({
    kind: 'query',
    summary: 'Which partitions each query reads (EXPLAIN), flagging those that read every partition',
    input: z.object({
      ...tableTarget,
      queries: z
        .array(z.object({ name: z.string(), sql: z.string().min(1).max(100_000) }))
        .min(1)
        .max(200),
    }),
    output: z.array(pruningResult),
  }),
  'partitions.prune': call({
    kind: 'mutation',
    summary:
      'Pruning check of a proposed partitioning: a scratch copy of the table with the design and sampled rows (a plan, audited), EXPLAIN per query, then the copy is dropped',
    input: z.object({
      ...tableTarget,
      ddl: z.string().min(1).max(200_000),
      queries: z
        .array(z.object({ name: z.string(), sql: z.string().min(1).max(100_000) }))
        .min(1)
        .max(200),
      sampleRows: z.number().int().min(1).max(200_000).default(5000),
      /** The connection's name, when it is marked production (the scratch plan writes). */
      confirmation: z.string().optional(),
    }),
    output: pruneReport,
  }),
} as const;
