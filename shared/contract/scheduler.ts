/**
 * Scheduled maintenance jobs: a job is a kind (ANALYZE, partition rotation, an index-usage
 * snapshot, and whatever kinds later features register), its spec, a connection and a schedule.
 * The host process runs due jobs through the one executor and records each run with its report;
 * a run missed while the app was closed runs once at the next start. On a production connection
 * a job runs only under a standing approval (the connection's typed name), kept in the audit log.
 */
import { z } from 'zod';
import { call } from './core';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (24 h)');

/**
 * When a job runs, read in `timeZone` (UTC or an IANA zone). Monthly runs take a day 1–28 so
 * every month has one; anything else is a cron expression (5 fields, or @daily-style macros).
 */
export const jobSchedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('daily'), at: hhmm, timeZone: z.string().min(1).max(64).default('UTC') }),
  z.object({ kind: z.literal('weekly'), weekday: z.number().int().min(0).max(6), at: hhmm, timeZone: z.string().min(1).max(64).default('UTC') }),
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(28), at: hhmm, timeZone: z.string().min(1).max(64).default('UTC') }),
  z.object({ kind: z.literal('cron'), expr: z.string().min(1).max(200), timeZone: z.string().min(1).max(64).default('UTC') }),
]);
/** A job's schedule. */
export type JobSchedule = z.infer<typeof jobSchedule>;

/** A standing approval: who typed the production connection's name for this job, and when. */
export const standingApproval = z.object({ typedName: z.string(), by: z.string(), at: z.string(), auditId: z.number().nullable() });
/** A standing approval. */
export type StandingApproval = z.infer<typeof standingApproval>;

/** A stored job. */
export const scheduledJob = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  production: z.boolean(),
  spec: z.record(z.string(), z.unknown()),
  schedule: jobSchedule,
  /** The schedule in words ("daily at 03:00 UTC"). */
  scheduleText: z.string(),
  enabled: z.boolean(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  lastStatus: z.enum(['running', 'ok', 'failed']).nullable(),
  approval: standingApproval.nullable(),
  createdAt: z.string(),
});
/** A job. */
export type ScheduledJob = z.infer<typeof scheduledJob>;

/** Why a run started: its slot came, a slot passed while the app was closed, or a user asked. */
export const runTrigger = z.enum(['schedule', 'missed', 'manual']);

/** One run of a job and its report. */
export const jobRun = z.object({
  id: z.number(),
  jobId: z.string(),
  jobName: z.string(),
  trigger: runTrigger,
  /** Slots that passed while the app was closed, all covered by this one run. */
  missedSlots: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(['running', 'ok', 'failed']),
  summary: z.string(),
  /** The report's lines (statements run, what each did). */
  output: z.array(z.string()),
  /** The kind's structured report (a snapshot, plan outcomes). */
  details: z.unknown().optional(),
});
/** A run. */
export type JobRun = z.infer<typeof jobRun>;

/** Who runs the workspace's schedule: the process holding its lease (one at a time), if any. */
export const schedulerStatus = z.object({
  runner: z.enum(['this-process', 'other-process', 'none']),
  pid: z.number().int().nullable(),
  host: z.string().nullable(),
  /** When the lease lapses unless its holder renews it. */
  until: z.string().nullable(),
});
/** The schedule's runner. */
export type SchedulerStatus = z.infer<typeof schedulerStatus>;

/** What one pass over the due jobs ran, or who runs them instead. */
export const dueRuns = z.object({ runs: z.array(jobRun), heldBy: z.string().nullable() });
/** A pass over the due jobs. */
export type DueRuns = z.infer<typeof dueRuns>;

/** A job kind the build knows, with an example spec to start from. */
export const jobKindInfo = z.object({ id: z.string(), title: z.string(), description: z.string(), example: z.record(z.string(), z.unknown()) });

const jobInput = z.object({
  name: z.string().min(1).max(120),
  kind: z.string().min(1).max(64),
  connectionId: z.string(),
  spec: z.record(z.string(), z.unknown()),
  schedule: jobSchedule,
  enabled: z.boolean().default(true),
  /** The production connection's name, typed: records the standing approval. */
  confirmation: z.string().optional(),
});

/** Scheduler calls. */
export const schedulerContract = {
  'scheduler.kinds': call({ kind: 'query', summary: 'The job kinds this build can schedule', input: z.object({}), output: z.array(jobKindInfo) }),
  'scheduler.list': call({ kind: 'query', summary: 'Scheduled jobs with their next run', input: z.object({}), output: z.array(scheduledJob) }),
  'scheduler.add': call({ kind: 'mutation', summary: 'Schedule a job (a production connection needs its name typed)', input: jobInput, output: scheduledJob }),
  'scheduler.update': call({
    kind: 'mutation',
    summary: 'Enable or disable a job, or change its schedule',
    input: z.object({ id: z.string(), enabled: z.boolean().optional(), schedule: jobSchedule.optional() }),
    output: scheduledJob,
  }),
  'scheduler.remove': call({
    kind: 'mutation',
    summary: 'Delete a job and its runs',
    input: z.object({ id: z.string() }),
    output: z.object({ removed: z.boolean() }),
  }),
  'scheduler.approve': call({
    kind: 'mutation',
    summary: "Record a standing approval for a job on a production connection (the connection's name typed)",
    input: z.object({ id: z.string(), confirmation: z.string() }),
    output: scheduledJob,
  }),
  'scheduler.runNow': call({ kind: 'mutation', summary: 'Run a job now, through the executor', input: z.object({ id: z.string() }), output: jobRun }),
  'scheduler.runs': call({
    kind: 'query',
    summary: 'Runs of one job or of all, newest first',
    input: z.object({ jobId: z.string().optional(), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.array(jobRun),
  }),
  'scheduler.failures': call({
    kind: 'query',
    summary: 'Failed runs after a run id, for notifications',
    input: z.object({ afterId: z.number().int().min(0) }),
    output: z.array(jobRun),
  }),
  'scheduler.status': call({ kind: 'query', summary: "Which process runs this workspace's schedule", input: z.object({}), output: schedulerStatus }),
  'scheduler.runDue': call({
    kind: 'mutation',
    summary: 'Run every due or missed job once, through the executor, unless another process runs the schedule',
    input: z.object({}),
    output: dueRuns,
  }),
} as const;
