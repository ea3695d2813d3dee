/**
 * Parses a workload's distinct statements across worker threads when there is enough to parse:
 * node-sql-parser costs about a millisecond per 100 characters of text (several while the JIT
 * warms up). Statements sharing a template, or cut into pieces other statements share
 * (statement-pieces.ts), cost little, so most workloads parse in this thread: a cold worker costs
 * more than it saves. A workload with much to parse is cut into one share of templates per core,
 * each worker shapes its share with the engine's `shapeStatements`, and the shapes come back in
 * order. Without a built worker the same function runs in this thread: the results are identical
 * either way.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { shapeStatements, type ColumnsByTable, type StatementShape } from '../../engines/advisor/analyze-workload';
import { planParse, type SqlFlavor } from '../../engines/sql-parse/sql-parse';
import { statementTemplate, type StatementTemplate } from '../../engines/sql-parse/statement-template';

const YOUNG_MB = 96;
/** A parse costs about in proportion to its text: this many characters count as one statement. */
const STATEMENT_CHARS = 100;

/** One worker's share. */
export interface ShapeJob {
  readonly sqls: readonly string[];
  readonly columns: ColumnsByTable;
  readonly flavor: SqlFlavor;
}

/** A job sent to a worker. */
export interface ShapeRequest {
  readonly id: number;
  readonly job: ShapeJob;
}

/** Messages the worker posts, one per request. */
export type ShapeWorkerMessage = { id: number; type: 'done'; shapes: StatementShape[] } | { id: number; type: 'error'; message: string };

/** Idle workers kept per script, so a second advice reuses their warmed-up parser. */
const idle = new Map<string, Worker[]>();
/** Idle workers end after this long without a job. */
const IDLE_MS = 60_000;
let nextId = 1;

function acquire(script: string | URL): Worker {
  const pooled = idle.get(String(script))?.pop();
  if (pooled) {
    clearTimeout((pooled as Worker & { idleTimer?: NodeJS.Timeout }).idleTimer);
    pooled.ref();
    return pooled;
  }
  // The parser allocates short-lived objects at a high rate: a larger young generation
  // means fewer scavenges (about a fifth of the parse time with the default size).
  const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
  // A worker that dies while idle leaves the pool (a job's own listener reports errors during a job).
  const drop = (): void => {
    const list = idle.get(String(script));
    const at = list?.indexOf(worker) ?? -1;
    if (at >= 0) list!.splice(at, 1);
  };
  worker.on('error', drop);
  worker.on('exit', drop);
  return worker;
}

function release(script: string | URL, worker: Worker): void {
  // An idle pooled worker must not keep the process (the CLI, a test run) alive.
  worker.unref();
  const list = idle.get(String(script)) ?? [];
  list.push(worker);
  idle.set(String(script), list);
  const timer = setTimeout(() => {
    const at = list.indexOf(worker);
    if (at >= 0) list.splice(at, 1);
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  (worker as Worker & { idleTimer?: NodeJS.Timeout }).idleTimer = timer;
}

/** How to run. */
export interface ShapeRunOptions {
  /** The built worker (dist/workers/advisor-parse.worker.mjs); without one, this thread parses. */
  workerScript?: string | URL;
  /** Worker threads (default: one core fewer than available, 1 to 4). */
  threads?: number;
  /** Less parse work than this many statements (of STATEMENT_CHARS) per thread is not worth a
   * worker's start-up (default 150); less in all parses in this thread. */
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
  run.signal?.throwIfAborted();
  // The work is what node-sql-parser parses, counted in statements of ~STATEMENT_CHARS: one text
  // per shared template, and the pieces of the statements cut into pieces (short, and shared by
  // many statements). Each template's statements go to the same thread; little work stays here.
  const templates = script ? sqls.map(statementTemplate) : undefined;
  const plan = templates && planParse(sqls, templates);
  let chars = 0;
  if (plan) for (const t of [...plan.pieceTexts, ...plan.texts]) chars += t.length;
  const units = chars / STATEMENT_CHARS;
  const groups = templates && units >= minPer ? byTemplate(sqls, templates) : [];
  const threads = Math.max(1, Math.min(run.threads ?? defaultThreads(), Math.floor(units / minPer)));
  let shapes: StatementShape[];
  // A small workload parses here in a few milliseconds; a bigger one goes to at least one worker
  // so the host's event loop stays free while node-sql-parser runs.
  if (!script || units < minPer) shapes = shapeStatements(sqls, columns, flavor, undefined, templates, plan);
  else {
    const per = Math.ceil(groups.length / threads);
    const shares: number[][] = [];
    for (let i = 0; i < groups.length; i += per) shares.push(groups.slice(i, i + per).flat());
    const done = await Promise.all(shares.map((share) => inWorker(script, { sqls: share.map((k) => sqls[k]!), columns, flavor }, run.signal)));
    shapes = new Array<StatementShape>(sqls.length);
    shares.forEach((share, j) => share.forEach((k, i) => (shapes[k] = done[j]![i]!)));
  }
  return new Map(sqls.map((s, i) => [s, shapes[i]!]));
}

/**
 * Parse threads by default: one core is left to V8's JIT compiler threads and the host, which a
 * cold node-sql-parser keeps busy. On 2 cores, 1,000 distinct statement templates took 1.79 s
 * cold in one worker and 2.06 s in two (bench/advisor/RESULTS.md); warm, both took ~1.1 s.
 */
function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** Statement positions grouped by statement template, in first-seen order. */
function byTemplate(sqls: readonly string[], templates: readonly (StatementTemplate | null)[]): number[][] {
  const groups = new Map<string, number[]>();
  sqls.forEach((sql, i) => {
    const key = templates[i]?.text ?? sql;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}

function inWorker(script: string | URL, job: ShapeJob, signal?: AbortSignal): Promise<StatementShape[]> {
  return new Promise((resolve, reject) => {
    const worker = acquire(script);
    const id = nextId++;
    const cleanup = (): void => {
      signal?.removeEventListener('abort', abort);
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    const abort = (): void => {
      cleanup();
      void worker.terminate();
      reject(signal?.reason ?? new Error('aborted'));
    };
    const onMessage = (m: ShapeWorkerMessage): void => {
      if (m.id !== id) return;
      cleanup();
      release(script, worker);
      if (m.type === 'done') resolve(m.shapes);
      else reject(new Error(m.message));
    };
    const onError = (e: Error): void => {
      cleanup();
      void worker.terminate();
      reject(e);
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', onMessage);
    worker.on('error', onError);
    const request: ShapeRequest = { id, job };
    worker.postMessage(request);
  });
}
