/**
 * Tuner contract: the server snapshot the collector produces and the findings the rules emit.
 * Every number a finding shows is traceable to an input here (a variable, a status counter
 * sampled twice, a host figure or a schema size), so the UI can explain each recommendation.
 */
import { z } from 'zod';

/** Name → raw string value (SHOW GLOBAL VARIABLES / SHOW GLOBAL STATUS), names lower-cased. */
export const nameValueMap = z.record(z.string(), z.string());

/** Data size of one schema and engine (information_schema.TABLES grouped). */
export const schemaSize = z.object({
  schema: z.string(),
  engine: z.string(),
  tables: z.number().int().nonnegative(),
  dataBytes: z.number().nonnegative(),
  indexBytes: z.number().nonnegative(),
});
/** One schema × engine size row. */
export type SchemaSize = z.infer<typeof schemaSize>;

/** One replication channel as the replica reports it (both SLAVE and REPLICA column names map here). */
export const replicaChannel = z.object({
  channel: z.string(),
  sourceHost: z.string().nullable(),
  ioRunning: z.string().nullable(),
  sqlRunning: z.string().nullable(),
  secondsBehind: z.number().nullable(),
  lastError: z.string().nullable(),
  /** Source binlog file:position the IO thread has received; with `executedPosition` it shows a backlog when the lag reads NULL. */
  readPosition: z.string().nullable().optional(),
  /** Source binlog file:position the SQL thread has applied. */
  executedPosition: z.string().nullable().optional(),
  /** GTIDs received (MariaDB Gtid_IO_Pos, MySQL Retrieved_Gtid_Set), so a DBA sees where the stream is. */
  receivedGtid: z.string().nullable().optional(),
});
/** One replication channel. */
export type ReplicaChannel = z.infer<typeof replicaChannel>;

/** Everything the tuner rules read, captured in one collection run. */
export const tunerSnapshot = z.object({
  /** ISO time of the second status sample. */
  capturedAt: z.string(),
  server: z.object({
    /** SELECT VERSION(), e.g. "10.11.19-MariaDB-0+deb12u1-log" or "9.7.4-2". */
    version: z.string(),
    /** @@version_comment, e.g. "Debian 12" or "MySQL Community Server - GPL". */
    versionComment: z.string(),
  }),
  /** RAM and cores of the host: from the OS when the server is local, else typed in by the user. */
  host: z.object({
    ramBytes: z.number().positive().nullable(),
    cores: z.number().int().positive().nullable(),
    source: z.enum(['os', 'user', 'unknown']),
  }),
  variables: nameValueMap,
  /** Global status at the first sample. */
  statusBefore: nameValueMap,
  /** Global status at the second sample (also the lifetime values since startup). */
  status: nameValueMap,
  /** Seconds between the two status samples (measured, not requested). */
  intervalSeconds: z.number().nonnegative(),
  /** Server uptime at the second sample. */
  uptimeSeconds: z.number().nonnegative(),
  /** Data and index size per schema and engine, system schemas excluded. */
  schemas: z.array(schemaSize),
  replication: z.object({
    /** Which statement was used: decided from the version, not by trial. */
    statement: z.enum(['SHOW REPLICA STATUS', 'SHOW SLAVE STATUS']),
    channels: z.array(replicaChannel),
  }),
  features: z.object({
    performanceSchema: z.boolean(),
    sysSchema: z.boolean(),
  }),
  /**
   * Size in bytes of the slow log file at each status sample, when the app can see the file (a
   * server on this machine, outside a container): how fast the log grows, measured, not guessed.
   */
  slowLogBytes: z.object({ before: z.number().nonnegative(), after: z.number().nonnegative() }).nullable().optional(),
  /** Parts that could not be read (missing privilege, ...): the snapshot is partial, not failed. */
  warnings: z.array(z.string()),
});
/** A server snapshot. */
export type TunerSnapshot = z.infer<typeof tunerSnapshot>;

/** Where a finding's input value came from. Rates are always delta / interval of the two samples. */
export const inputSource = z.enum([
  'variable',
  'status-lifetime',
  'status-delta',
  'status-rate',
  'host',
  'schema',
  'uptime',
  'interval',
  'release-data',
  'derived',
]);

/** How a number should be displayed. */
export const valueUnit = z.enum(['bytes', 'count', 'per-second', 'seconds', 'percent', 'ratio', 'text', 'date']);

/** One input a rule used, with its value. */
export const findingInput = z.object({
  name: z.string(),
  source: inputSource,
  value: z.union([z.number(), z.string(), z.null()]),
  unit: valueUnit,
  /** How it was obtained, e.g. "delta 1234 over 60.0 s". */
  detail: z.string().optional(),
});
/** One input. */
export type FindingInput = z.infer<typeof findingInput>;

/** A variable change a finding proposes. */
export const variableChange = z.object({
  name: z.string(),
  current: z.string(),
  recommended: z.string(),
  /** False when the server must restart for the new value to take effect. */
  dynamic: z.boolean(),
});
/** A proposed variable change. */
export type VariableChange = z.infer<typeof variableChange>;

/** Rule areas, used to group findings. */
export const tunerArea = z.enum(['memory', 'innodb', 'durability', 'connections', 'caches', 'queries', 'logging', 'replication', 'observability', 'server']);
/** A rule area. */
export type TunerArea = z.infer<typeof tunerArea>;

/** How urgent a finding is. */
export const tunerSeverity = z.enum(['info', 'warning', 'critical']);
/** A severity. */
export type TunerSeverity = z.infer<typeof tunerSeverity>;

/** What a rule found, with everything needed to check its arithmetic. */
export const tunerFinding = z.object({
  ruleId: z.string(),
  area: tunerArea,
  severity: tunerSeverity,
  title: z.string(),
  /** What is wrong, in one or two sentences with the numbers. */
  message: z.string(),
  rationale: z.string(),
  docUrl: z.string(),
  /** The formula in words/symbols, e.g. "hit rate = 1 − Δreads / Δread_requests". */
  formula: z.string(),
  inputs: z.array(findingInput),
  result: z.object({ name: z.string(), value: z.union([z.number(), z.string(), z.null()]), unit: valueUnit }),
  recommendation: z.object({
    text: z.string(),
    /** How the recommended value was computed. */
    computation: z.string(),
  }),
  changes: z.array(variableChange),
});
/** A finding. */
export type TunerFinding = z.infer<typeof tunerFinding>;

/** One input compared before and after applying a plan. */
export const measurementDelta = z.object({
  name: z.string(),
  source: inputSource,
  unit: valueUnit,
  before: z.union([z.number(), z.string(), z.null()]),
  after: z.union([z.number(), z.string(), z.null()]),
  changed: z.boolean(),
});

/** What re-measuring showed for one finding. */
export const measurementComparison = z.object({
  ruleId: z.string(),
  inputs: z.array(measurementDelta),
  result: measurementDelta,
  /** True when the rule no longer fires on the new snapshot. */
  resolved: z.boolean(),
});
/** A before/after comparison. */
export type MeasurementComparison = z.infer<typeof measurementComparison>;
