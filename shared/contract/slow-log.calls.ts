/**
 * The slow-log calls the renderer makes: digest a paste, a file (uploaded or by path, as a
 * cancellable stream), compare two digests, the bundled demo, and a live digest read from a
 * connected server. Report schemas live in ./slow-log.ts (the engine's contract).
 */
import { z } from 'zod';
import { call } from './core';
import { digestReport, digestRequestOptions, slowLogCalls } from './slow-log';

/** Where a file digest reads from: a file the Node host received, or a local path (desktop/CLI). */
export const digestSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('upload'), uploadId: z.string().regex(/^[0-9a-f-]{36}$/, 'not an upload id'), name: z.string().max(255).optional() }),
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
]);
/** A file digest's source. */
export type DigestSource = z.infer<typeof digestSource>;

/** Where a live digest reads from on the server. */
export const liveSource = z.enum(['performance_schema', 'slow_log_table']);

/** A live digest: the report plus what the server could not say. */
export const liveDigestResult = z.object({
  source: liveSource,
  report: digestReport,
  /** Attributes a slow log has that this source lacks (so the UI can say so instead of showing zeros). */
  missingMetrics: z.array(z.string()),
  notes: z.array(z.string()),
});
/** A live digest. */
export type LiveDigestResult = z.infer<typeof liveDigestResult>;

/** The bundled demo analysis (shown on first start). */
export const demoResult = z.object({ title: z.string(), logName: z.string(), report: digestReport, schemaSql: z.string() });

/** Slow-log calls. */
export const slowLogContract = {
  'slowLog.digestText': call({ summary: 'Digest a pasted slow log', ...slowLogCalls.digestText }),
  'slowLog.digestFile': call({
    kind: 'stream',
    summary: 'Digest a slow-log file (uploaded or by path) with progress; cancellable',
    input: z.object({ source: digestSource, options: digestRequestOptions.optional() }),
    output: digestReport,
  }),
  'slowLog.compare': call({ summary: 'Compare two digests: new, gone, regressed classes', ...slowLogCalls.compare }),
  'slowLog.demo': call({
    kind: 'query',
    summary: 'The bundled demo analysis (co-writing platform), filtered when options are given',
    input: z.object({ options: digestRequestOptions.optional() }),
    output: demoResult,
  }),
  'slowLog.liveDigest': call({
    kind: 'stream',
    summary: 'Digest statements on a connected server (performance_schema digests or mysql.slow_log)',
    input: z.object({ connectionId: z.string(), source: liveSource.default('performance_schema'), options: digestRequestOptions.optional() }),
    output: liveDigestResult,
  }),
} as const;
