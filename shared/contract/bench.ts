/**
 * The benchmark harness: statements (a query, or the top classes of a slow log) run N times at
 * concurrency C after a warm-up, on read-guarded sessions, with placeholders filled from values
 * sampled in the data; latency percentiles, spread, throughput, the distribution for charts, the
 * server's own count of the statements, and a before/after comparison with a noise band.
 */
import { z } from 'zod';
import { call } from './core';

/** One statement to run; `?` placeholders are filled with values sampled from the columns they are compared with. */
export const benchStatement = z.object({ name: z.string().max(200), sql: z.string().min(1).max(100_000) });

/** A run's figures (the CLI's --json keys). */
export const benchSummary = z.object({
  runs: z.number().int(),
  errors: z.number().int(),
  minMs: z.number(),
  meanMs: z.number(),
  p50Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  stddevMs: z.number(),
  madMs: z.number(),
  qps: z.number(),
  wallMs: z.number(),
});

/** Result of one statement. */
export const benchResult = z.object({
  name: z.string(),
  sql: z.string(),
  summary: benchSummary,
  /** Distinct parameter sets sampled from the data (0 for a statement without placeholders). */
  parameterSets: z.number().int(),
  /** Statements the server counted on the benchmark's sessions during the timed runs (Com_select), or null. */
  serverCount: z.number().int().nullable(),
  histogram: z.array(z.object({ fromMs: z.number(), toMs: z.number(), count: z.number().int() })),
  cdf: z.array(z.object({ ms: z.number(), fraction: z.number() })),
  /** Every successful run's latency in ms, in completion order (for a later comparison). */
  latenciesMs: z.array(z.number()),
  errorSamples: z.array(z.string()),
});
/** One statement's result. */
export type BenchResult = z.infer<typeof benchResult>;

/** How to run. */
export const benchInput = z.object({
  connectionId: z.string(),
  database: z.string().max(64).optional(),
  statements: z.array(benchStatement).min(1).max(20),
  runs: z.number().int().min(1).max(20_000).default(200),
  concurrency: z.number().int().min(1).max(64).default(4),
  warmup: z.number().int().min(0).max(5_000).default(20),
  /** Rows sampled per table for placeholder values. */
  sampleRows: z.number().int().min(1).max(10_000).default(200),
});

/** A before/after verdict. */
export const benchComparison = z.object({
  p95DeltaMs: z.number(),
  p95DeltaPct: z.number(),
  p95CiMs: z.tuple([z.number(), z.number()]),
  p50DeltaMs: z.number(),
  mannWhitneyP: z.number(),
  verdict: z.enum(['faster', 'slower', 'within noise']),
  explanation: z.string(),
});
/** A comparison. */
export type BenchComparison = z.infer<typeof benchComparison>;

/** Benchmark calls. */
export const benchContract = {
  'bench.run': call({
    kind: 'stream',
    summary: 'Run statements N times at concurrency C after a warm-up, with placeholders sampled from the data (reads only)',
    input: benchInput,
    output: z.object({ startedAt: z.string(), concurrency: z.number().int(), results: z.array(benchResult), notes: z.array(z.string()) }),
  }),
  'bench.compare': call({
    kind: 'query',
    summary: 'Compare two latency samples: faster, slower or within noise (Mann-Whitney and a bootstrap interval of the p95)',
    input: z.object({ before: z.array(z.number()).min(1).max(20_000), after: z.array(z.number()).min(1).max(20_000) }),
    output: benchComparison,
  }),
} as const;
