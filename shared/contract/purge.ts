/**
 * Purge jobs with pt-archiver's discipline: delete the rows of a table that match a condition in
 * small committed transactions, walking the primary key in ascending chunks, pausing for replica
 * lag and server load, sleeping between chunks, keeping a checkpoint on the server so a killed
 * run resumes with no double work, and recording per-chunk statistics in the audit. The dry run
 * counts exactly what would be deleted and writes nothing.
 */
import { z } from 'zod';
import { call } from './core';

const ident = z.string().min(1).max(64);

/** Where deleted rows go first, in the same transaction as the DELETE (or nowhere). */
export const purgeArchive = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** INSERT … SELECT into a table with the same columns (created LIKE the source when missing). */
  z.object({ kind: z.literal('table'), schema: ident, table: ident }),
  /**
   * Each chunk's rows appended to a file on this machine and fsync'd before the chunk's DELETE
   * commits (pt-archiver --file). The path may hold %D (database), %t (table), %Y %m %d %H %i %s
   * (the run's start, local time); a resumed run continues the file its checkpoint names.
   */
  z.object({
    kind: z.literal('file'),
    path: z.string().trim().min(1).max(1024),
    /** tsv: LOAD DATA INFILE's default format (what pt-archiver writes); csv with a header line; JSON lines. */
    format: z.enum(['tsv', 'csv', 'jsonl']).default('tsv'),
  }),
]);
/** An archive target. */
export type PurgeArchive = z.infer<typeof purgeArchive>;

/**
 * One purge job: what the app's Purge tab, `dbw purge` and a scheduled job all run. The condition
 * is the DBA's own SQL expression; it is checked by the read guard when the dry run counts it.
 */
export const purgeSpec = z.object({
  schema: ident,
  table: ident,
  /** A boolean SQL expression over the table's columns (no statement separators). */
  where: z.string().trim().min(1).max(4000),
  /** Rows per chunk: one DELETE per committed transaction (pt-archiver's --limit with --txn-size). */
  chunk: z.number().int().min(1).max(100_000).default(1000),
  /** Pause after each chunk (pt-archiver --sleep). */
  sleepMs: z.number().int().min(0).max(600_000).default(0),
  /** Also sleep this multiple of the chunk's own time (pt-archiver --sleep-coef). */
  sleepCoef: z.number().min(0).max(100).default(0),
  /** Replica connections whose lag is checked (saved connection ids; URLs from the command line). */
  replicas: z.array(z.string().min(1)).max(20).default([]),
  /** Wait while any replica lags more than this many seconds, or reports no lag (pt-archiver --max-lag). */
  maxLagSeconds: z.number().min(0).max(86_400).default(10),
  /** Wait while Threads_running is above this (pt-online-schema-change --max-load). */
  pauseThreadsRunning: z.number().int().min(1).max(100_000).default(50),
  /** Stop the purge when Threads_running reaches this (--critical-load). */
  abortThreadsRunning: z.number().int().min(1).max(100_000).default(200),
  /** How often the lag and load gates are read, at most (pt-archiver --check-interval). */
  checkIntervalMs: z.number().int().min(0).max(600_000).default(1000),
  /** Longest a gate may hold the purge before it stops instead of waiting forever. */
  maxWaitMs: z.number().int().min(1000).max(86_400_000).default(600_000),
  /** Continue after the last committed chunk of the same job (its checkpoint), instead of from the start. */
  resume: z.boolean().default(false),
  archive: purgeArchive.default({ kind: 'none' }),
});
/** A purge job spec (defaults filled in). */
export type PurgeSpec = z.infer<typeof purgeSpec>;
/** A purge job spec as a caller writes it (defaults optional). */
export type PurgeSpecInput = z.input<typeof purgeSpec>;

/** The executor's request for a purge plan. */
export const purgePlanRequest = z.object({ planner: z.literal('purge'), params: purgeSpec });

/** What the dry run of `dbw purge` found: exactly what a run from here would delete (the Purge tab reads the same figures from the plan preview, `purgePreviewOf`). */
export const purgeDryRun = z.object({
  jobId: z.string(),
  /** Rows that match now (after the checkpoint when resuming). */
  rows: z.number().int(),
  /** Transactions a run would take: ceil(rows / chunk). */
  chunks: z.number().int(),
  tableRows: z.number().int(),
  keyColumn: z.string(),
  /** The primary key's columns, in index order (more than one for a composite key). */
  keyColumns: z.array(z.string()),
  /** The archive file a run would write (its template expanded now, or the checkpoint's file when resuming), else null. */
  archiveFile: z.string().nullable(),
  /** The checkpoint a resumed run starts after, or null. */
  resumeAfter: z.string().nullable(),
  /** The statements one chunk runs, in order, as they are sent. */
  chunkSql: z.array(z.string()),
  planHash: z.string(),
  /** How the dry run reached its numbers. */
  notes: z.array(z.string()),
});
/** A dry run. */
export type PurgeDryRun = z.infer<typeof purgeDryRun>;

/** One committed chunk. */
export const purgeChunk = z.object({
  n: z.number().int(),
  rows: z.number().int(),
  ms: z.number(),
  lastKey: z.string(),
});
/** A chunk's figures. */
export type PurgeChunk = z.infer<typeof purgeChunk>;

/** Why a run ended. */
export const purgeEnd = z.enum(['done', 'stopped', 'critical-load', 'gate-timeout', 'error']);

/** What a run did (also what the audit records). */
export const purgeRunResult = z.object({
  jobId: z.string(),
  applied: z.literal(true),
  end: purgeEnd,
  message: z.string(),
  rows: z.number().int(),
  archived: z.number().int(),
  chunks: z.number().int(),
  elapsedMs: z.number(),
  rowsPerSec: z.number(),
  latency: z.object({ p50Ms: z.number(), p95Ms: z.number(), maxMs: z.number() }),
  /** Time spent waiting on the lag gate, the load gate and the sleeps. */
  waits: z.object({ lagMs: z.number(), loadMs: z.number(), sleepMs: z.number() }),
  resumedAfter: z.string().nullable(),
  lastKey: z.string().nullable(),
  /** The archive file and its committed size in bytes (what the checkpoint records), or null. */
  archiveFile: z.object({ path: z.string(), bytes: z.number().int(), format: z.enum(['tsv', 'csv', 'jsonl']) }).nullable(),
  /** The most recent chunks (all of them up to 5000). */
  chunkLog: z.array(purgeChunk),
  auditId: z.number().nullable(),
});
/** A run's result. */
export type PurgeRunResult = z.infer<typeof purgeRunResult>;

/** A shipped cleanup of the co-writing schema (from the seed document's data-cleanup tasks). */
export const purgePreset = z.object({
  id: z.string(),
  title: z.string(),
  table: z.string(),
  /** The condition for a given age or count, with its cutoff fixed when the preset is chosen. */
  where: z.string(),
  description: z.string(),
});
/** A preset. */
export type PurgePreset = z.infer<typeof purgePreset>;

/** Purge calls (the dry run and the run are the executor's preview and apply of a `purge` plan). */
export const purgeContract = {
  'purge.presets': call({
    kind: 'query',
    summary: "The co-writing schema's cleanups (expired sessions, old AI generations, surplus versions, old exports and logs)",
    input: z.object({ schema: ident, now: z.string().optional() }),
    output: z.array(purgePreset.extend({ schema: z.string() })),
  }),
} as const;

/** What a purge plan's preview measured, as the Purge tab shows it (the dry run's figures). */
export interface PurgePreview {
  planHash: string;
  jobId: string;
  /** Rows that match now (after the checkpoint when resuming): an exact count. */
  rows: number;
  chunks: number;
  tableRows: number;
  keyColumn: string;
  resumeAfter: string | null;
  archiveFile: string | null;
  /** The statements one chunk runs in its transaction, in order, one per line. */
  chunkSql: string;
  /** The read each chunk runs first: the upper key of its range. */
  boundSql: string;
}

/**
 * Reads the dry run's figures from the preview of a `purge` plan (its `chunks` step's measured
 * details), or null when the preview is not a purge's.
 */
export function purgePreviewOf(preview: {
  plan: { planner: string; hash: string };
  steps: Array<{ stepId: string; details: Record<string, string | number | null> }>;
}): PurgePreview | null {
  const d = preview.plan.planner === 'purge' ? preview.steps.find((s) => s.stepId === 'chunks')?.details : undefined;
  if (!d) return null;
  const text = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : String(v));
  return {
    planHash: preview.plan.hash,
    jobId: String(d.jobId),
    rows: Number(d.rows),
    chunks: Number(d.chunks),
    tableRows: Number(d.tableRows),
    keyColumn: String(d.key),
    resumeAfter: text(d.resumeAfter),
    archiveFile: text(d.archiveFile),
    chunkSql: String(d.chunkSql),
    boundSql: String(d.boundSql),
  };
}

const CHUNK_PROGRESS = /^chunk (\d+): (\d+) rows in ([\d.]+) ms, up to key (.*)$/;

/** The progress message of a committed chunk (the Purge tab charts its latency live from these). */
export function formatChunkProgress(c: PurgeChunk): string {
  return `chunk ${c.n}: ${c.rows} rows in ${c.ms.toFixed(2)} ms, up to key ${c.lastKey}`;
}

/** Reads a chunk back from its progress message, or null for any other message (a gate's wait, the end). */
export function parseChunkProgress(message: string | undefined): PurgeChunk | null {
  const m = message ? CHUNK_PROGRESS.exec(message) : null;
  return m ? { n: Number(m[1]), rows: Number(m[2]), ms: Number(m[3]), lastKey: m[4]! } : null;
}
