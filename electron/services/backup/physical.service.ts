/**
 * Physical backups (mariadb-backup, MariaDB on this machine). `runPhysicalBackup` copies the
 * database and the `mysql` schema with mariadb-backup --backup, prepares the copy (--prepare), then
 * starts the prepared copy as a scratch server and reads every table's row count and checksum from
 * it: those are the data at the backup's consistent point (the binlog position mariadb-backup
 * recorded). The same tables are then read on the source; a difference fails the backup when the
 * source's binlog position had not moved since that point, and is listed as "changed since" when it
 * had. `verifyPhysicalBackup` starts a fresh copy of the stored datadir and compares it with the
 * manifest, naming each table that differs. No server ever opens the backup folder itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  MANIFEST_FORMAT,
  type BackupManifest,
  type BackupResult,
  type BackupSpec,
  type TableChecksum,
  type VerifyReport,
} from '../../../shared/contract/backup';
import { AppError } from '../../../shared/contract/core';
import { collectBinlogPosition, collectObjectCounts, collectTableChecksums } from '../../connections/collectors/backup.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import {
  compareWithSource,
  isLocalHost,
  mariadbBackupCommand,
  parseBinlogInfo,
  parseCheckpoints,
  physicalRefusal,
  prepareCommand,
} from '../../engines/backup/physical-args';
import { compareTables, differingTables } from '../../engines/backup/verify';
import type { ConnectionConfig } from '../../store/connections.repo';
import { checksumProgress, filesUnder, totalBytes, MANIFEST, stamp, type BackupProgress, type BackupTarget } from './backup.service';
import { withScratchServer } from './scratch-instance';
import { runTool, toolVersion, withToolEndpoint } from './tool-runner';

/** The prepared datadir inside a backup folder. */
const DATADIR = 'data';
const CHECKSUM_TIMEOUT_MS = 3_600_000;

function readConfig(cfg: ConnectionConfig, database: string): ConnectionConfig {
  return { ...cfg, database, readTimeoutMs: Math.max(cfg.readTimeoutMs, CHECKSUM_TIMEOUT_MS) };
}

async function readFirst(dir: string, names: readonly string[]): Promise<string> {
  for (const n of names) {
    try {
      return await readFile(join(dir, n), 'utf8');
    } catch {
      // the next name (mariadb-backup 11 renamed xtrabackup_* to mariadb_backup_*)
    }
  }
  throw new AppError('SERVER_ERROR', `mariadb-backup left no ${names.join(' or ')} in ${dir}`);
}

/** Refuses, with the reason, a physical backup this machine cannot take of this server. */
export async function checkPhysicalPossible(cfg: ConnectionConfig): Promise<void> {
  const flavor = await withMysqlSession({ ...cfg, database: '' }, async (s) => s.flavor);
  const refusal = physicalRefusal({
    product: flavor.product,
    serverVersion: flavor.version,
    toolVersion: await toolVersion('mariadb-backup'),
    local: isLocalHost(cfg.host) || cfg.socket !== '',
  });
  if (refusal) throw new AppError('UNSUPPORTED', refusal);
}

/** Takes a physical backup of `spec.database` (with the `mysql` schema) and writes its manifest. */
export async function runPhysicalBackup(
  target: BackupTarget,
  spec: BackupSpec,
  progress: BackupProgress,
  signal: AbortSignal,
): Promise<Omit<BackupResult, 'verified' | 'verification' | 'removed'>> {
  const { cfg } = target;
  if (!spec.outDir) throw new AppError('BAD_INPUT', 'Say where the backup goes (an output folder).');
  await checkPhysicalPossible(cfg);
  const started = new Date();
  const pre = await withMysqlSession({ ...cfg, database: '' }, async (s) => {
    const [db] = await s.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [spec.database]);
    if (!Number(db?.n ?? 0)) throw new AppError('NOT_FOUND', `No database ${spec.database} on ${cfg.host}:${cfg.port}`);
    return { flavor: s.flavor, objects: await collectObjectCounts(s, spec.database) };
  });
  const version = await toolVersion('mariadb-backup');
  const id = `${spec.database}-${stamp(started)}-${randomBytes(3).toString('hex')}`;
  const dir = join(resolve(spec.outDir), id);
  const data = join(dir, DATADIR);
  const databases = spec.database === 'mysql' ? ['mysql'] : [spec.database, 'mysql'];
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let manifest: BackupManifest;
  try {
    progress({ phase: 'dump', done: 0, total: null, unit: 'steps', message: `mariadb-backup --backup of ${databases.join(', ')}` });
    await withToolEndpoint(cfg, (e) => runTool(mariadbBackupCommand(e, data, databases, spec.threads), signal));
    const backupMs = Date.now() - started.getTime();
    progress({ phase: 'dump', done: 0, total: null, unit: 'steps', message: 'mariadb-backup --prepare (applying the copied redo log)' });
    const t1 = Date.now();
    await runTool(prepareCommand(data), signal);
    const prepareMs = Date.now() - t1;
    const binlog = parseBinlogInfo(await readFirst(data, ['xtrabackup_binlog_info', 'mariadb_backup_binlog_info']));
    const lsn = parseCheckpoints(await readFirst(data, ['xtrabackup_checkpoints', 'mariadb_backup_checkpoints']));
    const files = await filesUnder(dir);
    const t2 = Date.now();
    const { value: tables } = await withScratchServer(
      data,
      cfg,
      signal,
      (scratch) =>
        withMysqlSession(readConfig(scratch.cfg, spec.database), (s) =>
          collectTableChecksums(s, spec.database, checksumProgress(progress, ' on the prepared copy'), signal),
        ),
      (message) => progress({ phase: 'checksum', done: 0, total: null, unit: 'steps', message }),
    );
    const restoreMs = Date.now() - t2;
    const checksumsAt = new Date().toISOString();
    // The source, right after: if its binlog did not move between the backup's point and the end of
    // these reads, nothing was written in between and every table must be equal.
    progress({ phase: 'checksum', done: 0, total: null, unit: 'steps', message: 'Comparing with the source' });
    const source = await withMysqlSession(readConfig(cfg, spec.database), async (s) => {
      const before = await collectBinlogPosition(s, s.flavor);
      const sums = await collectTableChecksums(s, spec.database, undefined, signal);
      const after = await collectBinlogPosition(s, s.flavor);
      return { before, after, sums };
    });
    const pos = (p: { file: string | null; position: number | null }): string | null => (p.file && p.position !== null ? `${p.file}:${p.position}` : null);
    const backupPos = pos(binlog);
    const samePosition = backupPos !== null && pos(source.before) === backupPos && pos(source.after) === backupPos;
    const check = compareWithSource(tables, source.sums, samePosition);
    if (check.wrong.length)
      throw new AppError(
        'SERVER_ERROR',
        `The physical copy does not hold what the source held at the same binlog position (${backupPos}): ${check.wrong.join(', ')} differ. The backup was removed.`,
      );
    manifest = {
      format: MANIFEST_FORMAT,
      id,
      database: spec.database,
      server: { host: cfg.host, port: cfg.port, flavor: pre.flavor.label, version: pre.flavor.version },
      binlog,
      tool: 'mariadb-backup',
      toolVersion: version,
      compressed: false,
      files: files.map((f) => f.path).sort(),
      bytes: totalBytes(files),
      startedAt: started.toISOString(),
      durationMs: backupMs + prepareMs,
      checksumsAt,
      tables,
      ...pre.objects,
      physical: {
        datadir: DATADIR,
        databases,
        lsn,
        backupMs,
        prepareMs,
        restoreMs,
        sourceCheck: {
          at: new Date().toISOString(),
          sourcePosition: pos(source.after),
          samePosition,
          matching: check.matching,
          changedSince: check.changedSince,
        },
      },
    };
    await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  } catch (err) {
    await rm(dir, { recursive: true, force: true }); // a copy without its manifest is no backup: leave nothing that looks like one
    throw err;
  }
  target.catalog?.add(target.connectionId, dir, manifest);
  return { dir, manifest };
}

/** Every table's rows and checksum of `database` on a server started on a physical copy (none when the database is missing). */
export async function checksumRestored(cfg: ConnectionConfig, database: string, progress: BackupProgress, signal: AbortSignal): Promise<TableChecksum[]> {
  return withMysqlSession(readConfig(cfg, database), async (s) => {
    const [db] = await s.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [database]);
    if (!Number(db?.n ?? 0)) return [];
    return collectTableChecksums(s, database, checksumProgress(progress), signal);
  });
}

/** The restored tables against the manifest: each table's verdict and the names of those that differ. */
export function compareRestored(manifest: BackupManifest, actual: readonly TableChecksum[]): { tables: VerifyReport['tables']; differing: string[] } {
  const tables = compareTables(manifest.tables, actual);
  return { tables, differing: differingTables(tables) };
}

/**
 * Starts a fresh copy of a physical backup's prepared datadir as a scratch server, checksums every
 * table of the backed-up database and compares them with the manifest; the server is stopped and
 * the copy removed after, whatever happened.
 */
export async function verifyPhysicalBackup(
  target: BackupTarget,
  dir: string,
  manifest: BackupManifest,
  progress: BackupProgress,
  signal: AbortSignal,
): Promise<VerifyReport> {
  if (!manifest.physical) throw new AppError('BAD_INPUT', `${dir}'s manifest says mariadb-backup but has no physical part`);
  const t0 = Date.now();
  let port = 0;
  let restoreMs = 0;
  const { value: actual, removed } = await withScratchServer(
    join(dir, manifest.physical.datadir),
    target.cfg,
    signal,
    async (scratch) => {
      port = scratch.port;
      restoreMs = Date.now() - t0;
      return checksumRestored(scratch.cfg, manifest.database, progress, signal);
    },
    (message) => progress({ phase: 'restore', done: 0, total: null, unit: 'steps', message }),
  );
  const { tables, differing } = compareRestored(manifest, actual);
  const report: VerifyReport = {
    verified: differing.length === 0,
    scratch: `scratch server 127.0.0.1:${port} on a copy of ${manifest.physical.datadir}`,
    dropped: removed,
    tables,
    differing,
    restoreMs,
    checksumMs: Date.now() - t0 - restoreMs,
    at: new Date().toISOString(),
  };
  target.catalog?.setVerification(manifest.id, report);
  return report;
}
