/**
 * Runs the slow-log digest on a file across worker threads: the file is cut at entry starts
 * (`# Time:` / `# User@Host:` lines) into one range per core, each worker digests its range,
 * and the mergeable states are added up in file order. A .gz file is streamed through zlib in
 * one worker (it cannot be split). Progress is reported in bytes and events; an AbortSignal
 * terminates the workers. Strings and pastes are digested in this thread (`digestPaste`).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DigestReport } from '../../../shared/contract/slow-log';
import { digestText, reportFromStates, type DigestOptions, type DigestState, type DigestTextOptions } from '../../engines/slowlog/digest';
import type { AttrType } from '../../engines/slowlog/class-aggregate';
import { inheritedFrom } from '../../engines/slowlog/inherited';
import { AppError, errorCodes, type ErrorCode } from '../../../shared/contract/errors';
import { regularFile } from '../input-file';
import { digestRange, epochNow, type RangeJob, type RangeMarks } from './digest-range';
import type { DigestWorkerMessage, DigestWorkerRequest, WorkerMarks } from './digest.worker';

/**
 * Young-generation size of a digest worker. The digest allocates short-lived strings per event;
 * a nursery too small makes scavenges frequent (8 MB: 6.9-10.4 s of CPU for a 200 MB log with 2
 * workers), one of 32 MB cut that to 6.2-7.6 s for 12 MB more peak RSS (104 -> 116 MB).
 */
const WORKER_YOUNG_GEN_MB = 32;

/**
 * Ranges per worker thread. More would let a worker that is done take the next range, so one slowed
 * down holds up the end less; but each range's new digester warms up again (2-4 per worker cost
 * 0.4-0.6 CPU-seconds more on 200 MB-1 GB with no gain in wall time), so one it is.
 */
const RANGES_PER_THREAD = 1;

/**
 * Workers created while this count is above zero compile their hot functions on their own thread
 * (V8 reads `--concurrent-recompilation` when it creates an isolate). The digest keeps every core
 * busy, so a background compile only takes a core from the other worker, while its own thread
 * runs the unoptimized code meanwhile: 200 MB logs on 2 workers took 0.1-0.3 CPU-seconds more
 * (of ~2) and longer, with V8's compiler threads at 0.55-0.6 s against 0.15-0.2 s.
 */
let startingWorkers = 0;

/** A new digest worker, created with V8's concurrent recompilation off (restored once every worker starting has started). */
function newWorker(script: string | URL): Worker {
  if (startingWorkers++ === 0) setFlagsFromString('--no-concurrent-recompilation');
  const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GEN_MB } });
  let started = false;
  const startedOrGone = (): void => {
    if (started) return;
    started = true;
    if (--startingWorkers === 0) setFlagsFromString('--concurrent-recompilation');
  };
  worker.once('online', startedOrGone);
  worker.once('error', startedOrGone);
  worker.once('exit', startedOrGone);
  return worker;
}

/** The `use db` and `# Time:` in force where a range starts, read back from before its cut. */
type Inherited = { db?: string; ts?: string };

/** How to run a file digest. */
export interface RunnerOptions {
  /** The built worker (dist/workers/digest.worker.mjs); without one the digest runs in this thread. */
  workerScript?: string | URL;
  /** Worker threads for a plain file (default: available cores, at most 8). */
  threads?: number;
  /** Files smaller than this are digested by one worker (default 16 MiB); no range is cut smaller. */
  minBytesPerThread?: number;
  /** Ranges the file is cut into per worker thread (default RANGES_PER_THREAD). */
  rangesPerThread?: number;
  onProgress?: (p: { bytes: number; totalBytes: number; events: number }) => void;
  signal?: AbortSignal;
  /** Receives each worker's peak RSS in KiB (for the benchmark). */
  onWorkerRss?: (kb: number) => void;
  /**
   * A plain file below this many bytes that makes one range is digested in this thread: a worker
   * costs a second load of the digest code and the scanner, which is most of a small digest's
   * time. For a command-line run, whose thread has nothing else to do (the app keeps its own
   * thread free and leaves this unset).
   */
  inThreadBelow?: number;
  /**
   * Digest the first range in this thread while the workers take the others, and start one worker
   * fewer. The first range inherits nothing, so it starts at once, where a worker starts ~0.1-0.15 s
   * later (its thread, its own load of the digest code and the scanner), and that start-up is one
   * fewer. For a command-line run, whose thread has nothing else to do (COMMAND_LINE_RUN); the app
   * keeps its own thread free and leaves this unset.
   */
  firstRangeHere?: boolean;
  /**
   * Keep the workers this long after the digest, idle, for the next one: a worker's code is then
   * compiled and warm (the service re-digesting a 13 MB log: 0.3-0.46 s of CPU instead of 0.9-1.1 s
   * cold). For the app, whose filters re-run the digest; a command-line run leaves it unset.
   */
  keepWarmMs?: number;
  /** Receives where the time went once the digest is done (for the benchmark's timeline). */
  onTimeline?: (t: RunnerTimeline) => void;
  /**
   * Send each worker the attribute types the ranges before its own have fixed, as they come
   * (default true; see digestRange's `hints`). The result is the same either way: a range still
   * typed otherwise at its end is digested again. false is for tests of that second pass.
   */
  typeHints?: boolean;
}

/** One range and its marks (epoch ms): sent to its worker, started, first chunk digested, done, received. */
export interface WorkerTimeline extends Partial<WorkerMarks> {
  range: number;
  worker: number;
  start: number;
  end: number;
  spawnAt: number;
  receivedAt?: number;
}

/** Where a file digest's wall time went: this thread's cut and back-reads, then each worker. */
export interface RunnerTimeline {
  startAt: number;
  /** The cuts found (ranges split at entry starts). */
  splitAt: number;
  /** Each later range's inherited db/ts read back from the file. */
  inheritedAt: number;
  endAt: number;
  workers: WorkerTimeline[];
}

/**
 * How `dbw digest` runs a file (and so how bench/digest times it): a file one worker would digest
 * is digested in this thread, and of a larger one the first range too (RunnerOptions).
 */
export const COMMAND_LINE_RUN: Readonly<RunnerOptions> = { inThreadBelow: 16 * 1024 * 1024, firstRangeHere: true };

/** The worker bundle next to the built host, if the build has run. */
export function defaultWorkerScript(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const p of [`${here}workers/digest.worker.mjs`, `${here}../workers/digest.worker.mjs`, `${process.cwd()}/dist/workers/digest.worker.mjs`]) {
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Digests a pasted log or a Buffer in this thread. */
export function digestPaste(text: string | Buffer, options: DigestTextOptions = {}): DigestReport {
  return digestText(text, options);
}

/** Digests a file (plain or .gz) and returns the report. */
export async function digestFile(path: string, options: DigestTextOptions = {}, run: RunnerOptions = {}): Promise<DigestReport> {
  const states = await digestFileStates(path, options, run);
  return reportFromStates(states, { ...options, files: options.files ?? [{ name: path, size: statSync(path).size }] });
}

/** Digests several files as one log (like `pt-query-digest a.log b.log`). */
export async function digestFiles(paths: readonly string[], options: DigestTextOptions = {}, run: RunnerOptions = {}): Promise<DigestReport> {
  const states: DigestState[] = [];
  for (const p of paths) states.push(...(await digestFileStates(p, options, run)));
  return reportFromStates(states, { ...options, files: options.files ?? paths.map((name) => ({ name, size: statSync(name).size })) });
}

/** Digests a file into the states of its ranges, in file order (merge them with reportFromStates). */
export async function digestFileStates(path: string, options: DigestOptions = {}, run: RunnerOptions = {}): Promise<DigestState[]> {
  const timeline: RunnerTimeline = { startAt: epochNow(), splitAt: 0, inheritedAt: 0, endAt: 0, workers: [] };
  const states = await fileStates(path, options, run, timeline);
  timeline.endAt = epochNow();
  run.onTimeline?.(timeline);
  return states;
}

async function fileStates(path: string, options: DigestOptions, run: RunnerOptions, timeline: RunnerTimeline): Promise<DigestState[]> {
  const size = regularFile(path).size;
  const gzip = isGzip(path);
  const script = run.workerScript ?? defaultWorkerScript();
  const maxThreads = Math.max(1, Math.min(run.threads ?? Math.min(8, availableParallelism()), 64));
  const perThread = run.minBytesPerThread ?? 16 * 1024 * 1024;
  const threads = gzip ? 1 : Math.max(1, Math.min(maxThreads, Math.floor(size / perThread)));
  const perWorker = threads > 1 ? Math.max(1, Math.min(run.rangesPerThread ?? RANGES_PER_THREAD, Math.floor(size / threads / perThread))) : 1;
  const ranges = gzip ? [{ start: 0, end: size }] : splitRanges(path, size, threads * perWorker);
  timeline.splitAt = epochNow();
  const digestOptions: DigestOptions = { ...options };
  const jobOf = (i: number, inherited: Inherited | undefined): RangeJob => {
    const r = ranges[i]!;
    return { path, start: r.start, end: r.end, gzip, options: { ...digestOptions, inherited } };
  };
  const done = new Array<number>(ranges.length).fill(0);
  const events = new Array<number>(ranges.length).fill(0);
  const report = (i: number, bytes: number, ev: number): void => {
    // A range that starts again (typed as the ranges before it) reports from 0 again: progress does not go back.
    done[i] = Math.max(done[i]!, bytes);
    events[i] = Math.max(events[i]!, ev);
    run.onProgress?.({ bytes: sum(done), totalBytes: size, events: sum(events) });
  };
  run.signal?.throwIfAborted();
  // Each later range inherits the db/ts in force at its cut, read back from the file.
  let inheritedFound: (Inherited | undefined)[] = [];
  const readInherited = (guess = false): (Inherited | undefined)[] => {
    const found = inheritedAt(
      path,
      ranges.map((r) => r.start),
      guess ? 1 : Infinity,
    );
    if (guess) return found;
    inheritedFound = found;
    timeline.inheritedAt = epochNow();
    return inheritedFound;
  };
  const inThread = !script || (ranges.length === 1 && !gzip && size < (run.inThreadBelow ?? 0));
  let states: DigestState[];
  if (inThread) {
    const inherited = readInherited();
    states = await sequential(
      ranges.map((_, i) => jobOf(i, inherited[i])),
      (i, b, e) => report(i, b, e),
      run.signal,
    );
  } else {
    const here = run.firstRangeHere === true && ranges.length > 1;
    // With the first range in this thread, one worker fewer.
    states = await inPool(script, Math.min(threads, ranges.length) - (here ? 1 : 0), ranges.length, here, jobOf, readInherited, report, run, timeline);
  }
  // An attribute's type is fixed by its first value in the whole log (pt's EventAggregator); a
  // range that met the attribute first with another kind of value typed it otherwise, and its
  // values were aggregated as that type. Such a range is digested again with the earlier ranges'
  // types (rare: a log mixing servers, such as `Time: 100518` pairs after string ones).
  for (let i = 1; i < states.length; i++) {
    const known = typesBefore(states, i);
    if (!conflicts(known, states[i]!.types)) continue;
    const job = jobOf(i, inheritedFound[i]);
    const retyped: RangeJob = { ...job, options: { ...job.options, types: Object.fromEntries(known) } };
    states[i] = inThread
      ? await digestRange(retyped, () => undefined, run.signal)
      : (
          await inPool(
            script!,
            1,
            1,
            false,
            () => retyped,
            () => [],
            () => undefined,
            run,
            timeline,
          )
        )[0]!;
  }
  return states;
}

function sameInherited(a: Inherited | undefined, b: Inherited | undefined): boolean {
  return a?.db === b?.db && a?.ts === b?.ts;
}

/** The attribute types the ranges before `i` fixed, the earliest range's first. */
function typesBefore(states: readonly DigestState[], i: number): Map<string, AttrType> {
  const out = new Map<string, AttrType>();
  for (let k = 0; k < i; k++) for (const [name, t] of states[k]!.types) if (!out.has(name)) out.set(name, t);
  return out;
}

function conflicts(known: ReadonlyMap<string, AttrType>, types: ReadonlyMap<string, AttrType>): boolean {
  for (const [name, t] of types) {
    const k = known.get(name);
    if (k !== undefined && k !== t) return true;
  }
  return false;
}

async function sequential(jobs: RangeJob[], onProgress: (i: number, bytes: number, events: number) => void, signal?: AbortSignal): Promise<DigestState[]> {
  const out: DigestState[] = [];
  for (let i = 0; i < jobs.length; i++) out.push(await digestRange(jobs[i]!, (b, e) => onProgress(i, b, e), signal));
  return out;
}

/**
 * Digests `count` ranges on `n` workers, each taking the next range when it has posted its last
 * one's state. Every worker is started first; the first range (which inherits nothing) is sent at
 * once, and the later ranges once their inherited db/ts have been read back, while the workers
 * load their code. With `here`, the first range is digested in this thread instead, beside the
 * workers (its types sent to them as a worker's are). The states come back in file order.
 */
function inPool(
  script: string | URL,
  n: number,
  count: number,
  here: boolean,
  jobOf: (i: number, inherited: Inherited | undefined) => RangeJob,
  readInherited: (guess?: boolean) => (Inherited | undefined)[],
  onProgress: (i: number, bytes: number, events: number) => void,
  run: RunnerOptions,
  timeline: RunnerTimeline,
): Promise<DigestState[]> {
  return new Promise((resolve, reject) => {
    const states = new Array<DigestState>(count);
    const workers: Worker[] = [];
    const current: (WorkerTimeline | undefined)[] = [];
    let inherited: (Inherited | undefined)[] | undefined;
    let next = 0;
    let finished = 0;
    let settled = false;
    const abort = (): void => fail(run.signal?.reason ?? new Error('aborted'));
    // The attribute types each range has fixed so far, and what each worker was last sent:
    // a range takes those of the ranges before it as they come (see digestRange's `hints`).
    const rangeTypes: (Record<string, AttrType> | undefined)[] = [];
    const hintSent: string[] = [];
    const hintFor = (range: number): Record<string, AttrType> => {
      const out: Record<string, AttrType> = {};
      for (let r = 0; r < range; r++) for (const [name, t] of Object.entries(rangeTypes[r] ?? {})) if (!(name in out)) out[name] = t;
      return out;
    };
    const sendHints = (): void => {
      if (run.typeHints === false) return;
      for (let k = 0; k < workers.length; k++) {
        const t = current[k];
        if (t === undefined || t.range === 0) continue;
        const types = hintFor(t.range);
        // Sent again when it grew or changed (an earlier range met a name a later one had typed first).
        const text = JSON.stringify(types);
        if (text === hintSent[k] || text === '{}') continue;
        hintSent[k] = text;
        workers[k]!.postMessage({ type: 'types', types } satisfies DigestWorkerRequest);
      }
    };
    // Handlers per worker, removed when it is parked for the next digest.
    const handlers: { message: (m: DigestWorkerMessage) => void; error: (e: Error) => void; exit: (code: number) => void }[] = [];
    const release = (k: number, keep: boolean): void => {
      const w = workers[k]!;
      const h = handlers[k]!;
      w.off('message', h.message);
      w.off('error', h.error);
      w.off('exit', h.exit);
      if (keep && (run.keepWarmMs ?? 0) > 0) park(script, w, run.keepWarmMs!);
      else void w.terminate();
    };
    const released = new Set<number>();
    // Stops the first range's digest in this thread (with `here`) when the pool fails or is cancelled.
    const stopHere = new AbortController();
    const end = (ok: boolean): void => {
      settled = true;
      if (!ok) stopHere.abort(run.signal?.aborted ? run.signal.reason : new Error('stopped'));
      run.signal?.removeEventListener('abort', abort);
      for (let k = 0; k < workers.length; k++) if (!released.has(k)) release(k, ok);
    };
    function fail(e: unknown): void {
      if (settled) return;
      end(false);
      reject(e instanceof Error ? e : new Error(String(e)));
    }
    /** The db/ts each range was sent with. */
    const sentInherited: (Inherited | undefined)[] = [];
    const give = (k: number, i = next++): void => {
      const job = jobOf(i, i === 0 ? undefined : inherited![i]);
      sentInherited[i] = job.options.inherited;
      const t: WorkerTimeline = { range: i, worker: k, start: job.start, end: job.end, spawnAt: epochNow() };
      timeline.workers.push(t);
      current[k] = t;
      hintSent[k] = '';
      workers[k]!.postMessage({ type: 'range', job } satisfies DigestWorkerRequest);
      sendHints();
    };
    /** A range's progress, from a worker or this thread: reported, and the types it fixed sent on as hints. */
    const progressed = (range: number, bytes: number, events: number, types: Record<string, AttrType> | undefined): void => {
      onProgress(range, bytes, events);
      if (types === undefined) return;
      rangeTypes[range] = types;
      sendHints();
    };
    /** A range's state has come; whether it was the last (the pool is then ended and resolved). */
    const done = (range: number, state: DigestState): boolean => {
      states[range] = state;
      if (++finished < count) return false;
      end(true);
      resolve(states);
      return true;
    };
    /** The first range, digested in this thread (worker -1 in the timeline) while the workers start. */
    function digestHere(): void {
      const job = jobOf(0, undefined);
      const now = epochNow();
      const t: WorkerTimeline = { range: 0, worker: -1, start: job.start, end: job.end, spawnAt: now, startedAt: now };
      timeline.workers.push(t);
      const marks: RangeMarks = {};
      digestRange(
        job,
        (bytes, events, types) => {
          if (!settled) progressed(0, bytes, events, Object.fromEntries(types));
        },
        stopHere.signal,
        marks,
      ).then((state) => {
        if (settled) return;
        Object.assign(t, marks, { receivedAt: epochNow() });
        done(0, state);
      }, fail);
    }
    run.signal?.addEventListener('abort', abort, { once: true });
    for (let k = 0; k < n; k++) {
      const worker = takeWarm(script) ?? newWorker(script);
      workers.push(worker);
      const message = (m: DigestWorkerMessage): void => {
        if (settled) return;
        const t = current[k]!;
        if (m.type === 'progress') progressed(t.range, m.bytes, m.events, m.types);
        else if (m.type === 'done') {
          Object.assign(t, m.marks, { receivedAt: epochNow() });
          current[k] = undefined;
          if (t.range > 0 && inherited !== undefined && !sameInherited(m.marks.inherited ?? sentInherited[t.range], inherited[t.range])) {
            // Digested with a guess the full read back corrected after the range was done: again, with what it inherits.
            give(k, t.range);
            return;
          }
          // The last range's worker (or one with no range left) reports its peak RSS.
          if (done(t.range, m.state as DigestState)) run.onWorkerRss?.(m.maxRssKb);
          else if (next < count) give(k);
          else {
            run.onWorkerRss?.(m.maxRssKb);
            released.add(k);
            release(k, true);
          }
        } else {
          fail(
            m.code !== undefined && (errorCodes as readonly string[]).includes(m.code) ? new AppError(m.code as ErrorCode, m.message) : new Error(m.message),
          );
        }
      };
      const exit = (code: number): void => {
        if (current[k] !== undefined) fail(new Error(`The digest worker stopped (exit code ${code}) before it finished its range`));
      };
      handlers.push({ message, error: fail, exit });
      worker.on('message', message);
      worker.on('error', fail);
      worker.on('exit', exit);
    }
    try {
      if (here) {
        next = 1;
        digestHere();
      } else give(0);
      // The later ranges start at once with what one window before their cut holds (exact when it holds
      // a `use`/`Schema` and a `# Time:`). The whole read back follows while they run, and a range whose
      // guess it corrects starts again (a log without any `use` line was read back entirely first).
      inherited = readInherited(true);
      for (let k = here ? 0 : 1; k < n && next < count; k++) give(k);
      inherited = readInherited();
      for (let k = 0; k < workers.length; k++) {
        const t = current[k];
        if (t === undefined || t.range === 0 || sameInherited(sentInherited[t.range], inherited[t.range])) continue;
        workers[k]!.postMessage({ type: 'inherited', inherited: inherited[t.range] ?? {} } satisfies DigestWorkerRequest);
      }
    } catch (e) {
      fail(e);
    }
  });
}

/** Idle workers kept after a digest (`RunnerOptions.keepWarmMs`), by worker script. */
const warm = new Map<string, { worker: Worker; timer: NodeJS.Timeout; drop: () => void }[]>();

/** Keeps an idle worker for `ms`, not holding the process open; it ends when the time is up. */
function park(script: string | URL, worker: Worker, ms: number): void {
  const key = String(script);
  const list = warm.get(key) ?? [];
  warm.set(key, list);
  const drop = (): void => {
    const at = list.indexOf(entry);
    if (at >= 0) list.splice(at, 1);
    clearTimeout(entry.timer);
    worker.off('error', drop);
    worker.off('exit', drop);
    void worker.terminate();
  };
  const entry = { worker, timer: setTimeout(drop, ms), drop };
  entry.timer.unref();
  worker.on('error', drop);
  worker.on('exit', drop);
  worker.unref();
  list.push(entry);
}

/** A parked worker for `script`, taken out of the idle list, or undefined. */
function takeWarm(script: string | URL): Worker | undefined {
  const entry = warm.get(String(script))?.pop();
  if (!entry) return undefined;
  clearTimeout(entry.timer);
  entry.worker.off('error', entry.drop);
  entry.worker.off('exit', entry.drop);
  entry.worker.ref();
  return entry.worker;
}

/** Ends every worker kept warm (at shutdown, or to free their memory now). */
export function releaseWarmWorkers(): void {
  for (const list of warm.values()) for (const entry of [...list]) entry.drop();
  warm.clear();
}

/** Cuts [0, size) into `n` ranges that each start at an entry's first header line. */
export function splitRanges(path: string, size: number, n: number): { start: number; end: number }[] {
  const cuts = [0];
  if (n > 1) {
    const fd = openSync(path, 'r');
    try {
      const window = Buffer.alloc(4 * 1024 * 1024);
      for (let i = 1; i < n; i++) {
        const target = Math.floor((size * i) / n);
        if (target <= cuts[cuts.length - 1]!) continue;
        const len = readSync(fd, window, 0, window.length, target);
        const at = entryStart(window.subarray(0, len));
        if (at >= 0 && target + at < size) cuts.push(target + at);
      }
    } finally {
      closeSync(fd);
    }
  }
  return cuts.map((start, i) => ({ start, end: cuts[i + 1] ?? size }));
}

/** Offset of the first entry start (the `#` of a `# Time:` or `# User@Host:` line after a `;`). */
function entryStart(buf: Buffer): number {
  const t = buf.indexOf(';\n# Time: ', 0, 'latin1');
  const u = buf.indexOf(';\n# User@Host: ', 0, 'latin1');
  const at = t < 0 ? u : u < 0 ? t : Math.min(t, u);
  return at < 0 ? -1 : at + 2;
}

/**
 * The `db` and `ts` each range inherits from the entries before it (undefined for a range at 0).
 * A `use db;` line can be rare (a single-database application logs one at the top), so the text
 * before a cut is read backwards, 4 MiB at a time, until both are found or the previous cut is
 * reached, whose own inherited values then carry over: at most one read of the file, and only
 * of the parts that have neither. `maxWindows` bounds the windows read per cut (a quick guess).
 */
function inheritedAt(path: string, starts: readonly number[], maxWindows = Infinity): ({ db?: string; ts?: string } | undefined)[] {
  const WINDOW = 4 * 1024 * 1024;
  // Windows overlap by a line's worth, so a `use` line cut by one window is whole in the next.
  const OVERLAP = 4096;
  const out: ({ db?: string; ts?: string } | undefined)[] = [];
  if (starts.every((s) => s === 0)) return starts.map(() => undefined);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(WINDOW + OVERLAP);
    let prevStart = 0;
    let prev: { db?: string; ts?: string } = {};
    for (const start of starts) {
      if (start === 0) {
        out.push(undefined);
        continue;
      }
      const found: { db?: string; ts?: string } = {};
      let windows = 0;
      for (let end = start; end > prevStart && (found.db === undefined || found.ts === undefined) && windows++ < maxWindows; end -= WINDOW) {
        const from = Math.max(prevStart, end - WINDOW);
        const n = readSync(fd, buf, 0, Math.min(end + OVERLAP, start) - from, from);
        const seen = inheritedFrom(lastLines(buf, n, found.ts === undefined));
        found.db ??= seen.db;
        found.ts ??= seen.ts;
      }
      const value = { db: found.db ?? prev.db, ts: found.ts ?? prev.ts };
      out.push(value);
      prev = value;
      prevStart = start;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/**
 * The lines of buf[0, n) that `inheritedFrom` looks for, as a short text: the last `# Time:` line
 * (when `ts` is still wanted) and the later of the last `use` and `Schema:` lines, in file order.
 * A window without them is passed over with forward searches, several times faster than
 * `lastIndexOf` (no 4 MiB string per window either).
 */
function lastLines(buf: Buffer, n: number, wantTs: boolean): string {
  const window = buf.subarray(0, n);
  const lineStart = (at: number): number => window.lastIndexOf(10, at) + 1;
  const time = wantTs ? window.lastIndexOf('\n# Time: ', n, 'latin1') : -1;
  const use = window.indexOf('\nuse ', 0, 'latin1') >= 0 ? window.lastIndexOf('\nuse ', n, 'latin1') : -1;
  const schema = window.indexOf('Schema:', 0, 'latin1') >= 0 ? window.lastIndexOf(' Schema: ', n, 'latin1') : -1;
  const starts: number[] = [];
  if (time >= 0) starts.push(time + 1);
  if (use >= 0 || schema >= 0) starts.push(use + 1 > schema ? use + 1 : lineStart(schema));
  starts.sort((x, y) => x - y);
  return starts.map((at) => `\n${window.toString('latin1', at, Math.min(n, at + 1024))}`).join('');
}

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

function sum(a: number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}
