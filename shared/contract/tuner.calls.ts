/**
 * Tuner calls (owned by the tuner feature): analyze a live server over a sampling interval,
 * lint a my.cnf offline, re-measure after a plan was applied, and the planner request that turns
 * the ticked recommendations into SET PERSIST / SET GLOBAL steps.
 */
import { z } from 'zod';
import { call } from './core';
import { measurementComparison, tunerFinding, tunerSnapshot } from './tuner';

/** One variable change the user ticked; the value is validated and normalised by the planner. */
export const tunerChange = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  value: z.string().max(1000),
  /** The finding that proposed it (shown in the step description only). */
  ruleId: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .max(100)
    .optional(),
});

/** Plan request for the tuner planner: the variable changes the user ticked. */
export const tunerPlanRequest = z.object({
  planner: z.literal('tuner'),
  params: z.object({
    changes: z.array(tunerChange).min(1).max(200),
    /** SET PERSIST where the server has it (default); false = SET GLOBAL + my.cnf lines everywhere. */
    persist: z.boolean().optional(),
  }),
});

/** The three release targets the config linter knows. */
export const lintTarget = z.enum(['mysql-8.4', 'mysql-9.7', 'mariadb-10.11']);

/** One config lint issue, tied to a line of the file. */
export const lintIssue = z.object({
  line: z.number().int(),
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  option: z.string().nullable(),
  message: z.string(),
  docUrl: z.string(),
});

/** Worst-case memory the file allows (global buffers + max_connections × per-thread buffers). */
export const lintMemory = z.object({
  globalBytes: z.number(),
  perThreadBytes: z.number(),
  maxConnections: z.number(),
  worstCaseBytes: z.number(),
  ramBytes: z.number().nullable(),
  breakdown: z.array(z.string()),
});

/** The host figures used for an analysis and where they came from. */
export const tunerHost = tunerSnapshot.shape.host.extend({
  /** True when the server runs on this machine (loopback or socket). */
  local: z.boolean(),
});

const hostInput = {
  ramBytes: z
    .number()
    .int()
    .positive()
    .max(2 ** 53)
    .optional(),
  cores: z.number().int().positive().max(4096).optional(),
};

/** What one analysis found, with the snapshot summary. */
export const tunerAnalysis = z.object({
  /** Identifies the snapshot kept for re-measuring. */
  analysisId: z.string(),
  connectionId: z.string(),
  server: z.object({ version: z.string(), versionComment: z.string(), flavor: z.enum(['mysql', 'mariadb']), supportsPersist: z.boolean() }),
  host: tunerHost,
  capturedAt: z.string(),
  intervalSeconds: z.number(),
  uptimeSeconds: z.number(),
  variableCount: z.number().int(),
  dataBytes: z.number(),
  warnings: z.array(z.string()),
  findings: z.array(tunerFinding),
  ruleErrors: z.array(z.object({ ruleId: z.string(), message: z.string() })),
});
/** An analysis result. */
export type TunerAnalysisResult = z.infer<typeof tunerAnalysis>;

/** The tuner's calls. */
export const tunerContract = {
  'tuner.analyze': call({
    kind: 'stream',
    summary: 'Sample the server twice over an interval and run every tuner rule (findings with evidence)',
    input: z.object({ connectionId: z.string(), intervalSec: z.number().min(1).max(3600).default(60), ...hostInput }),
    output: tunerAnalysis,
  }),
  'tuner.firstLook': call({
    kind: 'query',
    summary: 'One status sample and the rules at once: first findings (lifetime figures) while the interval of tuner.analyze runs',
    input: z.object({ connectionId: z.string(), ...hostInput }),
    output: tunerAnalysis,
  }),
  'tuner.hostInfo': call({
    kind: 'query',
    summary: "The host RAM/cores the tuner would use for a connection (this machine's, or the remembered values)",
    input: z.object({ connectionId: z.string() }),
    output: tunerHost,
  }),
  'tuner.lintConfig': call({
    kind: 'query',
    summary: 'Lint a my.cnf for a target release: unknown/removed options, units, combinations, worst-case memory',
    input: z.object({
      text: z.string().max(1_000_000),
      /** Omitted: the connection's server decides (MySQL 8.4 without a connection). */
      target: lintTarget.optional(),
      /** Omitted: the host RAM the tuner knows for the connection, if any. */
      ramBytes: z.number().positive().nullable().optional(),
      /** The connected server whose flavor and host RAM fill what the request leaves out. */
      connectionId: z.string().optional(),
    }),
    output: z.object({
      target: lintTarget,
      issues: z.array(lintIssue),
      memory: lintMemory,
      /** Where the target and the RAM came from ("MariaDB 10.11 (the connection)", "typed"). */
      basis: z.object({ target: z.string(), ram: z.string() }),
    }),
  }),
  'tuner.remeasure': call({
    kind: 'stream',
    summary: 'Sample again after a plan was applied and compare what each chosen rule measured',
    input: z.object({
      connectionId: z.string(),
      analysisId: z.string(),
      ruleIds: z.array(z.string()).min(1).max(100),
      intervalSec: z.number().min(1).max(3600).default(60),
    }),
    output: z.object({ capturedAt: z.string(), intervalSeconds: z.number(), comparisons: z.array(measurementComparison) }),
  }),
} as const;
