/**
 * N+1 detection: the same fingerprint run again and again on one connection within a short
 * window — the loop an ORM makes when it loads children one parent at a time. A run of at
 * least `minRepeats` executions, each within `windowMs` of the previous one, counts; the
 * fingerprint that ran just before the run on that connection is recorded as its caller.
 * Runs that cross a worker's range boundary are seen as two shorter runs.
 */
import type { ClassState } from './digest-state';

/** Thresholds. */
export interface NPlusOneOptions {
  minRepeats: number;
  windowMs: number;
}

/** Defaults: 5 repeats, each within 100 ms of the previous. */
export const N_PLUS_ONE_DEFAULTS: NPlusOneOptions = { minRepeats: 5, windowMs: 100 };

interface Run {
  cls: ClassState;
  count: number;
  lastMs: number;
  caller: string | undefined;
}

const CALLERS_CAP = 20;
const THREADS_CAP = 100_000;

/** Tracks runs per connection; `finish` closes the open ones. */
export function createNPlusOneTracker(opts: Partial<NPlusOneOptions> = {}): {
  add(thread: string | undefined, cls: ClassState, timeMs: number): void;
  finish(): void;
} {
  const { minRepeats, windowMs } = { ...N_PLUS_ONE_DEFAULTS, ...opts };
  const runs = new Map<string, Run>();

  const close = (run: Run): void => {
    if (run.count < minRepeats) return;
    const s = (run.cls.nPlusOne ??= { runs: 0, repeats: 0, maxRun: 0, callers: new Map() });
    s.runs++;
    s.repeats += run.count;
    if (run.count > s.maxRun) s.maxRun = run.count;
    const caller = run.caller ?? '';
    const n = s.callers.get(caller);
    if (n !== undefined) s.callers.set(caller, n + 1);
    else if (s.callers.size < CALLERS_CAP) s.callers.set(caller, 1);
  };

  return {
    add(thread, cls, timeMs) {
      if (thread === undefined) return;
      const run = runs.get(thread);
      if (run && run.cls === cls && timeMs - run.lastMs <= windowMs && timeMs >= run.lastMs - windowMs) {
        run.count++;
        run.lastMs = timeMs;
        return;
      }
      if (run) close(run);
      else if (runs.size >= THREADS_CAP) {
        for (const r of runs.values()) close(r);
        runs.clear();
      }
      runs.set(thread, { cls, count: 1, lastMs: timeMs, caller: run?.cls.fingerprint });
    },
    finish() {
      for (const r of runs.values()) close(r);
      runs.clear();
    },
  };
}
