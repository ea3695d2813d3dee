/**
 * Worker thread: digests the byte ranges the runner sends it, one at a time, and posts progress,
 * then each range's state (Maps survive structured cloning). A worker lives for several ranges
 * so its compiled code serves them all. Bundled to dist/workers/digest.worker.mjs by build/build.mjs.
 */
import { readFileSync } from 'node:fs';
import { parentPort, threadId } from 'node:worker_threads';
import type { AttrType } from '../../engines/slowlog/class-aggregate';
import { digestRange, epochNow, type RangeHint, type RangeJob, type RangeMarks } from './digest-range';

/** When this worker's code had loaded (epoch ms), and the CPU its thread had used by then. */
const loadedAt = epochNow();
const loadCpuMs = threadCpuMs();

/** What a worker measured about one range (epoch ms; CPU of this thread alone, cumulative). */
export interface WorkerMarks extends RangeMarks {
  /** The worker thread's id: the same for every range a worker digests, in one digest or the next. */
  threadId: number;
  loadedAt: number;
  loadCpuMs?: number;
  /** When the range arrived, and the thread's CPU then. */
  startedAt: number;
  startCpuMs?: number;
  postAt: number;
  cpuMs?: number;
}

/**
 * What the runner sends: the next range to digest (after the worker posted the last one's state),
 * or, while it runs, the attribute types the ranges before it have fixed so far, or the db/ts it
 * inherits when the range was sent with a guess.
 */
export type DigestWorkerRequest =
  { type: 'range'; job: RangeJob } | { type: 'types'; types: Record<string, AttrType> } | { type: 'inherited'; inherited: { db?: string; ts?: string } };

/** Messages the worker posts. */
export type DigestWorkerMessage =
  | { type: 'progress'; bytes: number; events: number; types?: Record<string, AttrType> }
  | { type: 'done'; state: unknown; maxRssKb: number; marks: WorkerMarks }
  | { type: 'error'; message: string; code?: string };

const post = (m: DigestWorkerMessage): void => parentPort!.postMessage(m);

/** Types from the ranges before the current one, and its corrected inherited db/ts, not yet taken by its digest. */
let hints: RangeHint | undefined;

parentPort!.on('message', (m: DigestWorkerRequest) => {
  if (m.type === 'types') hints = { ...hints, types: m.types };
  else if (m.type === 'inherited') hints = { ...hints, inherited: m.inherited };
  else void digest(m.job);
});

async function digest(job: RangeJob): Promise<void> {
  const startedAt = epochNow();
  const startCpuMs = threadCpuMs();
  const marks: RangeMarks = {};
  hints = undefined;
  // The types are posted when there are more of them (the ranges after this one take them as hints).
  let typesPosted = 0;
  const progress = (bytes: number, events: number, types: ReadonlyMap<string, unknown>): void => {
    const more = types.size > typesPosted;
    typesPosted = types.size;
    post({ type: 'progress', bytes, events, types: more ? (Object.fromEntries(types) as Record<string, AttrType>) : undefined });
  };
  const take = (): RangeHint | undefined => {
    const h = hints;
    hints = undefined;
    return h;
  };
  try {
    const state = await digestRange(job, progress, undefined, marks, take);
    post({
      type: 'done',
      state,
      maxRssKb: process.resourceUsage().maxRSS,
      marks: { ...marks, threadId, loadedAt, loadCpuMs, startedAt, startCpuMs, postAt: epochNow(), cpuMs: threadCpuMs() },
    });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e), code: typeof code === 'string' ? code : undefined });
  }
}

/** CPU time of this thread alone (Linux: utime + stime of /proc/thread-self/stat, 10 ms ticks); undefined elsewhere. */
function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state is index 0, so utime (field 14) is 11 and stime 12.
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}
