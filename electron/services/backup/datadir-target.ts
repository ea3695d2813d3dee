/**
 * What the file system says about a physical restore, read without writing anything: the target
 * path (its existing part's symbolic links resolved, so a link into the backup folder or the live
 * datadir is seen for what it is), whether it exists and holds anything, the free space of the
 * filesystem that would hold it, and the size of the backup's prepared copy.
 */
import { lstat, readdir, readFile, realpath, stat, statfs } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { BackupManifest } from '../../../shared/contract/backup';
import { AppError } from '../../../shared/contract/core';
import type { DatadirTarget, PreparedCopy } from '../../engines/backup/physical-restore-plan';
import { filesUnder, totalBytes } from './backup.service';

/** `p` with the symbolic links of its longest existing prefix resolved, and that prefix. */
async function resolveExisting(p: string): Promise<{ path: string; existing: string }> {
  let head = resolve(p);
  const tail: string[] = [];
  for (;;) {
    try {
      const real = await realpath(head);
      return { path: join(real, ...tail.reverse()), existing: real };
    } catch {
      const up = dirname(head);
      if (up === head) return { path: resolve(p), existing: up };
      tail.push(basename(head));
      head = up;
    }
  }
}

/** The target datadir as it is now. */
export async function collectDatadirTarget(path: string): Promise<DatadirTarget> {
  const { path: real, existing } = await resolveExisting(path);
  let exists = false;
  let isDirectory = false;
  let entries = 0;
  try {
    const st = await lstat(real);
    exists = true;
    isDirectory = st.isDirectory();
    if (isDirectory) entries = (await readdir(real)).length;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new AppError('BAD_INPUT', `${real} cannot be read: ${(e as Error).message}`);
  }
  const fsPath = exists && isDirectory ? real : existing;
  const fs = await statfs(fsPath);
  return { path: real, exists, isDirectory, entries, fsPath, freeBytes: Number(fs.bavail) * Number(fs.bsize) };
}

/** The prepared copy inside a physical backup's folder: its files, bytes and backup-my.cnf. */
export async function collectPreparedCopy(backupDir: string, manifest: BackupManifest): Promise<PreparedCopy> {
  if (!manifest.physical) throw new AppError('BAD_INPUT', `${backupDir} is a ${manifest.tool} backup, not a physical one`);
  const dir = join(backupDir, manifest.physical.datadir);
  try {
    if (!(await stat(join(dir, 'ibdata1'))).isFile()) throw new Error('not a file');
  } catch {
    throw new AppError('NOT_FOUND', `${dir} is not a prepared MariaDB data directory (no ibdata1): the backup folder is incomplete`);
  }
  const files = await filesUnder(dir);
  let options = '';
  try {
    options = await readFile(join(dir, 'backup-my.cnf'), 'utf8');
  } catch {
    options = ''; // an old copy without it starts with the server's defaults
  }
  return { dir, files: files.length, bytes: totalBytes(files), options };
}
