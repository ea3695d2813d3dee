/**
 * Worker thread: parses and shapes its share of the workload's distinct statements with the
 * advisor engine's own `shapeStatements` and posts the shapes (plain data) back.
 * Bundled to dist/workers/advisor-parse.worker.mjs by build/build.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { shapeStatements } from '../../engines/advisor/analyze-workload';
import type { ShapeJob, ShapeWorkerMessage } from './shape-runner';

const job = workerData as ShapeJob;
const post = (m: ShapeWorkerMessage): void => parentPort!.postMessage(m);

try {
  post({ type: 'done', shapes: shapeStatements(job.sqls, job.columns, job.flavor) });
} catch (e) {
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
