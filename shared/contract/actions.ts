/**
 * Plans through the one executor: derive → preview (writes nothing) → apply (step by step,
 * audited) → verify (measure again). Planners are named; their parameters are validated here.
 */
import { z } from 'zod';
import { call } from './core';
import { advisorPlanRequest } from './advisor.calls';
import { plan } from './plan';
import { explainAnalyzePlanRequest, sqlPlanRequest } from './sql.calls';
import { tunerPlanRequest } from './tuner.calls';
import { readOnlyAccountPlanRequest } from './read-only-account';
import { killSessionPlanRequest } from './monitor.calls';
import { redisKeysPlanRequest } from './redis';
import { partitionConvertPlanRequest, partitionRotatePlanRequest, partitionScratchPlanRequest } from './partitions';
import { backupScratchPlanRequest } from './backup';
import { purgePlanRequest, purgeRunResult } from './purge';
import { shardMigratePlanRequest } from './shards';
import { checkTablePlanRequest, unusedIndexPlanRequest } from './health';
import { sysbenchScratchPlanRequest } from './sysbench';
import { backupRestorePlanRequest } from './backup-restore';
import { backupPhysicalRestorePlanRequest } from './backup-restore';

/** A table reference. */
export const tableRef = z.object({ schema: z.string().min(1).max(64), table: z.string().min(1).max(64) });

/** Which planner to ask, with its parameters. One entry per planner the app has. */
export const planRequest = z.discriminatedUnion('planner', [
  z.object({
    planner: z.literal('analyze-table'),
    params: z.object({ tables: z.array(tableRef).min(1).max(500), op: z.enum(['analyze', 'optimize']).optional() }),
  }),
  tunerPlanRequest,
  advisorPlanRequest,
  sqlPlanRequest,
  explainAnalyzePlanRequest,
  readOnlyAccountPlanRequest,
  killSessionPlanRequest,
  redisKeysPlanRequest,
  partitionRotatePlanRequest,
  partitionConvertPlanRequest,
  partitionScratchPlanRequest,
  backupScratchPlanRequest,
  purgePlanRequest,
  shardMigratePlanRequest,
  unusedIndexPlanRequest,
  checkTablePlanRequest,
  sysbenchScratchPlanRequest,
  backupRestorePlanRequest,
  backupPhysicalRestorePlanRequest,
]);
/** A plan request. */
export type PlanRequest = z.infer<typeof planRequest>;

/** What a step would touch, as measured during preview (reads only). */
export const stepPreview = z.object({
  stepId: z.string(),
  touches: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});

/** Measured state the planner's verify compares (before apply, after apply). */
export const measurement = z.object({
  at: z.string(),
  metrics: z.array(z.object({ key: z.string(), label: z.string(), value: z.union([z.number(), z.string(), z.null()]) })),
});
/** A measurement. */
export type Measurement = z.infer<typeof measurement>;

/**
 * What became of a step: done, refused by the server, not run, or `unknown` — the connection was
 * lost while the step ran, so whether the server applied it cannot be known from here and must be
 * checked on the server before anything is re-run or rolled back.
 */
export const stepStatus = z.enum(['ok', 'failed', 'skipped', 'unknown']);
/** A step's status. */
export type StepStatus = z.infer<typeof stepStatus>;

/** One step's outcome. */
export const stepOutcome = z.object({
  stepId: z.string(),
  sql: z.string(),
  status: stepStatus,
  durationMs: z.number(),
  message: z.string(),
  auditId: z.number().nullable(),
});

/** An audit log row. */
export const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  planner: z.string(),
  planTitle: z.string(),
  planHash: z.string(),
  stepId: z.string(),
  sql: z.string(),
  status: stepStatus,
  message: z.string(),
  durationMs: z.number(),
  rollback: z.string().nullable(),
});
/** An audit row. */
export type AuditEntry = z.infer<typeof auditEntry>;

const target = { connectionId: z.string(), request: planRequest };

/** Executor calls. */
export const actionsContract = {
  'actions.preview': call({
    kind: 'query',
    summary: 'Derive a plan and show what it would run and touch (dry run: writes nothing)',
    input: z.object(target),
    output: z.object({ plan, steps: z.array(stepPreview), before: measurement, writesNothing: z.literal(true) }),
  }),
  'actions.apply': call({
    kind: 'stream',
    summary: 'Re-derive the plan, refuse if its hash changed, run it step by step and audit every step',
    input: z.object({ ...target, planHash: z.string(), confirmation: z.string().optional() }),
    output: z.object({
      plan,
      outcomes: z.array(stepOutcome),
      stoppedAt: z.string().nullable(),
      before: measurement,
      after: measurement.nullable(),
      /** A purge's run: its rows, chunks, per-chunk latency, waits and archive (the chunk loop is one step). */
      purge: purgeRunResult.optional(),
    }),
  }),
  'actions.verify': call({ kind: 'query', summary: 'Measure what the plan acts on, now', input: z.object(target), output: measurement }),
  'audit.list': call({
    kind: 'query',
    summary: 'Read the audit log, newest first',
    input: z.object({ connectionId: z.string().optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    output: z.array(auditEntry),
  }),
} as const;
