/**
 * Restoring a catalog backup, as a plan through the executor: the preview says what would be
 * created or overwritten in the target database (tables, rows, bytes, whether it exists and what it
 * would lose) and how long it should take, and writes nothing; apply loads the backup with progress
 * and cancel, every step audited; verify compares the target's checksums with the manifest.
 * Logical backups (mariadb-dump) restore into a database of the connection; physical ones
 * (mariadb-backup) are never restored over a running server's datadir: they restore into a new
 * datadir on this machine (backupPhysicalRestorePlanRequest below).
 */
import { z } from 'zod';

/** A database name the restore may write into. */
export const restoreTargetName = z
  .string()
  .min(1)
  .max(64)
  .refine((s) => !/[/\\.]/.test(s) && !s.includes('\u0000'), 'a database name has no slash, backslash, dot or NUL')
  .refine((s) => s.trim() === s, 'a database name does not start or end with a space');

/** The restore plan's request: the backup folder and the database to restore into. */
export const backupRestorePlanRequest = z.object({
  planner: z.literal('backup-restore'),
  params: z.object({ dir: z.string().min(1), into: restoreTargetName }),
});
/** The restore plan's parameters. */
export type BackupRestoreParams = z.infer<typeof backupRestorePlanRequest>['params'];

/**
 * The restore plan of a physical backup (mariadb-backup) into a new datadir on this machine: the
 * backup folder, the absolute path of a folder that does not exist or is empty, and whether to
 * start the copy on `port` and verify every table against the manifest (the server is shut down
 * after the check). Without `port` a start picks the first free scratch port.
 */
export const backupPhysicalRestorePlanRequest = z.object({
  planner: z.literal('backup-physical-restore'),
  params: z.object({
    dir: z.string().min(1),
    datadir: z
      .string()
      .min(2)
      .max(4096)
      .refine((s) => s.startsWith('/'), 'the new datadir is an absolute path')
      .refine((s) => !s.includes('\u0000') && !/[\n\r]/.test(s), 'a datadir path has no NUL or line break'),
    start: z.boolean().default(false),
    port: z.number().int().min(1024).max(65535).optional(),
  }),
});
/** The physical restore plan's parameters. */
export type BackupPhysicalRestoreParams = z.infer<typeof backupPhysicalRestorePlanRequest>['params'];
