/**
 * The purge's throttle, as pt-archiver and pt-online-schema-change decide it: sleep a fixed time
 * plus a multiple of the chunk's own time after each chunk (--sleep, --sleep-coef), wait while a
 * replica lags past the limit or reports no lag at all (a stopped replica must not be outrun),
 * wait while Threads_running is above the pause threshold (--max-load) and stop when it reaches
 * the abort threshold (--critical-load).
 * https://docs.percona.com/percona-toolkit/pt-archiver.html#cmdoption-pt-archiver-sleep-coef
 * https://docs.percona.com/percona-toolkit/pt-online-schema-change.html#cmdoption-pt-online-schema-change-critical-load
 */

/** Milliseconds to sleep after a chunk that took `chunkMs`. */
export function sleepAfterChunk(chunkMs: number, sleepMs: number, sleepCoef: number): number {
  return Math.max(0, Math.round(sleepMs + sleepCoef * chunkMs));
}

/** What the gates read. */
export interface GateReading {
  threadsRunning: number | null;
  /** Per replica: its lag in seconds, or null when it reports none (stopped, broken, unreadable). */
  replicaLags: ReadonlyArray<{ name: string; lagSeconds: number | null }>;
}

/** The thresholds. */
export interface GateLimits {
  maxLagSeconds: number;
  pauseThreadsRunning: number;
  abortThreadsRunning: number;
}

/** Go on, wait (and why), or stop the purge. */
export type GateDecision = { action: 'go' } | { action: 'wait'; gate: 'lag' | 'load'; reason: string } | { action: 'abort'; reason: string };

/** Decides from one reading; load abort first, then lag, then load pause. */
export function decideGate(r: GateReading, limits: GateLimits): GateDecision {
  const tr = r.threadsRunning;
  if (tr !== null && tr >= limits.abortThreadsRunning) {
    return { action: 'abort', reason: `Threads_running ${tr} reached the abort threshold ${limits.abortThreadsRunning}` };
  }
  for (const rep of r.replicaLags) {
    if (rep.lagSeconds === null) return { action: 'wait', gate: 'lag', reason: `replica ${rep.name} reports no lag (stopped or unreadable)` };
    if (rep.lagSeconds > limits.maxLagSeconds) {
      return { action: 'wait', gate: 'lag', reason: `replica ${rep.name} lags ${rep.lagSeconds} s (limit ${limits.maxLagSeconds} s)` };
    }
  }
  if (tr !== null && tr > limits.pauseThreadsRunning) {
    return { action: 'wait', gate: 'load', reason: `Threads_running ${tr} above ${limits.pauseThreadsRunning}` };
  }
  return { action: 'go' };
}

/** p50 / p95 / max of chunk latencies (nearest-rank). */
export function latencySummary(ms: readonly number[]): { p50Ms: number; p95Ms: number; maxMs: number } {
  if (ms.length === 0) return { p50Ms: 0, p95Ms: 0, maxMs: 0 };
  const s = [...ms].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  const r = (v: number) => Math.round(v * 100) / 100;
  return { p50Ms: r(rank(0.5)), p95Ms: r(rank(0.95)), maxMs: r(s[s.length - 1]!) };
}
