/**
 * The restore plan of a catalog backup: reads the backup's manifest and what the target database
 * holds now, and derives the plan (engines/backup/restore-plan.ts). Its load step is run by the
 * restore executor (actions/restore-executor.ts) with the dump tool's own client. Only logical
 * backups restore into a database; a physical backup is refused here, because restoring it into a
 * running server would mean replacing its datadir, which this app never does: it restores into a
 * new datadir instead (backup-physical-restore.planner.ts). `measure` counts the target's tables and how many equal the manifest
 * (rows and checksum), which is what verify compares after the load.
 */
import { dumpCompressionOf } from '../../../shared/backup-text';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Measurement } from '../../../shared/contract/actions';
import type { BackupManifest } from '../../../shared/contract/backup';
import { AppError } from '../../../shared/contract/core';
import { collectTableChecksums } from '../../connections/collectors/backup.collector';
import { collectRestoreTarget } from '../../connections/collectors/restore.collector';
import type { SqlReader } from '../../connections/sql-reader';
import { dumpFileName } from '../../engines/backup/dump-file';
import { planRestore } from '../../engines/backup/restore-plan';
import { compareTables } from '../../engines/backup/verify';
import { lastRestoreMs, readManifest } from '../../services/backup/backup.service';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'backup-restore'>;

/** The backup's manifest and dump file, refused when this build cannot restore it into a database. */
export async function restorableBackup(dirIn: string): Promise<{ dir: string; manifest: BackupManifest; dumpFile: string }> {
  const dir = resolve(dirIn);
  const manifest = await readManifest(dir);
  if (manifest.tool === 'mariadb-backup')
    throw new AppError(
      'UNSUPPORTED',
      'A physical backup is not restored into a running server (that would replace its datadir): restore it into a new datadir with its physical restore plan (backup-physical-restore), which can start and verify it there.',
    );
  if (manifest.tool === 'mydumper')
    throw new AppError('UNSUPPORTED', 'Restore plans load mariadb-dump backups; restore a mydumper backup with myloader --directory … --database ….');
  const dumpFile = join(dir, dumpFileName(dumpCompressionOf(manifest)));
  if (!existsSync(dumpFile)) throw new AppError('NOT_FOUND', `${dumpFile} is missing: the backup folder is incomplete`);
  return { dir, manifest, dumpFile };
}

/** The backup-restore planner. */
export const backupRestorePlanner: Planner<Params> = {
  async derive(params, reader) {
    const { dir, manifest, dumpFile } = await restorableBackup(params.dir);
    const target = await collectRestoreTarget(reader, params.into);
    const { plan, touches } = planRestore(manifest, dumpFile, target, await lastRestoreMs(dir));
    return {
      plan,
      touches: touches.map((t) => ({
        stepId: 'load',
        touches: `${params.into}.${t.table}`,
        details: { action: t.action, backupRows: t.backupRows, rowsLost: t.rowsLost, bytesNow: t.bytesNow },
      })),
    };
  },
  async measure(params, reader: SqlReader): Promise<Measurement> {
    const { manifest } = await restorableBackup(params.dir);
    const target = await collectRestoreTarget(reader, params.into);
    let matching = 0;
    if (target.exists) {
      const actual = await collectTableChecksums(reader, params.into);
      matching = compareTables(manifest.tables, actual).filter((v) => v.status === 'ok').length;
    }
    return {
      at: new Date().toISOString(),
      metrics: [
        { key: 'exists', label: `${params.into} exists`, value: target.exists ? 1 : 0 },
        { key: 'tables', label: 'Tables in the target', value: target.tables.length },
        { key: 'rows', label: 'Rows in the target', value: target.tables.reduce((s, t) => s + t.rows, 0) },
        { key: 'matching', label: `Tables equal to the backup (of ${manifest.tables.length})`, value: matching },
      ],
    };
  },
};
