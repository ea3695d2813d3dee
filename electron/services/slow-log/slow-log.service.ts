/**
 * Slow-log handlers: pastes are digested in this thread (they already fit in one request body);
 * files go to the worker-thread runner (./digest-runner) with progress and cancellation;
 * uploads are resolved inside <workspace>/uploads and deleted once digested. The demo reads the
 * bundled assets (dist/assets in a build, electron/assets under vitest).
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/contract/core';
import type { slowLogContract } from '../../../shared/contract/slow-log.calls';
import type { DigestReport } from '../../../shared/contract/slow-log';
import type { CallContext, Handlers } from '../../dispatch/dispatcher';
import { compareDigests, digestText, type DigestTextOptions } from '../../engines/slowlog/digest';
import type { ConnectionsRepo } from '../../store/connections.repo';
import { activeFilter } from '../../engines/slowlog/digester';
import { regularFile } from '../input-file';
import { digestFile } from './digest-runner';
import { liveDigest } from './live-digest';

/** Options a caller sends (the contract's digestRequestOptions). */
export interface RequestOptions {
  ptCompatible?: boolean;
  orderBy?: string;
  limit?: number;
  since?: number;
  until?: number;
  db?: string[];
  user?: string[];
  host?: string[];
  minQueryTime?: number;
  text?: string;
}

/** What the handlers need. */
export interface SlowLogDeps {
  workspaceDir: string;
  connections: ConnectionsRepo;
  /** Where the demo assets are (found next to the bundle when omitted). */
  assetsDir?: string;
}

/** The demo's display title. */
export const DEMO_TITLE = 'Demo: co-writing platform';
const DEMO_LOG = 'cowrite-slow.log';
const DEMO_SCHEMA = 'cowrite-schema.sql';
const UPLOAD_ID = /^[0-9a-f-]{36}$/;

/** Maps request options to the engine's options. */
export function engineOptions(o: RequestOptions | undefined): DigestTextOptions {
  if (!o) return {};
  const filter = activeFilter({
    since: o.since,
    until: o.until,
    db: o.db,
    user: o.user,
    host: o.host,
    minQueryTime: o.minQueryTime,
    text: o.text || undefined,
  });
  return { ptCompatible: o.ptCompatible, orderBy: o.orderBy, limit: o.limit, ...(filter ? { filter } : {}) };
}

/**
 * How long the digest workers stay after a file digest: a filter change re-runs the digest, and a
 * warm worker (its code compiled) digests a 13 MB log in about a third of a cold one's CPU time.
 */
const KEEP_WORKERS_WARM_MS = 60_000;

/** The directory of this module in both bundles: CJS (Electron main) has __dirname, ESM (the Node host, vitest) import.meta. */
function moduleDir(): string {
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

/** Finds the bundled assets: dist/assets beside dist/cli.mjs or dist/electron/main.cjs, or electron/assets in the source tree. */
export function findAssetsDir(): string {
  const here = moduleDir();
  const candidates = [join(here, 'assets'), join(here, '..', 'assets'), join(here, '..', '..', 'assets')];
  const found = candidates.find((d) => existsSync(join(d, 'demo', DEMO_LOG)));
  if (!found) throw new AppError('NOT_FOUND', `The demo assets are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * The built digest worker beside either bundle. Passed to the runner explicitly because its own
 * lookup uses import.meta.url, which the CJS Electron main bundle does not have.
 */
export function findWorkerScript(): string | undefined {
  const here = moduleDir();
  return [join(here, 'workers', 'digest.worker.mjs'), join(here, '..', 'workers', 'digest.worker.mjs')].find((p) => existsSync(p));
}

/** Resolves an upload id to its file, refusing anything outside the uploads folder. */
export function uploadPath(workspaceDir: string, uploadId: string): string {
  if (!UPLOAD_ID.test(uploadId)) throw new AppError('VALIDATION', 'Not an upload id');
  const dir = resolve(workspaceDir, 'uploads');
  const file = resolve(dir, uploadId);
  if (!file.startsWith(dir + sep)) throw new AppError('VALIDATION', 'Upload id escapes the uploads folder');
  return file;
}

/** Digests a file with the worker-thread runner: progress (throttled) in bytes and events, stops at the signal. */
export async function digestFileStream(
  path: string,
  options: DigestTextOptions,
  ctx: Pick<CallContext, 'signal' | 'progress'>,
  name = basename(path),
): Promise<DigestReport> {
  const size = regularFile(path).size;
  let last = 0;
  ctx.progress({ phase: 'digest', done: 0, total: size, unit: 'bytes', message: 'Reading' });
  const onProgress = (p: { bytes: number; totalBytes: number; events: number }): void => {
    const now = Date.now();
    if (now - last < 150) return;
    last = now;
    ctx.progress({ phase: 'digest', done: p.bytes, total: p.totalBytes, unit: 'bytes', message: `${p.events.toLocaleString('en-US')} events` });
  };
  try {
    const report = await digestFile(
      path,
      { ...options, files: [{ name, size }] },
      { signal: ctx.signal, onProgress, workerScript: findWorkerScript(), keepWarmMs: KEEP_WORKERS_WARM_MS },
    );
    ctx.progress({ phase: 'report', done: size, total: size, unit: 'bytes', message: `${report.header.parsedEvents.toLocaleString('en-US')} events` });
    return report;
  } catch (err) {
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
    throw err;
  }
}

/** Handlers for the slow-log calls. */
export function slowLogHandlers(deps: SlowLogDeps): Handlers<typeof slowLogContract> {
  let demo: { log: Buffer; files: { name: string; size: number }[]; title: string; logName: string; report: DigestReport; schemaSql: string } | null = null;
  return {
    'slowLog.digestText': async ({ text, options }) =>
      digestText(text, { ...engineOptions(options), files: [{ name: 'pasted text', size: Buffer.byteLength(text) }] }),
    'slowLog.digestFile': async ({ source, options }, ctx) => {
      if (source.kind === 'path') return digestFileStream(resolve(source.path), engineOptions(options), ctx);
      const file = uploadPath(deps.workspaceDir, source.uploadId);
      try {
        return await digestFileStream(file, engineOptions(options), ctx, source.name ?? 'uploaded file');
      } finally {
        await rm(file, { force: true });
      }
    },
    'slowLog.compare': async ({ before, after, threshold }) => compareDigests(before, after, threshold),
    'slowLog.demo': async ({ options }) => {
      if (!demo) {
        const dir = join(deps.assetsDir ?? findAssetsDir(), 'demo');
        const log = readFileSync(join(dir, DEMO_LOG));
        const files = [{ name: DEMO_LOG, size: log.length }];
        demo = {
          log,
          files,
          title: DEMO_TITLE,
          logName: DEMO_LOG,
          report: digestText(log, { files }),
          schemaSql: readFileSync(join(dir, DEMO_SCHEMA), 'utf8'),
        };
      }
      const { log, files, ...rest } = demo;
      const engine = engineOptions(options);
      return Object.keys(engine).some((k) => engine[k as keyof typeof engine] !== undefined)
        ? { ...rest, report: digestText(log, { ...engine, files }) }
        : rest;
    },
    'slowLog.liveDigest': async ({ connectionId, source, options }, ctx) =>
      liveDigest(deps.connections.config(connectionId), source, engineOptions(options), ctx),
  };
}
