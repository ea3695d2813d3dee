/**
 * Worker thread: parses and shapes the shares of distinct statements it is sent, with the advisor
 * engine's own `shapeStatements`, and posts the shapes (plain data) back. It stays alive between
 * jobs (the runner keeps it for a while), so node-sql-parser's JIT-compiled code is reused.
 * Bundled to dist/workers/advisor-parse.worker.mjs by build/build.mjs.
 */
import { parentPort } from 'node:worker_threads';
import { shapeStatements } from '../../engines/advisor/analyze-workload';
import type { ShapeRequest, ShapeWorkerMessage } from './shape-runner';

parentPort!.on('message', ({ id, job }: ShapeRequest) => {
  let m: ShapeWorkerMessage;
  try {
    m = { id, type: 'done', shapes: shapeStatements(job.sqls, job.columns, job.flavor) };
  } catch (e) {
    m = { id, type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(m);
});
