/**
 * Buffered editor results, by run: the renderer pages through them with `sql.page`. Bounded by
 * run count and total bytes; the least recently used run is dropped first (its running
 * statement, if any, is killed and its connection closed).
 */
import { AppError } from '../../../shared/contract/core';
import type { QueryRunner, ResultBuffer } from '../../connections/collectors/query-runner.collector';

/** One editor run: its connection while statements still stream, and its buffered results. */
export interface CachedRun {
  runId: string;
  runner: QueryRunner | null;
  results: Map<string, ResultBuffer>;
  lastUsed: number;
}

/** Limits of the cache. */
export interface CacheLimits {
  maxRuns: number;
  maxBytes: number;
}

/** LRU cache of runs. */
export class ResultCache {
  private readonly runs = new Map<string, CachedRun>();

  constructor(private readonly limits: CacheLimits = { maxRuns: 24, maxBytes: 512 * 1024 * 1024 }) {}

  /** Registers a run (replacing one with the same id). */
  open(runId: string, runner: QueryRunner): CachedRun {
    this.drop(runId);
    const run: CachedRun = { runId, runner, results: new Map(), lastUsed: Date.now() };
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

  /** Drops a run; returns how many results went with it. */
  drop(runId: string): number {
    const run = this.runs.get(runId);
    if (!run) return 0;
    this.runs.delete(runId);
    if (run.runner) void run.runner.close();
    return run.results.size;
  }

  /** Drops least recently used runs beyond the limits, never `keep`. */
  evict(keep: string): void {
    const total = () => [...this.runs.values()].reduce((n, r) => n + [...r.results.values()].reduce((m, b) => m + b.bytes, 0), 0);
    const byAge = [...this.runs.values()].filter((r) => r.runId !== keep).sort((a, b) => a.lastUsed - b.lastUsed);
    while (byAge.length && (this.runs.size > this.limits.maxRuns || total() > this.limits.maxBytes)) this.drop(byAge.shift()!.runId);
  }

  /** Closes every run (runtime shutdown). */
  clear(): void {
    for (const id of [...this.runs.keys()]) this.drop(id);
  }
}
