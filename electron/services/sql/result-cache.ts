/**
 * Buffered editor results, by run: the renderer pages through them with `sql.page`. Bounded by
 * run count and by one byte budget shared by every result, checked on each row as it streams in
 * (not only when a run opens): when a row does not fit, the least recently used runs that are
 * no longer streaming are dropped to make room, and when none is left the streams still running
 * stop as truncated, with a message that says why.
 */
import { AppError } from '../../../shared/contract/core';
import type { ByteBudget, QueryRunner, ResultBuffer } from '../../connections/collectors/query-runner.collector';
import { fmtBytes } from '../../engines/tuner/units';

/** What the cache needs of a run's connection: to stop its statement and to close it. */
export type RunConnection = Pick<QueryRunner, 'cancel' | 'close'>;

/** One editor run: its connection while statements still stream, and its buffered results. */
export interface CachedRun {
  runId: string;
  runner: RunConnection | null;
  results: Map<string, ResultBuffer>;
  lastUsed: number;
  /** What this run's buffers count against the cache's byte budget. */
  budget: ByteBudget;
  /** Bytes this run's buffers were admitted for (rows arrive before their buffer is listed in `results`). */
  bytes: number;
}

/** Limits of the cache. */
export interface CacheLimits {
  maxRuns: number;
  /** Bytes all buffered results together may hold (an estimate of their size in the JS heap). */
  maxBytes: number;
}

/** 24 runs, 512 MB of rows: room for a few large results without letting a burst of them take the host's memory. */
export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxRuns: 24, maxBytes: 512 * 1024 * 1024 };

/**
 * The cache limits from the environment: `DBW_RESULT_CACHE_MB` sets the byte budget (a host with
 * little memory lowers it, a big one may raise it). A value that is not a positive number is
 * refused rather than silently ignored.
 */
export function cacheLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): CacheLimits {
  const raw = env.DBW_RESULT_CACHE_MB;
  if (raw === undefined || raw === '') return DEFAULT_CACHE_LIMITS;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) throw new AppError('BAD_INPUT', `DBW_RESULT_CACHE_MB must be a positive number of megabytes, not "${raw}"`);
  return { ...DEFAULT_CACHE_LIMITS, maxBytes: Math.round(mb * 1024 * 1024) };
}

/** LRU cache of runs under one byte budget. */
export class ResultCache {
  private readonly runs = new Map<string, CachedRun>();
  private used = 0;

  constructor(private readonly limits: CacheLimits = DEFAULT_CACHE_LIMITS) {}

  /** Bytes the buffered results hold now. */
  get usedBytes(): number {
    return this.used;
  }

  /** Registers a run (replacing one with the same id). */
  open(runId: string, runner: RunConnection): CachedRun {
    this.drop(runId);
    const run: CachedRun = { runId, runner, results: new Map(), lastUsed: Date.now(), budget: { admit: (_buf, bytes) => this.admit(run, bytes) }, bytes: 0 };
    this.runs.set(runId, run);
    this.evict(runId);
    return run;
  }

  /** The run, or null. */
  run(runId: string): CachedRun | null {
    return this.runs.get(runId) ?? null;
  }

  /** The buffer behind a result id (`<runId>:<index>`), touched as recently used. */
  buffer(resultId: string): ResultBuffer {
    const runId = resultId.slice(0, resultId.lastIndexOf(':'));
    const run = this.runs.get(runId);
    const buf = run?.results.get(resultId);
    if (!run || !buf) throw new AppError('NOT_FOUND', 'This result is no longer buffered: run the statement again.');
    run.lastUsed = Date.now();
    return buf;
  }

  /** Drops a run: its buffers end (waiting page reads settle), its connection closes; returns how many results went with it. */
  drop(runId: string, reason = 'This result was released.'): number {
    const run = this.runs.get(runId);
    if (!run) return 0;
    this.runs.delete(runId);
    this.used -= run.bytes;
    run.bytes = 0;
    for (const buf of run.results.values()) buf.stop(reason);
    if (run.runner) void run.runner.close();
    run.runner = null;
    return run.results.size;
  }

  /** Drops least recently used runs beyond the limits, never `keep`. */
  evict(keep: string): void {
    const byAge = [...this.runs.values()].filter((r) => r.runId !== keep).sort((a, b) => a.lastUsed - b.lastUsed);
    while (byAge.length && (this.runs.size > this.limits.maxRuns || this.used > this.limits.maxBytes)) this.drop(byAge.shift()!.runId);
  }

  /** Closes every run (runtime shutdown). */
  clear(): void {
    for (const id of [...this.runs.keys()]) this.drop(id);
  }

  /**
   * Accounts one more row of `run`. Over the budget, idle runs (nothing streaming) go first, least
   * recently used first; a run still streaming is never dropped to make room, it is refused.
   */
  private admit(run: CachedRun, bytes: number): string | null {
    if (this.runs.get(run.runId) !== run) return 'This result was released.';
    if (this.used + bytes > this.limits.maxBytes) {
      const idle = [...this.runs.values()].filter((r) => r !== run && r.runner === null).sort((a, b) => a.lastUsed - b.lastUsed);
      while (idle.length && this.used + bytes > this.limits.maxBytes)
        this.drop(idle.shift()!.runId, 'Dropped to make room for newer results: run the statement again.');
    }
    if (this.used + bytes > this.limits.maxBytes) {
      return `Stopped early: the host keeps at most ${fmtBytes(this.limits.maxBytes)} of results for all open runs, and results still streaming fill it. Release results you no longer need, or narrow the query (LIMIT, fewer columns).`;
    }
    this.used += bytes;
    run.bytes += bytes;
    return null;
  }
}
