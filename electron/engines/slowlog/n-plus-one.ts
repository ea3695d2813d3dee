/**
 * N+1 detection: the same fingerprint run again and again on one connection within a short
 * window — the loop an ORM makes when it loads children one parent at a time. A run of at
 * least `minRepeats` executions, each within `windowMs` of the previous one, counts; the
 * fingerprint that ran just before the run on that connection is recorded as its caller.
 *
 * Worker threads digest byte ranges, and a run can cross a range boundary. So a range does not
 * close the runs at its edges: per connection it hands over the run it began with (whose
 * predecessor lies in an earlier range) and the run still open at its end. `joinNPlusOneEdges`
 * stitches consecutive ranges in file order, and `settleNPlusOne` closes what is left, so a run
 * is counted once, with its caller, however the file was cut.
 */
import type { ClassState, DigestState, NPlusOneEdges, OpenRun } from './digest-state';

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
  firstMs: number;
  lastMs: number;
  caller: string | undefined;
  /** The first run of its connection in this range: its predecessor may be in an earlier range. */
  head: boolean;
}

const CALLERS_CAP = 20;
const THREADS_CAP = 100_000;

/** Counts a finished run in its class if it is long enough. */
export function recordRun(cls: ClassState, count: number, caller: string | undefined, minRepeats: number): void {
  if (count < minRepeats) return;
  const s = (cls.nPlusOne ??= { runs: 0, repeats: 0, maxRun: 0, callers: new Map() });
  s.runs++;
  s.repeats += count;
  if (count > s.maxRun) s.maxRun = count;
  const key = caller ?? '';
  const n = s.callers.get(key);
  if (n !== undefined) s.callers.set(key, n + 1);
  else if (s.callers.size < CALLERS_CAP) s.callers.set(key, 1);
}

/** Tracks runs per connection; `finish` returns the runs left open at the range's edges. */
export function createNPlusOneTracker(opts: Partial<NPlusOneOptions> = {}): {
  add(thread: string | undefined, cls: ClassState, timeMs: number): void;
  finish(): NPlusOneEdges;
} {
  const { minRepeats, windowMs } = { ...N_PLUS_ONE_DEFAULTS, ...opts };
  const runs = new Map<string, Run>();
  const edges: NPlusOneEdges = { minRepeats, windowMs, heads: new Map(), tails: new Map() };
  let capped = false;

  const open = (r: Run): OpenRun => ({ fp: r.cls.fingerprint, count: r.count, firstMs: r.firstMs, lastMs: r.lastMs, caller: r.caller });
  const ended = (thread: string, r: Run): void => {
    if (r.head) edges.heads.set(thread, { ...open(r), open: false });
    else recordRun(r.cls, r.count, r.caller, minRepeats);
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
      if (run) ended(thread, run);
      else if (runs.size >= THREADS_CAP) {
        for (const [t, r] of runs) ended(t, r);
        runs.clear();
        capped = true;
      }
      runs.set(thread, { cls, count: 1, firstMs: timeMs, lastMs: timeMs, caller: run?.cls.fingerprint, head: !run && !capped });
    },
    finish() {
      for (const [t, r] of runs) {
        if (r.head) edges.heads.set(t, { ...open(r), open: true });
        else edges.tails.set(t, open(r));
      }
      runs.clear();
      return edges;
    },
  };
}

/** An empty hand-over (a state that saw no connection ids). */
export function emptyNPlusOneEdges(opts: Partial<NPlusOneOptions> = {}): NPlusOneEdges {
  const { minRepeats, windowMs } = { ...N_PLUS_ONE_DEFAULTS, ...opts };
  return { minRepeats, windowMs, heads: new Map(), tails: new Map() };
}

/**
 * Stitches the edges of range `b` onto the state `a` of everything before it (classes already
 * merged into `a`): a run `b` began with continues `a`'s open run on that connection when it
 * has the same fingerprint and starts within the window; otherwise `a`'s run ends and becomes
 * the caller of `b`'s.
 */
export function joinNPlusOneEdges(a: DigestState, b: NPlusOneEdges): void {
  const ea = a.nPlusOneEdges;
  settleHeads(a, ea);
  const close = (r: OpenRun): void => {
    const cls = a.classes.get(r.fp);
    if (cls) recordRun(cls, r.count, r.caller, ea.minRepeats);
  };
  for (const [t, h] of b.heads) {
    const prev = ea.tails.get(t);
    if (prev && prev.fp === h.fp && h.firstMs - prev.lastMs <= ea.windowMs && h.firstMs >= prev.lastMs - ea.windowMs) {
      prev.count += h.count;
      prev.lastMs = h.lastMs;
      if (!h.open) {
        close(prev);
        ea.tails.delete(t);
      }
      continue;
    }
    if (prev) {
      close(prev);
      ea.tails.delete(t);
    }
    const run: OpenRun = { fp: h.fp, count: h.count, firstMs: h.firstMs, lastMs: h.lastMs, caller: prev?.fp };
    if (h.open) ea.tails.set(t, run);
    else close(run);
  }
  for (const [t, r] of b.tails) ea.tails.set(t, r);
}

/** Closes every run still open (the end of the log). */
export function settleNPlusOne(state: DigestState): void {
  const e = state.nPlusOneEdges;
  settleHeads(state, e);
  for (const r of e.tails.values()) {
    const cls = state.classes.get(r.fp);
    if (cls) recordRun(cls, r.count, r.caller, e.minRepeats);
  }
  e.tails.clear();
}

/** A state that starts the log has nothing before it: its head runs are ordinary runs. */
function settleHeads(state: DigestState, e: NPlusOneEdges): void {
  for (const [t, h] of e.heads) {
    const run: OpenRun = { fp: h.fp, count: h.count, firstMs: h.firstMs, lastMs: h.lastMs, caller: h.caller };
    if (h.open) e.tails.set(t, run);
    else {
      const cls = state.classes.get(h.fp);
      if (cls) recordRun(cls, h.count, h.caller, e.minRepeats);
    }
  }
  e.heads.clear();
}
