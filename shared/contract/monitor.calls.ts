/**
 * Monitor calls (owned by the monitor feature): sample a server for the live dashboard (alerts
 * evaluated on each sample), read the kept history or a Prometheus server's, the activity view,
 * the alert rules (read, save, export for Prometheus), alert history, pool advice, and the
 * planner request that kills a query or a connection through the executor.
 */
import { z } from 'zod';
import { call } from './core';
import { activitySnapshot, alertEvent, alertRule, alertSeverity, declaredPool, monitorSample, poolAdviceItem } from './monitor';

/** Plan request for the kill-session planner: which session, and whether to end only its statement. */
export const killSessionPlanRequest = z.object({
  planner: z.literal('kill-session'),
  params: z.object({
    processId: z.number().int().positive(),
    /** 'query' ends the running statement (KILL QUERY); 'connection' ends the session and rolls back its transaction. */
    scope: z.enum(['query', 'connection']),
  }),
});

/** Filters of the processlist. */
export const sessionFilter = z.object({
  /** Leave out sessions doing nothing (Command = Sleep) and the server's own daemons. */
  hideIdle: z.boolean().default(true),
  user: z.string().max(128).optional(),
  db: z.string().max(64).optional(),
  /** Only sessions in their current state for at least this many seconds. */
  minTimeSec: z.number().min(0).max(10_000_000).default(0),
  /** Substring of the statement text. */
  text: z.string().max(200).optional(),
});

/** A Prometheus server to read history from. */
export const prometheusSource = z.object({
  url: z
    .string()
    .url()
    .max(500)
    .refine((u) => /^https?:\/\//.test(u), 'http(s) only'),
  /** The exporter's `instance` label; when absent the first instance found is used. */
  instance: z.string().max(200).optional(),
});

const range = z
  .number()
  .int()
  .min(300)
  .max(7 * 86_400);

/** The monitor's calls. */
export const monitorContract = {
  'monitor.sample': call({
    kind: 'query',
    summary: 'Take one sample of a server (per-second rates since the previous one), keep it, and evaluate the alert rules on it',
    input: z.object({ connectionId: z.string() }),
    output: z.object({
      sample: monitorSample,
      events: z.array(alertEvent),
      active: z.array(z.object({ ruleId: z.string(), severity: alertSeverity, since: z.string(), summary: z.string() })),
    }),
  }),
  'monitor.history': call({
    kind: 'query',
    summary: 'Samples kept in the workspace for a range (5 minutes to 7 days), averaged into buckets',
    input: z.object({ connectionId: z.string(), rangeSec: range }),
    output: z.object({ samples: z.array(monitorSample), bucketSec: z.number() }),
  }),
  'monitor.prometheusHistory': call({
    kind: 'query',
    summary: "Read a range of the dashboard's metrics from a Prometheus server's query API (mysqld_exporter metrics)",
    input: z.object({ source: prometheusSource, rangeSec: range }),
    output: z.object({ samples: z.array(monitorSample), bucketSec: z.number(), instance: z.string(), missing: z.array(z.string()) }),
  }),
  'monitor.activity': call({
    kind: 'query',
    summary: 'Sessions, long transactions, the lock-wait tree with its root blockers, and metadata locks, now',
    input: z.object({ connectionId: z.string(), filter: sessionFilter.default({ hideIdle: true, minTimeSec: 0 }) }),
    output: activitySnapshot,
  }),
  'monitor.rules': call({
    kind: 'query',
    summary: 'The alert rules in force (the saved ones, else the shipped defaults)',
    input: z.object({}),
    output: z.object({ rules: z.array(alertRule), custom: z.boolean() }),
  }),
  'monitor.saveRules': call({
    kind: 'mutation',
    summary: 'Validate and save alert rules (an empty list restores the shipped defaults)',
    input: z.object({ rules: z.array(alertRule).max(200) }),
    output: z.object({ rules: z.array(alertRule), custom: z.boolean() }),
  }),
  'monitor.exportRules': call({
    kind: 'query',
    summary: 'The alert rules as a Prometheus rule file over mysqld_exporter metric names',
    input: z.object({}),
    output: z.object({ yaml: z.string() }),
  }),
  'monitor.alertHistory': call({
    kind: 'query',
    summary: 'Alert events (firing, resolved), newest first',
    input: z.object({ connectionId: z.string().optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    output: z.array(alertEvent.extend({ connectionId: z.string() })),
  }),
  'monitor.poolAdvice': call({
    kind: 'query',
    summary: "Connection-pool and server settings for the application's declared pool, with the formula behind each",
    input: z.object({
      connectionId: z.string(),
      pool: declaredPool,
      cores: z.number().int().min(1).max(4096).optional(),
      disks: z.number().int().min(1).max(1000).default(1),
    }),
    output: z.object({ cores: z.number(), coresSource: z.enum(['os', 'user']), items: z.array(poolAdviceItem), historySamples: z.number() }),
  }),
} as const;
