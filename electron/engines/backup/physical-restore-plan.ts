/**
 * The restore plan of a physical backup (mariadb-backup) into a new data directory on this
 * machine, derived purely from the manifest, the prepared copy's files and options, what the
 * target path holds now and the free space of its filesystem. It is what a DBA does by hand:
 * `mariadb-backup --copy-back` of the prepared copy into an empty datadir (the documented restore;
 * it refuses a non-empty datadir itself and never modifies the backup, unlike --move-back), an
 * option file with the lines the copy needs to start (the source's InnoDB page and log settings
 * from backup-my.cnf, which --copy-back does not copy), and — when asked — mariadbd started on it,
 * every table checksummed and compared with the manifest, and the server shut down cleanly.
 * https://mariadb.com/kb/en/full-backup-and-restore-with-mariadb-backup/#restoring-the-backup
 *
 * The server is stopped after the verification rather than kept running: the app supervises no
 * server (nothing would stop it cleanly at logout or reboot, nothing restarts it), so a DBA gets
 * a verified, cleanly shut down datadir and the command and option file to start it under their
 * own service manager, on the port and account they choose.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative } from 'node:path';
import type { BackupManifest } from '../../../shared/contract/backup';
import type { ErrorCode } from '../../../shared/contract/core';
import type { Plan } from '../../../shared/contract/plan';
import { fmtBytes } from '../../../shared/format-bytes';
import { shellCommand } from '../../../shared/shell-quote';
import { makePlan } from '../plan/make-plan';
import type { StepTouch } from '../maintenance/analyze-table.plan';
import { majorMinor } from './physical-args';
import type { ToolCommand } from './tool-args';

/** The option file the plan writes into the restored datadir (mariadbd ignores plain files there). */
export const RESTORE_CNF = 'restore-my.cnf';
/** sun_path holds 108 bytes with its NUL: a longer socket path cannot be bound. */
const MAX_SOCKET_PATH = 107;

/**
 * The restored server's socket: in its datadir when that path fits in a socket address, else a
 * name derived from the datadir in `shortDir` (the OS temp folder), so a deep datadir still starts.
 */
export function socketPath(datadir: string, shortDir: string): string {
  const inside = join(datadir, 'mysqld.sock');
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH) return inside;
  return join(shortDir, `mariadb-restore-${createHash('sha256').update(datadir).digest('hex').slice(0, 12)}.sock`);
}

/** The requested datadir as the preview finds it. */
export interface DatadirTarget {
  /** The path, absolute, with the symbolic links of its existing part resolved. */
  readonly path: string;
  readonly exists: boolean;
  readonly isDirectory: boolean;
  /** Entries in it now (0 when it does not exist). */
  readonly entries: number;
  /** The nearest existing folder at or above it, whose filesystem was measured. */
  readonly fsPath: string;
  /** Bytes free for this account on that filesystem. */
  readonly freeBytes: number;
}

/** The prepared copy inside the backup folder. */
export interface PreparedCopy {
  /** Its absolute path (the backup folder's `data`). */
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
  /** backup-my.cnf's text (empty when absent). */
  readonly options: string;
}

/** Everything the plan is derived from. */
export interface PhysicalRestoreInput {
  readonly manifest: BackupManifest;
  /** The backup folder, absolute and resolved. */
  readonly backupDir: string;
  readonly prepared: PreparedCopy;
  readonly target: DatadirTarget;
  /** The connection's server's @@datadir, resolved (null when it could not be read). */
  readonly liveDatadir: string | null;
  /** `mariadbd --version` on this machine ("unknown" when not installed). */
  readonly serverVersion: string;
  /** `mariadb-backup --version` on this machine ("unknown" when not installed). */
  readonly toolVersion: string;
  /** The port the restored server listens on (required to start it; null writes none in its option file). */
  readonly port: number | null;
  /** Start and verify as this OS account, or copy only. */
  readonly start: { readonly user: string } | null;
  /** A folder with a short path (the OS temp folder) for the socket when the datadir's path is too long for one. */
  readonly shortDir: string;
}

/** Why the restore cannot run, with its error code. */
export interface Refusal {
  readonly code: ErrorCode;
  readonly message: string;
}

/** The plan and the commands the executor runs. */
export interface PhysicalRestorePlan {
  readonly plan: Plan;
  readonly touches: StepTouch[];
  readonly copy: ToolCommand;
  readonly cnfPath: string;
  readonly cnfText: string;
  /** mariadbd on the restored datadir (null: copy only). */
  readonly server: ToolCommand | null;
  /** Bytes the copy and the first start need on the target's filesystem. */
  readonly needBytes: number;
  readonly datadir: string;
  readonly port: number | null;
}

/** `inner` is `outer` or below it. */
export function isWithin(inner: string, outer: string): boolean {
  const r = relative(outer, inner);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** The `[mysqld]` key=value lines of backup-my.cnf (InnoDB page size, log size, data file path, undo settings). */
export function backupOptions(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      section = s[1]!.trim().toLowerCase();
      continue;
    }
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (section === 'mysqld' && kv) out.push([kv[1]!, kv[2]!]);
  }
  return out;
}

function logFileSize(options: ReadonlyArray<[string, string]>): number {
  const v = options.find(([k]) => k.replace(/-/g, '_') === 'innodb_log_file_size')?.[1];
  return v && /^\d+$/.test(v) ? Number(v) : 0;
}

/** The option file of the restored server: where it lives, how it listens, and the source's InnoDB settings. */
export function restoreCnf(datadir: string, port: number | null, options: ReadonlyArray<[string, string]>, socket = join(datadir, 'mysqld.sock')): string {
  const own = new Set(['datadir', 'port', 'bind_address', 'socket', 'pid_file', 'log_error']);
  return [
    '[mysqld]',
    `datadir=${datadir}`,
    port === null ? '# port=… (choose a free one before starting it)' : `port=${port}`,
    'bind-address=127.0.0.1',
    `socket=${socket}`,
    `pid-file=${join(datadir, 'mysqld.pid')}`,
    `log-error=${join(datadir, 'error.log')}`,
    '# a restored copy neither writes a binary log nor starts replicating until you say so',
    'skip-log-bin',
    'skip-slave-start',
    '# from the backup (backup-my.cnf): the source’s InnoDB page, log and data file settings',
    ...options.filter(([k]) => !own.has(k.replace(/-/g, '_'))).map(([k, v]) => `${k}=${v}`),
    '',
  ].join('\n');
}

/**
 * mariadb-backup --copy-back of the prepared copy into `datadir`, reading only the backup's own
 * options (never this machine's my.cnf, whose innodb_*_dir settings could send files elsewhere).
 */
export function copyBackCommand(prepared: string, datadir: string, hasOptions = true): ToolCommand {
  return {
    program: 'mariadb-backup',
    args: [
      hasOptions ? `--defaults-file=${join(prepared, 'backup-my.cnf')}` : '--no-defaults',
      '--copy-back',
      `--target-dir=${prepared}`,
      `--datadir=${datadir}`,
    ],
  };
}

/** mariadbd on the restored datadir with its option file. */
export function restoredServerCommand(cnfPath: string, user: string): ToolCommand {
  return { program: 'mariadbd', args: [`--defaults-file=${cnfPath}`, `--user=${user}`] };
}

/** Bytes the restore needs on the target's filesystem: the copy, plus the redo log the first start creates. */
export function bytesNeeded(input: Pick<PhysicalRestoreInput, 'prepared' | 'start'>): number {
  return input.prepared.bytes + (input.start ? logFileSize(backupOptions(input.prepared.options)) : 0);
}

/** Why this restore must not run, or null. */
export function physicalRestoreRefusal(input: PhysicalRestoreInput): Refusal | null {
  const { manifest, target } = input;
  if (manifest.tool !== 'mariadb-backup' || !manifest.physical)
    return { code: 'BAD_INPUT', message: `${input.backupDir} is a ${manifest.tool} backup: only a physical backup (mariadb-backup) restores into a datadir.` };
  if (!isAbsolute(target.path)) return { code: 'BAD_INPUT', message: `The new datadir must be an absolute path, not ${target.path}.` };
  if (target.exists && !target.isDirectory) return { code: 'BAD_INPUT', message: `${target.path} exists and is not a folder.` };
  if (target.entries > 0)
    return {
      code: 'BAD_INPUT',
      message: `${target.path} is not empty (${target.entries} entr${target.entries === 1 ? 'y' : 'ies'}): a restore goes into a new or empty folder and never over existing files.`,
    };
  if (isWithin(target.path, input.backupDir) || isWithin(input.backupDir, target.path))
    return {
      code: 'BAD_INPUT',
      message: `${target.path} is inside the backup folder ${input.backupDir}: the backup is never modified; pick a folder outside it.`,
    };
  if (input.liveDatadir && (isWithin(target.path, input.liveDatadir) || isWithin(input.liveDatadir, target.path)))
    return { code: 'BAD_INPUT', message: `${target.path} is inside the running server's datadir ${input.liveDatadir}: pick a folder outside it.` };
  const needs = majorMinor(manifest.server.version);
  if (input.toolVersion === 'unknown')
    return { code: 'UNSUPPORTED', message: 'mariadb-backup is not installed (Debian package mariadb-backup): it copies the backup back.' };
  const tool = majorMinor(input.toolVersion.replace(/^.*?based on\s+/i, ''));
  if (needs && tool && needs !== tool)
    return {
      code: 'UNSUPPORTED',
      message: `The backup is of MariaDB ${needs}; this mariadb-backup is for ${tool}: install mariadb-backup ${needs} to restore it.`,
    };
  if (input.start) {
    if (input.port === null) return { code: 'BAD_INPUT', message: 'Say on which port the restored server starts.' };
    if (input.serverVersion === 'unknown')
      return { code: 'UNSUPPORTED', message: 'mariadbd is not installed (Debian package mariadb-server): restore without starting, or install it.' };
    const server = majorMinor(input.serverVersion);
    if (needs && server && needs !== server)
      return {
        code: 'UNSUPPORTED',
        message: `The backup's data files are MariaDB ${needs}'s; this machine's mariadbd is ${server}: start it with MariaDB ${needs} (restore without starting here).`,
      };
    const socket = socketPath(target.path, input.shortDir);
    if (Buffer.byteLength(socket) > MAX_SOCKET_PATH)
      return { code: 'BAD_INPUT', message: `${socket} is longer than a Unix socket path may be (${MAX_SOCKET_PATH} bytes): set TMPDIR to a shorter folder.` };
  }
  const need = bytesNeeded(input);
  if (need > target.freeBytes)
    return {
      code: 'BAD_INPUT',
      message: `${target.path} does not fit: the restore needs ${fmtBytes(need)}${input.start ? ' (the copy and the redo log of its first start)' : ''} and ${target.fsPath}'s filesystem has ${fmtBytes(target.freeBytes)} free.`,
    };
  return null;
}

/** Derives the restore plan; the caller has checked `physicalRestoreRefusal` first. */
export function planPhysicalRestore(input: PhysicalRestoreInput): PhysicalRestorePlan {
  const { manifest, target, prepared, start } = input;
  const datadir = target.path;
  const copy = copyBackCommand(prepared.dir, datadir, prepared.options !== '');
  const cnfPath = join(datadir, RESTORE_CNF);
  const options = backupOptions(prepared.options);
  const port = input.port;
  const cnfText = restoreCnf(datadir, port, options, socketPath(datadir, input.shortDir));
  const server = start ? restoredServerCommand(cnfPath, start.user) : null;
  const needBytes = bytesNeeded(input);
  const rows = manifest.tables.reduce((s, t) => s + t.rows, 0);
  const databases = manifest.physical?.databases ?? [manifest.database];
  const leaveIt = `${datadir} keeps what was copied; remove it (rm -r ${datadir}) to undo — it ${target.exists ? 'was an empty folder' : 'did not exist'} before, and the backup folder is not modified.`;
  const steps: Parameters<typeof makePlan>[0]['steps'] = [
    {
      id: 'copy',
      kind: 'ADMIN',
      sql: shellCommand([copy.program, ...copy.args]),
      description: `Copies the prepared data directory of the backup (${databases.join(', ')}) into the new datadir; the backup folder is only read.`,
      risk: 'low',
      estimate: `${fmtBytes(prepared.bytes)} in ${prepared.files} file(s); ${fmtBytes(target.freeBytes)} free on ${target.fsPath}'s filesystem`,
      rollback: null,
      noRollback: leaveIt,
    },
    {
      id: 'config',
      kind: 'ADMIN',
      sql: `cat > ${cnfPath} <<'EOF'\n${cnfText}EOF`,
      description: `Writes the option file the copy starts with: its paths, 127.0.0.1${port === null ? '' : `:${port}`}, no binary log, and the source's InnoDB settings from backup-my.cnf.`,
      risk: 'low',
      estimate: 'one small file inside the new datadir',
      rollback: null,
      noRollback: leaveIt,
    },
  ];
  if (server)
    steps.push({
      id: 'verify',
      kind: 'ADMIN',
      sql: shellCommand([server.program, ...server.args]),
      description: `Starts MariaDB on the restored datadir (127.0.0.1:${port}), checksums every table of ${manifest.database} and compares it with the manifest, then shuts it down cleanly.`,
      risk: 'low',
      estimate: `reads ${manifest.tables.length} table(s), ${rows} row(s); the first start creates a ${fmtBytes(Math.max(0, needBytes - prepared.bytes))} redo log`,
      rollback: null,
      noRollback: `The server is stopped after the check; ${datadir} stays as restored.`,
    });
  const notes = [
    `Restores the ${manifest.database} backup of ${manifest.startedAt} (${manifest.server.flavor} on ${manifest.server.host}:${manifest.server.port}, binlog ${manifest.binlog.file ?? 'off'}${manifest.binlog.position !== null ? `:${manifest.binlog.position}` : ''}${manifest.binlog.gtid ? `, GTID ${manifest.binlog.gtid}` : ''}) into ${datadir}, which ${target.exists ? 'is an empty folder' : 'does not exist yet'}.`,
    `Needs ${fmtBytes(needBytes)} on ${target.fsPath}'s filesystem, ${fmtBytes(target.freeBytes)} free. The backup folder ${input.backupDir} is only read.`,
    `Needs MariaDB ${majorMinor(manifest.server.version) ?? manifest.server.version} (the backup's server, ${manifest.server.version}); here: ${input.toolVersion}${start ? `; ${input.serverVersion}` : ''}.`,
    `The copy holds ${databases.join(' and ')} only, with the source's accounts (the mysql schema): log in as on the source.`,
    start
      ? 'After the check the server is shut down cleanly: the app supervises no server (nothing would stop it at logout or reboot). Start it under your service manager, or with:'
      : `Not started here${port === null ? ' (set port= in its option file first)' : ''}. Start it with:`,
    shellCommand(['mariadbd', `--defaults-file=${cnfPath}`, ...(start ? [`--user=${start.user}`] : [])]),
    `Its files are owned by the account that runs this app; to run it as mysql: chown -R mysql:mysql ${datadir}. The option file's lines are the config step above.`,
  ];
  const touches: StepTouch[] = [
    { stepId: 'copy', touches: datadir, details: { files: prepared.files, bytes: prepared.bytes, freeBytes: target.freeBytes, needBytes } },
    ...(server
      ? manifest.tables.map((t) => ({ stepId: 'verify', touches: `${manifest.database}.${t.table}`, details: { rows: t.rows, checksum: t.checksum } }))
      : []),
  ];
  const plan = makePlan({
    planner: 'backup-physical-restore',
    title: `Restore the physical backup ${manifest.id} into ${datadir}${start ? ' and verify it' : ''}`,
    steps,
    notes,
  });
  return { plan, touches, copy, cnfPath, cnfText, server, needBytes, datadir, port };
}
