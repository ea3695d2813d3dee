/**
 * The restore plan of a physical backup into a new datadir on this machine: reads the manifest,
 * the prepared copy, the target path and its filesystem's free space, the connection's live
 * datadir and the local mariadb-backup and mariadbd versions, and derives the plan
 * (engines/backup/physical-restore-plan.ts), refusing a target that is not empty, does not fit, or
 * lies inside the backup folder or the live datadir. Nothing is written: the preview only reads.
 * Its steps are run by actions/physical-restore-executor.ts. Physical backups are MariaDB-only, so
 * a MySQL connection is refused as taking one is.
 */
import { realpath } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Measurement } from '../../../shared/contract/actions';
import type { BackupPhysicalRestoreParams } from '../../../shared/contract/backup-restore';
import type { BackupManifest } from '../../../shared/contract/backup';
import type { Flavor } from '../../../shared/contract/connections';
import { AppError } from '../../../shared/contract/core';
import type { SqlReader } from '../../connections/sql-reader';
import { physicalRestoreRefusal, planPhysicalRestore, type PhysicalRestoreInput, type PhysicalRestorePlan } from '../../engines/backup/physical-restore-plan';
import { filesUnder, readManifest, totalBytes } from '../../services/backup/backup.service';
import { collectDatadirTarget, collectPreparedCopy } from '../../services/backup/datadir-target';
import { freePort, portFree } from '../../services/backup/scratch-instance';
import { toolVersion } from '../../services/backup/tool-runner';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'backup-physical-restore'>;

/** Physical backups restore only where MariaDB's tools run: a MySQL connection is refused with the reason. */
export const PHYSICAL_MARIADB_ONLY =
  'Physical backups are MariaDB-only: mariadb-backup copies MariaDB data files, and a MySQL server would need Percona XtraBackup or MySQL Enterprise Backup, neither available here. Restore a mysqldump or mydumper backup instead.';

async function realOrResolved(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return resolve(p);
  }
}

/** Everything the plan is derived from, read from the backup folder, the target path, the server and this machine. */
export async function physicalRestoreInput(params: BackupPhysicalRestoreParams, reader: SqlReader, flavor: Flavor): Promise<PhysicalRestoreInput> {
  if (flavor.product !== 'mariadb') throw new AppError('UNSUPPORTED', PHYSICAL_MARIADB_ONLY);
  const backupDir = await realOrResolved(params.dir);
  const manifest: BackupManifest = await readManifest(backupDir);
  if (manifest.tool !== 'mariadb-backup' || !manifest.physical)
    throw new AppError('BAD_INPUT', `${backupDir} is a ${manifest.tool} backup: it restores into a database (its restore plan), not into a datadir.`);
  const [prepared, target, rows, serverVersion, tool] = await Promise.all([
    collectPreparedCopy(backupDir, manifest),
    collectDatadirTarget(params.datadir),
    reader.query<{ d: string | null }>('SELECT @@datadir AS d'),
    toolVersion('mariadbd'),
    toolVersion('mariadb-backup'),
  ]);
  const live = rows[0]?.d ?? null;
  let port: number | null = params.port ?? null;
  if (params.start) {
    if (port === null) port = await freePort();
    else if (!(await portFree(port))) throw new AppError('BAD_INPUT', `Port ${port} is in use on 127.0.0.1: pick a free one for the restored server.`);
  }
  return {
    manifest,
    backupDir,
    prepared,
    target,
    liveDatadir: live ? await realOrResolved(live) : null,
    serverVersion,
    toolVersion: tool,
    port,
    start: params.start ? { user: userInfo().username } : null,
    shortDir: tmpdir(),
  };
}

/** The plan (and the commands it runs), or the refusal as a typed error. */
export async function derivePhysicalRestore(
  params: BackupPhysicalRestoreParams,
  reader: SqlReader,
  flavor: Flavor,
): Promise<PhysicalRestorePlan & { manifest: BackupManifest }> {
  const input = await physicalRestoreInput(params, reader, flavor);
  const refusal = physicalRestoreRefusal(input);
  if (refusal) throw new AppError(refusal.code, refusal.message);
  return { ...planPhysicalRestore(input), manifest: input.manifest };
}

/** The target datadir now: whether it exists, its entries and bytes. */
export async function measureDatadir(datadir: string): Promise<Measurement> {
  const t = await collectDatadirTarget(datadir);
  const files = t.exists && t.isDirectory ? await filesUnder(t.path) : [];
  return {
    at: new Date().toISOString(),
    metrics: [
      { key: 'exists', label: `${t.path} exists`, value: t.exists ? 1 : 0 },
      { key: 'files', label: 'Files in it', value: files.length },
      { key: 'bytes', label: 'Bytes in it', value: totalBytes(files) },
    ],
  };
}

/** The backup-physical-restore planner. */
export const backupPhysicalRestorePlanner: Planner<Params> = {
  async derive(params, reader, flavor) {
    const { plan, touches } = await derivePhysicalRestore(params, reader, flavor);
    return { plan, touches };
  },
  async measure(params) {
    return measureDatadir(params.datadir);
  },
};
