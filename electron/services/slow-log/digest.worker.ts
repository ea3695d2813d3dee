/**
 * Worker thread: digests the byte range it is given and posts progress, then its state
 * (Maps survive structured cloning). Bundled to dist/workers/digest.worker.mjs by build/build.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/contract/core';
import { digestRange, type RangeJob } from './digest-range';

/** Messages the worker posts. */
export type DigestWorkerMessage =
  { type: 'progress'; bytes: number; events: number } | { type: 'done'; state: unknown; maxRssKb: number } | { type: 'error'; message: string; code?: string };

const job = workerData as RangeJob;
const post = (m: DigestWorkerMessage): void => parentPort!.postMessage(m);

digestRange(job, (bytes, events) => post({ type: 'progress', bytes, events }))
  .then((state) => post({ type: 'done', state, maxRssKb: process.resourceUsage().maxRSS }))
  .catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e), code: e instanceof AppError ? e.code : undefined }));
