/**
 * Verified backups (owned by the backup feature). A backup is a folder: the dump (mariadb-dump's
 * SQL, zstd- or gzip-compressed, or mydumper's per-table files) and a manifest saying what was dumped —
 * server, flavor, version, binlog/GTID position, every table with its row count and checksum,
 * tool, bytes and duration. A backup counts as *verified* only after it was restored into a
 * scratch database `dbw_bk_<random>` and every table's row count, checksum and definition
 * (schema name and AUTO_INCREMENT normalised) matched the manifest; the report names each table
 * that differs. The catalog in the workspace lists backups with their last verification.
 */
import { z } from 'zod';
import { call } from './core';

/**
 * The tools this build drives: mariadb-dump (one consistent SQL file), mydumper/myloader (parallel,
 * per table), or mariadb-backup (a physical copy of the data files; MariaDB only, on the server's host).
 */
export const backupTool = z.enum(['mysqldump', 'mydumper', 'mariadb-backup']);
/** A backup tool. */
export type BackupTool = z.infer<typeof backupTool>;

/**
 * How a SQL dump is compressed: zstd (level 1: about three times less CPU than gzip level 1 for a
 * smaller file, as MySQL Shell's dumps) where the zstd program is installed, else gzip.
 */
export const dumpCompression = z.enum(['zstd', 'gzip']);
/** A SQL dump's compression. */
export type DumpCompression = z.infer<typeof dumpCompression>;

/** The manifest's format tag: a folder is a backup of this product only if its manifest says so. */
export const MANIFEST_FORMAT = 'dbw-backup/1';

/** One table as it was when the backup was taken. */
export const tableChecksum = z.object({
  table: z.string(),
  rows: z.number().int(),
  /** Sum of CRC32 over each row's values (pt-table-checksum's row text), as a decimal string. */
  checksum: z.string(),
  /** SHA-256 of SHOW CREATE TABLE with AUTO_INCREMENT and the schema name normalised. */
  definition: z.string(),
});
/** A table's row count, checksum and definition hash. */
export type TableChecksum = z.infer<typeof tableChecksum>;

/** Where the server's binary log stood when the backup was taken (null parts: binlog off or not visible). */
export const binlogPosition = z.object({
  file: z.string().nullable(),
  position: z.number().nullable(),
  gtid: z.string().nullable(),
  /** The server logs, but the position could not be read (why); absent when it was read or logging is off. */
  unreadable: z.string().optional(),
});
/** Where the binlog stood. */
export type BinlogPosition = z.infer<typeof binlogPosition>;

/**
 * What a physical backup (mariadb-backup) holds besides the common manifest: the prepared data
 * directory, the databases it copied, its InnoDB log sequence numbers, and how its tables compared
 * with the source. Its table checksums are read from the prepared copy itself (started as a scratch
 * server), so they are the data at the backup's consistent point (the binlog position it records).
 */
export const physicalBackup = z.object({
  /** The prepared data directory, relative to the backup folder. */
  datadir: z.string(),
  /** The databases copied (the backed-up one and `mysql`, whose accounts let the copy start with the same users). */
  databases: z.array(z.string()),
  /** InnoDB LSNs of the copy (xtrabackup_checkpoints): the checkpoint it started from and the last redo copied. */
  lsn: z.object({ from: z.number(), to: z.number(), last: z.number() }),
  backupMs: z.number(),
  prepareMs: z.number(),
  /** Time to start the prepared copy as a scratch server and checksum it (the measured restore speed). */
  restoreMs: z.number(),
  /**
   * The copy's checksums against the source's, read right after in one consistent snapshot. Where
   * the snapshot's binlog position is the backup's (no write in between), every table must match
   * (else the backup fails); where it moved, a table that differs may have been written since the
   * backup and is listed, not failed.
   */
  sourceCheck: z.object({
    at: z.string(),
    /** The snapshot's binlog position, `file:position` (null: binary logging off). */
    sourcePosition: z.string().nullable(),
    samePosition: z.boolean(),
    matching: z.array(z.string()),
    changedSince: z.array(z.string()),
  }),
});
/** A physical backup's part of the manifest. */
export type PhysicalBackup = z.infer<typeof physicalBackup>;

/** What a backup folder holds and what it must restore to. */
/**
 * How a backup's checksums relate to its dump: read in the dump's own snapshot (opened while a
 * global read lock held commits for `lockMs`), so the manifest describes exactly the dumped rows;
 * or read after the dump, for `reason`, so a table written in between does not verify.
 */
export const backupConsistency = z.discriminatedUnion('checksums', [
  z.object({ checksums: z.literal('dump-snapshot'), lockMs: z.number() }),
  z.object({ checksums: z.literal('after-dump'), reason: z.string() }),
]);
/** How a backup's checksums relate to its dump. */
export type BackupConsistency = z.infer<typeof backupConsistency>;

export const backupManifest = z.object({
  format: z.literal(MANIFEST_FORMAT),
  id: z.string(),
  database: z.string(),
  server: z.object({ host: z.string(), port: z.number().int(), flavor: z.string(), version: z.string() }),
  binlog: binlogPosition,
  tool: backupTool,
  /** The tool's own `--version` line. */
  toolVersion: z.string(),
  compressed: z.boolean(),
  /** The compression of a compressed dump (absent: gzip, the only one before zstd). */
  compression: dumpCompression.optional(),
  /** Files of the backup, relative to its folder. */
  files: z.array(z.string()),
  bytes: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number(),
  /** When the table checksums were read (through read sessions). */
  checksumsAt: z.string(),
  /** Whether they were read in the dump's snapshot (absent in manifests written before this was recorded). */
  consistency: backupConsistency.optional(),
  tables: z.array(tableChecksum),
  routines: z.number().int(),
  triggers: z.number().int(),
  events: z.number().int(),
  /** Only for tool mariadb-backup. */
  physical: physicalBackup.optional(),
});
/** A backup's manifest. */
export type BackupManifest = z.infer<typeof backupManifest>;

/** How one table compared after the restore. */
export const tableVerdict = z.object({
  table: z.string(),
  status: z.enum(['ok', 'differs', 'missing', 'extra']),
  expectedRows: z.number().int().nullable(),
  actualRows: z.number().int().nullable(),
  expectedChecksum: z.string().nullable(),
  actualChecksum: z.string().nullable(),
  /** Why it differs, in words (rows, checksum, definition). */
  reasons: z.array(z.string()),
});
/** One table's verdict. */
export type TableVerdict = z.infer<typeof tableVerdict>;

/** The outcome of restoring a backup into a scratch database and comparing it with the manifest. */
export const verifyReport = z.object({
  verified: z.boolean(),
  /** The scratch database the backup was restored into, and whether it was dropped after. */
  scratch: z.string(),
  dropped: z.boolean(),
  tables: z.array(tableVerdict),
  /** Names of the tables that differ (missing, extra or changed). */
  differing: z.array(z.string()),
  restoreMs: z.number(),
  checksumMs: z.number(),
  at: z.string(),
  /** Why tables may differ without the dump being wrong (its checksums were read after it). */
  caveat: z.string().optional(),
});
/** A verification report. */
export type VerifyReport = z.infer<typeof verifyReport>;

/** Retention applied after a backup to the backups of the same database in the same folder. */
export const retention = z.object({
  keep: z.number().int().min(1).max(1000).optional(),
  days: z.number().int().min(1).max(36500).optional(),
});
/** Retention settings. */
export type Retention = z.infer<typeof retention>;

/** What to back up and how. */
export const backupSpec = z.object({
  database: z.string().min(1).max(64),
  /** Parent folder; each backup gets its own sub-folder `<database>-<timestamp>`. Empty in the app: the workspace's backups folder. */
  outDir: z.string().default(''),
  tool: backupTool.default('mysqldump'),
  compress: z.boolean().default(true),
  /** A compressed SQL dump's compression; absent: zstd where it is installed, else gzip (mydumper compresses with gzip). */
  compression: dumpCompression.optional(),
  /** mydumper threads. */
  threads: z.number().int().min(1).max(16).default(2),
  verify: z.boolean().default(false),
  retention: retention.default({}),
});
/** A backup request. */
export type BackupSpec = z.infer<typeof backupSpec>;

/** What a backup run produced. */
export const backupResult = z.object({
  dir: z.string(),
  manifest: backupManifest,
  verified: z.boolean(),
  verification: verifyReport.nullable(),
  /** Older backup folders removed by retention. */
  removed: z.array(z.string()),
});
/** A backup run's result. */
export type BackupResult = z.infer<typeof backupResult>;

/** One backup in the workspace catalog. */
export const catalogEntry = z.object({
  id: z.string(),
  connectionId: z.string(),
  database: z.string(),
  dir: z.string(),
  tool: backupTool,
  startedAt: z.string(),
  bytes: z.number(),
  durationMs: z.number(),
  tables: z.number().int(),
  rows: z.number(),
  /** null: never verified. */
  verified: z.boolean().nullable(),
  verifiedAt: z.string().nullable(),
  differing: z.array(z.string()),
  /** Whether the folder is still on disk. */
  present: z.boolean(),
});
/** A catalog entry. */
export type CatalogEntry = z.infer<typeof catalogEntry>;

/** Backup calls. */
export const backupContract = {
  'backup.run': call({
    kind: 'stream',
    summary: 'Back up a database (mariadb-dump or mydumper) with a manifest of row counts and checksums; optionally verify it',
    input: z.object({ connectionId: z.string(), spec: backupSpec, confirmation: z.string().optional() }),
    output: backupResult,
  }),
  'backup.verify': call({
    kind: 'stream',
    summary: 'Restore a backup into a scratch database and compare every table with its manifest',
    input: z.object({ connectionId: z.string(), dir: z.string().min(1), confirmation: z.string().optional() }),
    output: verifyReport,
  }),
  'backup.catalog': call({
    kind: 'query',
    summary: 'The backups taken from this workspace, newest first, with their last verification',
    input: z.object({ connectionId: z.string().optional(), limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.array(catalogEntry),
  }),
} as const;

/** The scratch database a verification restores into, as a plan (created before the restore, dropped after). */
export const backupScratchPlanRequest = z.object({
  planner: z.literal('backup-scratch'),
  params: z.object({
    scratch: z.string().regex(/^dbw_bk_[a-z0-9_]{1,40}$/, 'a scratch database is named dbw_bk_…'),
    action: z.enum(['create', 'drop']),
  }),
});
