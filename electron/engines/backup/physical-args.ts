/**
 * Physical backups with mariadb-backup, as pure pieces: the command lines (spawned without a
 * shell, the password in the defaults file, never on the command line), the scratch server's
 * command line (the prepared copy started on a port of its own, bound to 127.0.0.1, no binary log,
 * never the source's datadir), the parsing of the files mariadb-backup leaves in its target
 * (binlog position, LSNs), why a physical backup cannot be taken of a server, and how the copy's
 * checksums compare with the source's.
 * https://mariadb.com/kb/en/full-backup-and-restore-with-mariadb-backup/
 */
import type { PhysicalBackup, TableChecksum } from '../../../shared/contract/backup';
import type { ToolCommand, ToolEndpoint } from './tool-args';

/** mariadb-backup --backup of `databases` into `targetDir`, `parallel` files copied at a time. */
export function mariadbBackupCommand(e: ToolEndpoint, targetDir: string, databases: readonly string[], parallel: number): ToolCommand {
  for (const d of databases)
    if (/[\s"'\\]/.test(d)) throw new Error(`mariadb-backup's --databases list cannot name ${JSON.stringify(d)} (a space, quote or backslash)`);
  return {
    program: 'mariadb-backup',
    args: [
      `--defaults-extra-file=${e.defaultsFile}`,
      '--backup',
      `--host=${e.host}`,
      `--port=${e.port}`,
      '--protocol=TCP',
      `--target-dir=${targetDir}`,
      `--parallel=${parallel}`,
      `--databases=${databases.join(' ')}`,
    ],
  };
}

/** mariadb-backup --prepare: applies the copied redo log so the datadir is consistent at the backup's end point. */
export function prepareCommand(targetDir: string): ToolCommand {
  return { program: 'mariadb-backup', args: ['--prepare', `--target-dir=${targetDir}`] };
}

/** Where a scratch server runs. */
export interface ScratchServerPaths {
  /** The copy of the prepared datadir (never the backup's own folder, never a running server's). */
  readonly datadir: string;
  /** The backup's backup-my.cnf (page size, log file size of the source), read first. */
  readonly optionsFile: string | null;
  readonly port: number;
  readonly socket: string;
  readonly pidFile: string;
  readonly errorLog: string;
  /** The OS account it runs as (mariadbd refuses root unless told so). */
  readonly user: string;
}

/** mariadbd on a prepared copy: TCP on 127.0.0.1 only, no binary log, no replication start, small buffer pool. */
export function scratchServerCommand(p: ScratchServerPaths): ToolCommand {
  return {
    program: 'mariadbd',
    args: [
      p.optionsFile ? `--defaults-file=${p.optionsFile}` : '--no-defaults',
      `--user=${p.user}`,
      `--datadir=${p.datadir}`,
      `--port=${p.port}`,
      '--bind-address=127.0.0.1',
      `--socket=${p.socket}`,
      `--pid-file=${p.pidFile}`,
      `--log-error=${p.errorLog}`,
      '--skip-log-bin',
      '--skip-slave-start',
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=64M',
      '--innodb-buffer-pool-load-at-startup=0',
      '--innodb-buffer-pool-dump-at-shutdown=0',
      '--event-scheduler=OFF',
      '--max-connections=20',
    ],
  };
}

/** The binlog position mariadb-backup recorded (xtrabackup_binlog_info / mariadb_backup_binlog_info: `file<TAB>position<TAB>gtid`). */
export function parseBinlogInfo(text: string): { file: string | null; position: number | null; gtid: string | null } {
  const [file, position, gtid] = (text.split('\n')[0] ?? '').trim().split(/\s+/);
  return {
    file: file || null,
    position: position && /^\d+$/.test(position) ? Number(position) : null,
    gtid: gtid ? gtid.replace(/\s+/g, '') : null,
  };
}

/** The LSNs in xtrabackup_checkpoints (`key = value` lines). */
export function parseCheckpoints(text: string): PhysicalBackup['lsn'] {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\w+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) kv.set(m[1]!, m[2]!);
  }
  const num = (k: string): number => {
    const v = kv.get(k);
    if (v === undefined || !/^\d+$/.test(v)) throw new Error(`mariadb-backup's checkpoints file has no ${k}`);
    return Number(v);
  };
  return { from: num('from_lsn'), to: num('to_lsn'), last: num('last_lsn') };
}

/** What the refusal needs to know about the server and the tool. */
export interface PhysicalContext {
  readonly product: string;
  /** The server's version, e.g. "10.11.19-MariaDB-0+deb12u1-log". */
  readonly serverVersion: string;
  /** `mariadb-backup --version`'s line, or "unknown" when it is not installed. */
  readonly toolVersion: string;
  /** Whether the connection reaches a server on this machine (mariadb-backup reads its data files). */
  readonly local: boolean;
}

/** The MAJOR.MINOR of a version line ("10.11.19-MariaDB…" → "10.11"): data files and mariadb-backup must match it. */
export function majorMinor(v: string): string | null {
  const m = /(\d+)\.(\d+)\.\d+/.exec(v);
  return m ? `${m[1]}.${m[2]}` : null;
}

/** Why a physical backup cannot be taken here, or null. */
export function physicalRefusal(c: PhysicalContext): string | null {
  if (c.product !== 'mariadb')
    return (
      'A physical backup of MySQL needs Percona XtraBackup or MySQL Enterprise Backup, and neither is available here; ' +
      'mariadb-backup copies only MariaDB data files. Use mysqldump or mydumper (logical) for this server.'
    );
  if (!c.local)
    return 'mariadb-backup copies the data files, so it runs on the server’s own machine; this connection reaches another host. Use mysqldump or mydumper, or run dbw there.';
  if (c.toolVersion === 'unknown') return 'mariadb-backup is not installed (Debian package mariadb-backup).';
  const server = majorMinor(c.serverVersion);
  const tool = majorMinor(c.toolVersion.replace(/^.*?based on\s+/i, ''));
  if (server && tool && server !== tool)
    return `mariadb-backup must match the server's version: the server runs MariaDB ${server}, this mariadb-backup is for ${tool}.`;
  return null;
}

/** Whether a host name reaches this machine. */
export function isLocalHost(host: string): boolean {
  return host === '' || host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * The backup's tables against the source's, read right after the backup in one consistent
 * snapshot. Tables equal on both are `matching`; the others are `changedSince` when the source's
 * binlog position had moved (a write after the backup explains them), and `wrong` when it had not (the copy
 * does not hold what the source held at that point: the backup is bad).
 */
export function compareWithSource(
  backup: readonly TableChecksum[],
  source: readonly TableChecksum[],
  samePosition: boolean,
): { matching: string[]; changedSince: string[]; wrong: string[] } {
  const bySource = new Map(source.map((t) => [t.table.toLowerCase(), t]));
  const names = new Set([...backup.map((t) => t.table.toLowerCase()), ...bySource.keys()]);
  const byBackup = new Map(backup.map((t) => [t.table.toLowerCase(), t]));
  const matching: string[] = [];
  const differ: string[] = [];
  for (const n of [...names].sort()) {
    const a = byBackup.get(n);
    const b = bySource.get(n);
    const name = a?.table ?? b!.table;
    if (a && b && a.rows === b.rows && a.checksum === b.checksum && a.definition === b.definition) matching.push(name);
    else differ.push(name);
  }
  return samePosition ? { matching, changedSince: [], wrong: differ } : { matching, changedSince: differ, wrong: [] };
}
