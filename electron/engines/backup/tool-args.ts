/**
 * The command lines of the backup tools, as argument vectors spawned without a shell (so no name
 * is ever interpreted), with the password in a defaults file (mode 0600) and never on the command
 * line, where `ps` would show it. The defaults file must be the first option the MariaDB/MySQL
 * clients read. mariadb-dump runs in one consistent snapshot (--single-transaction) and dumps
 * routines, triggers and events; the dump names no database (no --databases), so it restores into
 * any database. mydumper dumps tables in parallel in one consistent snapshot
 * (--trx-consistency-only: InnoDB, no global read lock); myloader restores into another database with -B.
 * https://mariadb.com/kb/en/mariadb-dump/ · https://github.com/mydumper/mydumper
 */
import { isVerboseLine } from './dump-start';

/** Where a tool connects. */
export interface ToolEndpoint {
  readonly host: string;
  readonly port: number;
  /** The 0600 file holding `[client] user=… password=…`. */
  readonly defaultsFile: string;
}

/** A program and its arguments. */
export interface ToolCommand {
  readonly program: string;
  readonly args: string[];
}

function connectArgs(e: ToolEndpoint): string[] {
  return [`--host=${e.host}`, `--port=${e.port}`, '--protocol=TCP'];
}

/** mariadb-dump of one database to standard output. */
export function dumpCommand(e: ToolEndpoint, database: string): ToolCommand {
  return {
    program: 'mariadb-dump',
    args: [
      `--defaults-extra-file=${e.defaultsFile}`,
      ...connectArgs(e),
      '--single-transaction',
      '--verbose', // progress on stderr: when its snapshot is open (dump-start.ts)
      '--routines',
      '--triggers',
      '--events',
      '--hex-blob',
      '--default-character-set=utf8mb4',
      '--skip-dump-date',
      '--',
      database,
    ],
  };
}

/** The mariadb client loading a dump from standard input into `database`. */
export function loadCommand(e: ToolEndpoint, database: string): ToolCommand {
  return {
    program: 'mariadb',
    args: [`--defaults-extra-file=${e.defaultsFile}`, ...connectArgs(e), '--default-character-set=utf8mb4', '--batch', `--database=${database}`],
  };
}

/**
 * The mariadb client as one of several loading a dump in parallel (services/backup/parallel-load.ts):
 * it flushes its output after each statement (--unbuffered), so the answer to a barrier's
 * `SELECT '<token>'` reaches the loader as soon as the statements before it have run; a table's
 * rows are `source`d from a spool file, and --abort-source-on-error makes the first failing
 * statement end the client (without it the client reports the error and goes on). `binlog: false`
 * keeps the load out of the binary log (SKIP_BINLOG).
 */
export function parallelLoadCommand(e: ToolEndpoint, database: string, opts: { binlog?: boolean } = {}): ToolCommand {
  const base = loadCommand(e, database);
  const session = opts.binlog === false ? [`--init-command=${SKIP_BINLOG}`] : [];
  return { program: base.program, args: [...base.args, '--unbuffered', '--skip-column-names', '--abort-source-on-error', ...session] };
}

/**
 * The session setting that keeps a verification's scratch restore out of the binary log, as
 * myloader does unless told --enable-binlog: replicas never receive the throwaway rows, and the
 * server does not write every restored byte a second time.
 */
export const SKIP_BINLOG = 'SET SESSION sql_log_bin=0';

/** The mariadb client running one statement and nothing else: exit status 0 when the account may run it. */
export function probeCommand(e: ToolEndpoint, statement: string): ToolCommand {
  return { program: 'mariadb', args: [`--defaults-extra-file=${e.defaultsFile}`, ...connectArgs(e), '--batch', '-e', statement] };
}

/** mydumper of one database into `outDir`, `threads` in parallel, optionally gzip-compressed per file. */
export function mydumperCommand(e: ToolEndpoint, database: string, outDir: string, threads: number, compress: boolean): ToolCommand {
  return {
    program: 'mydumper',
    args: [
      `--defaults-file=${e.defaultsFile}`,
      `--host=${e.host}`,
      `--port=${e.port}`,
      `--database=${database}`,
      `--outputdir=${outDir}`,
      `--threads=${threads}`,
      '--trx-consistency-only',
      '--triggers',
      '--events',
      '--routines',
      '--verbose=1',
      ...(compress ? ['--compress'] : []),
    ],
  };
}

/** myloader of a mydumper folder (dumped from `sourceDb`) into `database`. */
export function myloaderCommand(e: ToolEndpoint, dir: string, sourceDb: string, database: string, threads: number): ToolCommand {
  return {
    program: 'myloader',
    args: [
      `--defaults-file=${e.defaultsFile}`,
      `--host=${e.host}`,
      `--port=${e.port}`,
      `--directory=${dir}`,
      `--source-db=${sourceDb}`,
      `--database=${database}`,
      `--threads=${threads}`,
      '--verbose=1',
    ],
  };
}

/**
 * A defaults file's text. Values are written in double quotes with `\\` and `"` escaped, as the
 * clients' option-file reader unescapes them, so any password survives; a newline cannot be written.
 */
export function defaultsFileText(user: string, password: string): string {
  const q = (v: string): string => {
    if (v.includes('\n') || v.includes('\r') || v.includes('\u0000'))
      throw new Error('A user name or password with a line break cannot be passed in an option file');
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  };
  return `[client]\nuser=${q(user)}\npassword=${q(password)}\n`;
}

/** The error a tool's failure becomes: its exit, then the last lines it wrote on stderr (warnings about passwords dropped). */
export function toolFailureMessage(program: string, code: number | null, signal: string | null, stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !isVerboseLine(l) && !/Using a password on the command line/i.test(l));
  const tail = lines.slice(-5).join(' | ');
  const how = signal ? `was stopped by ${signal}` : `exited with status ${code}`;
  return `${program} ${how}${tail ? `: ${tail}` : ''}`;
}

/** A column whose default is an expression (information_schema.COLUMNS.EXTRA says DEFAULT_GENERATED, MySQL 8.0.13+). */
export interface ExpressionDefaultColumn {
  readonly table: string;
  readonly column: string;
}

/**
 * Why this mydumper must not dump this database, or null. mydumper before 0.10.1 takes every
 * column whose EXTRA matches `%GENERATED%` for a generated column and leaves it out of its
 * INSERTs, so on MySQL 8.0.13+ a `created_at … DEFAULT CURRENT_TIMESTAMP` is not dumped and a
 * restore fills it with the restore time: rows silently change.
 * https://github.com/mydumper/mydumper/issues/221
 */
export function mydumperRefusal(versionLine: string, columns: readonly ExpressionDefaultColumn[]): string | null {
  if (columns.length === 0) return null;
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(versionLine);
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const fixed = a > 0 || b > 10 || (b === 10 && c >= 1);
  if (fixed) return null;
  const named = columns
    .slice(0, 5)
    .map((x) => `${x.table}.${x.column}`)
    .join(', ');
  const more = columns.length > 5 ? ` and ${columns.length - 5} more` : '';
  return `mydumper ${m[0]} leaves out columns whose default is an expression (${named}${more}), so their values would be lost on restore; use mysqldump (mariadb-dump) for this database, or mydumper 0.10.1 or later.`;
}
