/**
 * Parses a workload's distinct statements across worker threads: node-sql-parser costs about a
 * millisecond per statement (several while the JIT warms up), so a 1,000-class workload is cut
 * into one contiguous share per core, each worker shapes its share with the engine's
 * `shapeStatements`, and the shapes come back in order. Without a built worker, or for a small
 * workload, the same function runs in this thread: the results are identical either way.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { shapeStatements, type ColumnsByTable, type StatementShape } from '../../engines/advisor/analyze-workload';
import type { SqlFlavor } from '../../engines/sql-parse/sql-parse';

const YOUNG_MB = 96;

/** One worker's share. */
export interface ShapeJob {
  readonly sqls: readonly string[];
  readonly columns: ColumnsByTable;
  readonly flavor: SqlFlavor;
}

/** Messages the worker posts. */
export type ShapeWorkerMessage = { type: 'done'; shapes: StatementShape[] } | { type: 'error'; message: string };

/** How to run. */
export interface ShapeRunOptions {
  /** The built worker (dist/workers/advisor-parse.worker.mjs); without one, this thread parses. */
  workerScript?: string | URL;
  /** Worker threads (default: available cores, at most 4). */
  threads?: number;
  /** Fewer statements than this per thread are not worth a worker's start-up (default 150); fewer in all parse in this thread. */
  minPerThread?: number;
  signal?: AbortSignal;
}

/** The worker bundle next to the built host, if the build has run. */
export function defaultShapeWorkerScript(): string | undefined {
  // A CommonJS bundle has __dirname and no import.meta.url; the ESM ones (Node host, vitest) the reverse.
  const here = typeof __dirname === 'string' ? `${__dirname}/` : fileURLToPath(new URL('.', import.meta.url));
  for (const p of [
    `${here}workers/advisor-parse.worker.mjs`,
    `${here}../workers/advisor-parse.worker.mjs`,
    `${process.cwd()}/dist/workers/advisor-parse.worker.mjs`,
  ]) {
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Shapes distinct statements, in workers when it pays; returns them keyed by SQL text. */
export async function shapeInWorkers(
  sqls: readonly string[],
  columns: ColumnsByTable,
  flavor: SqlFlavor,
  run: ShapeRunOptions = {},
): Promise<Map<string, StatementShape>> {
  const script = run.workerScript ?? defaultShapeWorkerScript();
  const minPer = run.minPerThread ?? 150;
  const threads = Math.max(1, Math.min(run.threads ?? Math.min(4, availableParallelism()), Math.floor(sqls.length / minPer)));
  run.signal?.throwIfAborted();
  let shapes: StatementShape[];
  // A small workload parses here in a few milliseconds; a bigger one goes to at least one worker
  // so the host's event loop stays free while node-sql-parser runs.
  if (!script || sqls.length < minPer) shapes = shapeStatements(sqls, columns, flavor);
  else {
    const per = Math.ceil(sqls.length / threads);
    const jobs: ShapeJob[] = [];
    for (let i = 0; i < sqls.length; i += per) jobs.push({ sqls: sqls.slice(i, i + per), columns, flavor });
    shapes = (await Promise.all(jobs.map((job) => inWorker(script, job, run.signal)))).flat();
  }
  return new Map(sqls.map((s, i) => [s, shapes[i]!]));
}

function inWorker(script: string | URL, job: ShapeJob, signal?: AbortSignal): Promise<StatementShape[]> {
  return new Promise((resolve, reject) => {
    // The parser allocates short-lived objects at a high rate: a larger young generation
    // means fewer scavenges (about a fifth of the parse time with the default size).
    const worker = new Worker(script, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
    const abort = (): void => {
      void worker.terminate();
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    const finish = (): void => {
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
    };
    worker.on('message', (m: ShapeWorkerMessage) => {
      finish();
      if (m.type === 'done') resolve(m.shapes);
      else reject(new Error(m.message));
    });
    worker.on('error', (e) => {
      finish();
      reject(e);
    });
  });
}
