/**
 * Worker thread: digests the byte range it is given and posts progress, then its state
 * (Maps survive structured cloning). Bundled to dist/workers/digest.worker.mjs by build/build.mjs.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/contract/errors';
import { digestRange, epochNow, type RangeJob, type RangeMarks } from './digest-range';

/** When this worker's code had loaded (epoch ms), and the CPU its thread had used by then. */
const loadedAt = epochNow();
const loadCpuMs = threadCpuMs();

/** What a worker measured about its own run (epoch ms; CPU of this thread alone). */
export interface WorkerMarks extends RangeMarks {
  loadedAt: number;
  loadCpuMs?: number;
  postAt: number;
  cpuMs?: number;
}

/** Messages the worker posts. */
export type DigestWorkerMessage =
  | { type: 'progress'; bytes: number; events: number }
  | { type: 'done'; state: unknown; maxRssKb: number; marks: WorkerMarks }
  | { type: 'error'; message: string; code?: string };

const job = workerData as RangeJob;
const post = (m: DigestWorkerMessage): void => parentPort!.postMessage(m);
const marks: RangeMarks = {};

digestRange(job, (bytes, events) => post({ type: 'progress', bytes, events }), undefined, marks)
  .then((state) =>
    post({
      type: 'done',
      state,
      maxRssKb: process.resourceUsage().maxRSS,
      marks: { ...marks, loadedAt, loadCpuMs, postAt: epochNow(), cpuMs: threadCpuMs() },
    }),
  )
  .catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e), code: e instanceof AppError ? e.code : undefined }));

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
