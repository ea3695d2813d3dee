/**
 * Verified backups. `runBackup` dumps a database (mariadb-dump in one consistent snapshot, or
 * mydumper in parallel), reads every table's row count and checksum right after, writes the
 * manifest, optionally verifies, and applies retention. Verifying as part of the backup overlaps
 * its stages: a SQL dump is restored from its bytes as they are written (streamed-restore.ts), and
 * a mydumper backup is restored while the source's checksums are read. `verifyBackup` restores a backup into a
 * new scratch database (created and dropped by plans through the executor, so both are audited),
 * checksums the copy and compares it with the manifest, naming each table that differs. Each takes
 * a progress callback and an AbortSignal, so the app, the CLI and a scheduled job call the same
 * function.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pipeline, Transform, type Readable } from 'node:stream';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import type { PlanRequest } from '../../../shared/contract/actions';
import {
  backupManifest,
  MANIFEST_FORMAT,
  type BackupManifest,
  type BackupResult,
  type BackupSpec,
  type backupContract,
  type TableChecksum,
  type VerifyReport,
  verifyReport,
} from '../../../shared/contract/backup';
import { AppError, type ProgressEvent } from '../../../shared/contract/core';
import { dumpCompressionOf } from '../../../shared/backup-text';
import type { Executor } from '../../actions/executor';
import { collectBinlogPosition, collectExpressionDefaultColumns, collectObjectCounts } from '../../connections/collectors/backup.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import type { Handlers } from '../../dispatch/dispatcher';
import { expiredBackups } from '../../engines/backup/retention';
import {
  dumpCommand,
  mydumperCommand,
  mydumperRefusal,
  myloaderCommand,
  parallelLoadCommand,
  probeCommand,
  SKIP_BINLOG,
  type ToolCommand,
  type ToolEndpoint,
} from '../../engines/backup/tool-args';
import { DumpStartWatch } from '../../engines/backup/dump-start';
import { compareTables, differingTables } from '../../engines/backup/verify';
import type { BackupCatalogRepo } from '../../store/backup-catalog.repo';
import type { ConnectionConfig, ConnectionsRepo } from '../../store/connections.repo';
import { loadDumpInParallel, type ParallelLoadOptions } from './parallel-load';
import { DumpLoadSession } from '../../connections/dump-load-session';
import { runPhysicalBackup, verifyPhysicalBackup } from './physical.service';
import { StreamedRestore } from './streamed-restore';
import { DumpSnapshot } from './dump-snapshot';
import { ScratchChecksums, type ChecksumProgress } from './table-checksums';
import { runTool, toolVersion, withToolEndpoint } from './tool-runner';
import { compressor, decompressor, dumpCompressionFor } from './compression';
import { dumpFileName } from '../../engines/backup/dump-file';

/** Progress of a backup or verification (the dispatcher's progress event without its request id). */
export type BackupProgress = (event: Omit<ProgressEvent, 'requestId'>) => void;

/** A checksum reader's per-table report as backup progress: `Checksummed <table><where>`. */
export function checksumProgress(progress: BackupProgress, where = ''): ChecksumProgress {
  return (done, total, table) => progress({ phase: 'checksum', done, total, unit: 'steps', message: `Checksummed ${table}${where}` });
}

/** The scratch plan's request. */
export type BackupScratchRequest = Extract<PlanRequest, { planner: 'backup-scratch' }>;
/** Runs one scratch plan through the executor; resolves to the failed step's message, or null. */
export type BackupScratchRunner = (request: BackupScratchRequest) => Promise<string | null>;

/** Where a backup comes from and how its scratch plans run. */
export interface BackupTarget {
  readonly cfg: ConnectionConfig;
  /** The catalog entry's connection id (a saved connection's id, or the CLI's URL endpoint). */
  readonly connectionId: string;
  readonly runScratch: BackupScratchRunner;
  readonly catalog?: BackupCatalogRepo;
}

/** The manifest's file name in a backup folder. */
export const MANIFEST = 'manifest.json';
const MYDUMPER_DIR = 'data';
/** Checksums read whole tables: allow them far longer than an interactive read. */
const CHECKSUM_TIMEOUT_MS = 3_600_000;
/** The piece size the dump's bytes travel in to compression, the file and the restore (and a backup file is read in). */
const COALESCE_BYTES = 256 << 10;

/** Connections a restore uses at once: one per core (at least 2, at most 8), as myloader's threads. */
export function restoreConnections(): number {
  return Math.min(8, Math.max(2, availableParallelism()));
}

/** A compact UTC time stamp for a backup folder's name. */
export function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Every file under `dir`, relative to it, with its size. */
export async function filesUnder(dir: string, base = dir): Promise<Array<{ path: string; bytes: number }>> {
  const out: Array<{ path: string; bytes: number }> = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p, base)));
    else if (e.isFile()) out.push({ path: p.slice(base.length + 1), bytes: (await stat(p)).size });
  }
  return out;
}

/** The bytes of files listed by `filesUnder`. */
export function totalBytes(files: ReadonlyArray<{ bytes: number }>): number {
  return files.reduce((s, f) => s + f.bytes, 0);
}

/** Reads and checks a backup folder's manifest. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `${dir} has no ${MANIFEST}: it is not a backup taken by this app`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('BAD_INPUT', `${join(dir, MANIFEST)} is not valid JSON`);
  }
  const parsed = backupManifest.safeParse(json);
  if (!parsed.success)
    throw new AppError(
      'BAD_INPUT',
      `${join(dir, MANIFEST)} is not a ${MANIFEST_FORMAT} manifest: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

function checksumConfig(cfg: ConnectionConfig, database: string): ConnectionConfig {
  return { ...cfg, database, readTimeoutMs: Math.max(cfg.readTimeoutMs, CHECKSUM_TIMEOUT_MS) };
}

/**
 * Calls `onFile` once a file other than mydumper's metadata appears in `dir`: mydumper writes one
 * only after all its threads have opened their snapshots. Returns the stop (polling every 20 ms).
 */
function onFirstFile(dir: string, onFile: () => void): () => void {
  let stopped = false;
  const timer = setInterval(() => {
    readdir(dir).then(
      (names) => {
        if (stopped || !names.some((n) => !n.startsWith('metadata'))) return;
        stop();
        onFile();
      },
      () => undefined, // not created yet
    );
  }, 20);
  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}

/** Takes one backup of `spec.database`, verifies it when asked, then applies retention. */
export async function runBackup(target: BackupTarget, spec: BackupSpec, progress: BackupProgress, signal: AbortSignal): Promise<BackupResult> {
  const { cfg } = target;
  if (!spec.outDir) throw new AppError('BAD_INPUT', 'Say where the backup goes (an output folder).');
  if (spec.tool === 'mariadb-backup') {
    const taken = await runPhysicalBackup(target, spec, progress, signal);
    const checked = spec.verify ? await verifyBackup(target, taken.dir, progress, signal) : null;
    const gone = await applyRetention(resolve(spec.outDir), taken.manifest, spec, taken.dir);
    target.catalog?.removeDirs(gone);
    return { ...taken, verified: checked?.verified ?? false, verification: checked, removed: gone };
  }
  const started = new Date();
  const program = spec.tool === 'mydumper' ? 'mydumper' : 'mariadb-dump';
  const versionOf = toolVersion(program); // while the server is read
  const compressionOf = dumpCompressionFor(spec);
  compressionOf.catch(() => undefined); // awaited below, after the server's checks
  const pre = await withMysqlSession({ ...cfg, database: '' }, async (s) => {
    const [db] = await s.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [spec.database]);
    if (!Number(db?.n ?? 0)) throw new AppError('NOT_FOUND', `No database ${spec.database} on ${cfg.host}:${cfg.port}`);
    return {
      flavor: s.flavor,
      binlog: await collectBinlogPosition(s, s.flavor),
      objects: await collectObjectCounts(s, spec.database),
      expressionDefaults: spec.tool === 'mydumper' ? await collectExpressionDefaultColumns(s, spec.database) : [],
    };
  });
  const version = await versionOf;
  const compression = await compressionOf;
  const refusal = spec.tool === 'mydumper' ? mydumperRefusal(version, pre.expressionDefaults) : null;
  if (refusal) throw new AppError('UNSUPPORTED', refusal);
  const id = `${spec.database}-${stamp(started)}-${randomBytes(3).toString('hex')}`;
  const outDir = resolve(spec.outDir);
  const dir = join(outDir, id);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // A verified SQL dump is restored from the dump's bytes as they are written (below); mydumper's
  // files are restored by myloader once written.
  const streamed = spec.verify && spec.tool === 'mysqldump' ? new StreamedRestore() : null;
  let manifest: BackupManifest | null = null;
  const checksummed = checksumProgress(progress);
  // The checksums read the dump's own snapshot when the backup lock can be taken (dump-snapshot.ts).
  let snapshot: DumpSnapshot | null = null;
  const dumpFiles = async (): Promise<number> => {
    progress({ phase: 'dump', done: 0, total: null, unit: 'bytes', message: `${program} of ${spec.database}` });
    const snap = await DumpSnapshot.open(checksumConfig(cfg, spec.database), spec.database, restoreConnections());
    snapshot = snap;
    const consistency = snap.outcome;
    if (consistency.checksums === 'after-dump')
      progress({
        phase: 'dump',
        done: 0,
        total: null,
        unit: 'bytes',
        message: `No global read lock (${consistency.reason}): the checksums are read after the dump`,
      });
    const begun = (): void => void snap.dumpStarted(checksummed, signal);
    await withToolEndpoint(cfg, async (e) => {
      if (spec.tool === 'mydumper') {
        const out = join(dir, MYDUMPER_DIR);
        const stop = onFirstFile(out, begun);
        try {
          await runTool(mydumperCommand(e, spec.database, out, spec.threads, spec.compress), signal);
        } finally {
          stop();
        }
        return;
      }
      const opened = new DumpStartWatch();
      const file = join(dir, dumpFileName(compression));
      let written = 0;
      let last = 0;
      // The pipe hands over the dump in small pieces (~16 KB); each piece would be one gzip job, one
      // spool write and one file write on the thread pool. They go on in pieces of COALESCE_BYTES.
      let held: Buffer[] = [];
      let heldBytes = 0;
      const take = (): Buffer => {
        const out = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
        held = [];
        heldBytes = 0;
        return out;
      };
      // The restore takes each piece first (holding the dump back while it is behind).
      const pass = (out: Buffer, next: () => void): void => (streamed ? streamed.feed(out, next) : next());
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          written += chunk.length;
          if (written - last > 4 << 20) {
            last = written;
            progress({ phase: 'dump', done: written, total: null, unit: 'bytes', message: `${program}: ${(written / 1048576).toFixed(0)} MB read` });
          }
          held.push(chunk);
          heldBytes += chunk.length;
          if (heldBytes < COALESCE_BYTES) return cb();
          const out = take();
          pass(out, () => cb(null, out));
        },
        flush(cb) {
          const end = (): void => {
            streamed?.end();
            cb();
          };
          if (!heldBytes) return end();
          const out = take();
          pass(out, () => {
            this.push(out);
            end();
          });
        },
      });
      const sink = createWriteStream(file, { mode: 0o600 });
      const stored = streamed ? [streamed.fileHash()] : [];
      try {
        await runTool(dumpCommand(e, spec.database), signal, {
          stdout: compression ? [counter, compressor(compression, COALESCE_BYTES), ...stored, sink] : [counter, ...stored, sink],
          onStderr: (text) => {
            if (opened.feed(text)) begun();
          },
        });
      } catch (err) {
        streamed?.abandon();
        throw err;
      }
      if (streamed) streamed.file = file;
    });
    return Date.now() - started.getTime();
  };
  const recordManifest = async (dumpedMs: number): Promise<BackupManifest> => {
    const snap = snapshot as DumpSnapshot | null;
    if (!snap) throw new AppError('INTERNAL', 'The dump ended without its snapshot');
    const tables = await snap.tables(restoreConnections(), checksummed, signal);
    const files = await filesUnder(dir);
    const taken: BackupManifest = {
      format: MANIFEST_FORMAT,
      id,
      database: spec.database,
      server: { host: cfg.host, port: cfg.port, flavor: pre.flavor.label, version: pre.flavor.version },
      binlog: snap.binlog ?? pre.binlog, // read under the lock: exactly the dump's position
      tool: spec.tool,
      toolVersion: version,
      compressed: compression !== null,
      ...(compression ? { compression } : {}),
      files: files.map((f) => f.path).sort(),
      bytes: totalBytes(files),
      startedAt: started.toISOString(),
      durationMs: dumpedMs,
      checksumsAt: new Date().toISOString(),
      consistency: snap.outcome,
      tables,
      ...pre.objects,
    };
    await writeFile(join(dir, MANIFEST), `${JSON.stringify(taken, null, 2)}\n`, { mode: 0o600 });
    target.catalog?.add(target.connectionId, dir, taken);
    manifest = taken;
    return taken;
  };
  let verification: VerifyReport | null = null;
  // The dump decides the outcome first: when it fails, the restore fails too, and the dump says why.
  const settle = async <T>(first: Promise<T>, then: Promise<unknown>): Promise<T> => {
    const [a, b] = await Promise.allSettled([first, then]);
    if (a.status === 'rejected') throw a.reason;
    if (b.status === 'rejected') throw b.reason;
    return a.value;
  };
  try {
    if (streamed)
      verification = await verifyInScratch(
        target,
        dir,
        `Restoring ${spec.database}'s dump as it is written`,
        progress,
        signal,
        async (scratch, loaded, mark) => {
          mark();
          // A restore that ends early (failed, cancelled) lets the dump run on to its end.
          const load = withToolEndpoint(cfg, async (e) => {
            const { cmd, options } = await scratchLoad(e, cfg, scratch, signal);
            return loadDumpInParallel(cmd, streamed.source, restoreConnections(), signal, loaded, options);
          }).catch((err: unknown) => {
            streamed.abandon();
            throw err;
          });
          const taken = await settle(
            dumpFiles().then((ms) => recordManifest(ms)),
            load,
          );
          await streamed.checkFile();
          return taken.tables;
        },
      );
    else if (spec.verify && spec.tool === 'mydumper')
      // myloader restores the files while the source's checksums are read.
      verification = await verifyInScratch(target, dir, `Restoring ${spec.database}'s mydumper backup`, progress, signal, async (scratch, _loaded, mark) => {
        const dumpedMs = await dumpFiles();
        mark();
        const load = withToolEndpoint(cfg, (e) => runTool(myloaderCommand(e, join(dir, MYDUMPER_DIR), spec.database, scratch, restoreConnections()), signal));
        return (await settle(recordManifest(dumpedMs), load)).tables;
      });
    else await recordManifest(await dumpFiles());
  } catch (err) {
    await (snapshot as DumpSnapshot | null)?.close();
    if (!manifest) await rm(dir, { recursive: true, force: true }); // a dump without its manifest is no backup: leave nothing that looks like one
    if (signal.aborted)
      throw new AppError('CANCELLED', manifest ? `Cancelled while verifying: the backup in ${dir} is kept, not verified` : 'Cancelled: no backup was kept');
    throw err;
  }
  await (snapshot as DumpSnapshot | null)?.close();
  const taken = manifest as BackupManifest | null;
  if (!taken) throw new AppError('INTERNAL', 'The backup ended without its manifest');
  if (spec.verify && !verification) verification = await verifyBackup(target, dir, progress, signal);
  const removed = await applyRetention(outDir, taken, spec, dir);
  target.catalog?.removeDirs(removed);
  return { dir, manifest: taken, verified: verification?.verified ?? false, verification, removed };
}

/** Removes the backups of the same database and server in `outDir` that retention no longer keeps. */
export async function applyRetention(outDir: string, current: BackupManifest, spec: BackupSpec, currentDir: string): Promise<string[]> {
  if (spec.retention.keep === undefined && spec.retention.days === undefined) return [];
  const siblings: Array<{ dir: string; startedAt: string }> = [];
  for (const e of await readdir(outDir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const dir = join(outDir, e.name);
    try {
      const m = await readManifest(dir);
      if (m.database === current.database && m.server.host === current.server.host && m.server.port === current.server.port)
        siblings.push({ dir, startedAt: m.startedAt });
    } catch {
      // not one of ours: never touched
    }
  }
  const expired = expiredBackups(siblings, spec.retention, currentDir, new Date());
  for (const b of expired) await rm(b.dir, { recursive: true, force: true });
  return expired.map((b) => b.dir);
}

/**
 * Restores the backup in `dir` into a new scratch database, compares each table with the
 * manifest, and drops the scratch database whatever happened. Verified only when every table matches.
 */
export async function verifyBackup(target: BackupTarget, dirIn: string, progress: BackupProgress, signal: AbortSignal): Promise<VerifyReport> {
  const dir = resolve(dirIn);
  const manifest = await readManifest(dir);
  if (manifest.tool === 'mariadb-backup') return recordVerification(dir, await verifyPhysicalBackup(target, dir, manifest, progress, signal));
  return verifyInScratch(target, dir, `Restoring ${manifest.tool} backup`, progress, signal, async (scratch, loaded) => {
    await withToolEndpoint(target.cfg, async (e) => {
      if (manifest.tool === 'mydumper') {
        await runTool(myloaderCommand(e, join(dir, MYDUMPER_DIR), manifest.database, scratch, restoreConnections()), signal);
        return;
      }
      const compression = dumpCompressionOf(manifest);
      const { cmd, options } = await scratchLoad(e, target.cfg, scratch, signal);
      // Opened once nothing can fail before the load takes them (it destroys them however it ends).
      // Large reads and inflate rounds: each is a job on the thread pool.
      const read = createReadStream(join(dir, dumpFileName(compression)), { highWaterMark: COALESCE_BYTES });
      const source: Readable = compression ? pipeline(read, decompressor(compression, COALESCE_BYTES), () => undefined) : read;
      await loadDumpInParallel(cmd, source, restoreConnections(), signal, loaded, options);
    });
    return manifest.tables;
  });
}

/**
 * The clients that restore a SQL dump into a scratch database: the mariadb client for the
 * structures and what follows the tables, dump load sessions for the rows (they send the
 * statements themselves: dump-load-session.ts). Kept out of the binary log when the account may
 * set sql_log_bin (a probe says), as myloader keeps a mydumper restore out of it.
 */
async function scratchLoad(
  e: ToolEndpoint,
  cfg: ConnectionConfig,
  scratch: string,
  signal: AbortSignal,
): Promise<{ cmd: ToolCommand; options: ParallelLoadOptions }> {
  const binlog = await runTool(probeCommand(e, SKIP_BINLOG), signal).then(
    () => false,
    () => true, // no privilege (or the probe failed): the restore is logged, as before
  );
  return {
    cmd: parallelLoadCommand(e, scratch, { binlog }),
    options: { rowsClient: (stop) => new DumpLoadSession(cfg, scratch, { skipBinlog: !binlog, signal: stop }) },
  };
}

/**
 * The verification around a restore: creates a scratch database (a plan through the executor),
 * runs `restore` into it — which reports each table whose rows are committed, so its checksum is
 * read while the others load, may `mark` when the restore proper starts (the restore time a
 * restore plan's estimate is measured from), and resolves to the tables the copy must match —
 * checksums the rest,
 * compares, records the report in `dir` and the catalog, and drops the scratch database whatever happened.
 */
async function verifyInScratch(
  target: BackupTarget,
  dir: string,
  what: string,
  progress: BackupProgress,
  signal: AbortSignal,
  restore: (scratch: string, loaded: (table: string) => void, mark: () => void) => Promise<readonly TableChecksum[]>,
): Promise<VerifyReport> {
  const scratch = `dbw_bk_${randomBytes(6).toString('hex')}`;
  let created = false;
  let dropped = false;
  let result: Omit<VerifyReport, 'dropped'>;
  const sums = new ScratchChecksums(checksumConfig(target.cfg, scratch), scratch, signal, checksumProgress(progress));
  try {
    progress({ phase: 'restore', done: 0, total: null, unit: 'steps', message: `Creating ${scratch}` });
    const failed = await target.runScratch({ planner: 'backup-scratch', params: { scratch, action: 'create' } });
    created = true;
    if (failed) throw new AppError('SERVER_ERROR', `The scratch database could not be created: ${failed}`);
    let t0 = Date.now();
    progress({ phase: 'restore', done: 0, total: null, unit: 'steps', message: `${what} into ${scratch}` });
    const expected = await restore(
      scratch,
      (table) => sums.loaded(table),
      () => (t0 = Date.now()),
    );
    const restoreMs = Date.now() - t0;
    const t1 = Date.now();
    const actual = await sums.finish(restoreConnections());
    const tables = compareTables(expected, actual);
    const differing = differingTables(tables);
    result = { verified: differing.length === 0, scratch, tables, differing, restoreMs, checksumMs: Date.now() - t1, at: new Date().toISOString() };
  } finally {
    await sums.close();
    if (created) {
      try {
        dropped = (await target.runScratch({ planner: 'backup-scratch', params: { scratch, action: 'drop' } })) === null;
      } catch {
        dropped = false; // the server went away: the scratch name is in the audit log with its rollback
      }
    }
  }
  const manifest = await readManifest(dir).catch(() => null);
  const c = manifest?.consistency;
  // Checksums read after the dump may count rows written after it: say so next to the tables that differ.
  const caveat =
    result.differing.length && c?.checksums === 'after-dump'
      ? `This backup's checksums were read after its dump (${c.reason}): a table written between the two differs even when the dump is right.`
      : undefined;
  const report: VerifyReport = { ...result, dropped, ...(caveat ? { caveat } : {}) };
  if (manifest) target.catalog?.setVerification(manifest.id, report);
  return recordVerification(dir, report);
}

/** The last verification's report in a backup folder: its restore time is what a restore plan's estimate is measured from. */
export const VERIFY_RECORD = 'verify.json';

async function recordVerification(dir: string, report: VerifyReport): Promise<VerifyReport> {
  try {
    await writeFile(join(dir, VERIFY_RECORD), `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
  } catch {
    // a read-only backup folder: the report is still returned and catalogued
  }
  return report;
}

/** The restore time of the backup's last verification, or null when it was never verified. */
export async function lastRestoreMs(dir: string): Promise<number | null> {
  try {
    const r = verifyReport.safeParse(JSON.parse(await readFile(join(dir, VERIFY_RECORD), 'utf8')));
    return r.success ? r.data.restoreMs : null;
  } catch {
    return null;
  }
}

/**
 * Runs scratch plans through the app's executor (preview, then apply of that plan's hash). A drop
 * ignores `signal`: it is the clean-up after a cancelled backup or verification, which must still run.
 */
export function executorScratchRunner(executor: Executor, connectionId: string, confirmation: string | undefined, signal: AbortSignal): BackupScratchRunner {
  return async (request) => {
    const { plan } = await executor.preview(connectionId, request);
    const stop = request.params.action === 'drop' ? new AbortController().signal : signal;
    const { outcomes } = await executor.apply(connectionId, request, plan.hash, confirmation, stop, () => undefined);
    const bad = outcomes.find((o) => o.status !== 'ok');
    return bad ? `${bad.sql}: ${bad.message}` : null;
  };
}

type RunInput = z.output<(typeof backupContract)['backup.run']['input']>;

function sqlConfig(repo: ConnectionsRepo, connectionId: string): ConnectionConfig {
  const cfg = repo.config(connectionId);
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; backups are of MySQL and MariaDB databases`);
  return cfg;
}

/** Handlers for the backup calls. */
export function backupHandlers(deps: {
  connections: ConnectionsRepo;
  executor: Executor;
  catalog: BackupCatalogRepo;
  workspaceDir: string;
}): Handlers<typeof backupContract> {
  const target = (connectionId: string, confirmation: string | undefined, signal: AbortSignal): BackupTarget => ({
    cfg: sqlConfig(deps.connections, connectionId),
    connectionId,
    runScratch: executorScratchRunner(deps.executor, connectionId, confirmation, signal),
    catalog: deps.catalog,
  });
  return {
    'backup.run': async ({ connectionId, spec, confirmation }: RunInput, ctx) =>
      runBackup(
        target(connectionId, confirmation, ctx.signal),
        { ...spec, outDir: spec.outDir || join(deps.workspaceDir, 'backups') },
        ctx.progress,
        ctx.signal,
      ),
    'backup.verify': async ({ connectionId, dir, confirmation }, ctx) =>
      verifyBackup(target(connectionId, confirmation, ctx.signal), dir, ctx.progress, ctx.signal),
    'backup.catalog': async ({ connectionId, limit }) => deps.catalog.list(connectionId, limit),
  };
}
