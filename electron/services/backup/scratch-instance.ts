/**
 * A scratch MariaDB server on a copy of a prepared physical backup: the copy goes in a new folder
 * under the sandbox folder (DBW_SANDBOX_DIR, else the OS temp folder), mariadbd starts on it on
 * the first free port from DBW_RESTORE_PORT (default 3350), bound to 127.0.0.1, without a binary
 * log, and is stopped and its folder removed afterwards — also when the work fails or is
 * cancelled. The backup folder itself is never opened by a server, so a verification cannot change
 * it, and no running server's datadir is ever touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../shared/contract/core';
import { withMysqlSession } from '../../connections/mysql-session';
import { scratchServerCommand } from '../../engines/backup/physical-args';
import type { ToolCommand } from '../../engines/backup/tool-args';
import type { ConnectionConfig } from '../../store/connections.repo';

/** How long a scratch server may take to accept connections (crash recovery of a large copy included). */
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;
/** Ports tried from DBW_RESTORE_PORT, so two verifications at once do not collide. */
const PORT_SPAN = 10;

/** The first port of the scratch servers (DBW_RESTORE_PORT, default 3350). */
export function restoreBasePort(): number {
  const v = Number(process.env.DBW_RESTORE_PORT ?? 3350);
  if (!Number.isInteger(v) || v < 1 || v > 65535 - PORT_SPAN)
    throw new AppError('BAD_INPUT', `DBW_RESTORE_PORT must be a port number, not ${process.env.DBW_RESTORE_PORT}`);
  return v;
}

/** The folder scratch copies are made under. */
export function scratchParentDir(): string {
  return process.env.DBW_SANDBOX_DIR || tmpdir();
}

/** Whether nothing listens on 127.0.0.1:`port` now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** The first free port from DBW_RESTORE_PORT (a span of ten). */
export async function freePort(): Promise<number> {
  const base = restoreBasePort();
  for (let p = base; p < base + PORT_SPAN; p++) if (await portFree(p)) return p;
  throw new AppError('SERVER_ERROR', `No free port for a scratch server between ${base} and ${base + PORT_SPAN - 1} (DBW_RESTORE_PORT)`);
}

async function logTail(file: string): Promise<string> {
  try {
    const lines = (await readFile(file, 'utf8'))
      .split('\n')
      .filter((l) => /\[(ERROR|Warning)\]|Assertion|signal/i.test(l) && !/max_open_files|ignored in --skip-name-resolve/.test(l));
    return lines.slice(-4).join(' | ');
  } catch {
    return '';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A running scratch server. */
export interface ScratchServer {
  /** Connection settings of the scratch server: the source's account (the copy holds its `mysql` schema), 127.0.0.1 and the scratch port. */
  readonly cfg: ConnectionConfig;
  readonly port: number;
  /** The copy's folder (removed after). */
  readonly root: string;
}

async function waitReady(child: ChildProcess, cfg: ConnectionConfig, errorLog: string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError = '';
  while (Date.now() < deadline) {
    if (signal.aborted) throw new AppError('CANCELLED', 'The server was stopped: cancelled');
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new AppError('SERVER_ERROR', `MariaDB on the backup's copy did not start (exit ${child.exitCode ?? child.signalCode}): ${await logTail(errorLog)}`);
    }
    try {
      await withMysqlSession({ ...cfg, readTimeoutMs: 5000 }, async (s) => s.query('SELECT 1'));
      return;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
    await sleep(250);
  }
  throw new AppError(
    'TIMEOUT',
    `MariaDB on the backup's copy did not accept connections within ${START_TIMEOUT_MS / 1000} s: ${lastError} ${await logTail(errorLog)}`,
  );
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  child.kill('SIGTERM');
  const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), STOP_TIMEOUT_MS).unref());
  if ((await Promise.race([exited.then(() => 'ok' as const), timer])) === 'late') {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(5000)]);
  }
}

/**
 * Starts `cmd` (mariadbd on a datadir), waits until it accepts connections as `cfg`, runs `fn`,
 * then stops it — whatever happened, also on cancel. The scratch servers of verifications and the
 * start-and-verify of a physical restore both run through here.
 */
export async function withRunningServer<T>(cmd: ToolCommand, cfg: ConnectionConfig, errorLog: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  if (signal.aborted) throw new AppError('CANCELLED', 'Cancelled before the server started');
  const started = spawn(cmd.program, cmd.args, { stdio: 'ignore', shell: false });
  const onAbort = (): void => {
    started.kill('SIGTERM');
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const spawnError = new Promise<never>((_, reject) =>
      started.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          e.code === 'ENOENT'
            ? new AppError('UNSUPPORTED', 'mariadbd is not installed (Debian package mariadb-server): a physical backup is started on a server of its own')
            : new AppError('INTERNAL', `mariadbd could not be started: ${e.message}`),
        ),
      ),
    );
    spawnError.catch(() => undefined);
    await Promise.race([waitReady(started, cfg, errorLog, signal), spawnError]);
    return await fn();
  } finally {
    signal.removeEventListener('abort', onAbort);
    await stop(started);
  }
}

/** Connection settings of a server started here: the backup's accounts (its `mysql` schema), 127.0.0.1, `port`. */
export function localServerConfig(account: ConnectionConfig, port: number): ConnectionConfig {
  return { ...account, host: '127.0.0.1', port, socket: '', database: '', tls: { mode: 'disabled' } };
}

/**
 * Copies the prepared datadir `prepared`, starts mariadbd on the copy, runs `fn` with its
 * connection settings, then stops it and removes the copy whatever happened. `removed` says whether
 * the cleanup finished (false only when the folder could not be deleted).
 */
export async function withScratchServer<T>(
  prepared: string,
  account: ConnectionConfig,
  signal: AbortSignal,
  fn: (s: ScratchServer) => Promise<T>,
  onStep: (message: string) => void = () => undefined,
): Promise<{ value: T; removed: boolean }> {
  if (!existsSync(join(prepared, 'ibdata1'))) throw new AppError('NOT_FOUND', `${prepared} is not a prepared MariaDB data directory (no ibdata1)`);
  const parent = scratchParentDir();
  await mkdir(parent, { recursive: true });
  const root = await mkdtemp(join(parent, 'dbw-restore-'));
  let value: T;
  let removed = false;
  try {
    onStep('Copying the prepared data directory');
    const datadir = join(root, 'data');
    await cp(prepared, datadir, { recursive: true });
    if (signal.aborted) throw new AppError('CANCELLED', 'Cancelled before the scratch server started');
    const optionsFile = join(prepared, 'backup-my.cnf');
    const port = await freePort();
    const errorLog = join(root, 'error.log');
    const cmd = scratchServerCommand({
      datadir,
      optionsFile: existsSync(optionsFile) ? optionsFile : null,
      port,
      socket: join(root, 'mysqld.sock'),
      pidFile: join(root, 'mysqld.pid'),
      errorLog,
      user: userInfo().username,
    });
    onStep(`Starting a scratch server on 127.0.0.1:${port}`);
    const cfg = localServerConfig(account, port);
    value = await withRunningServer(cmd, cfg, errorLog, signal, () => fn({ cfg, port, root }));
  } finally {
    try {
      await rm(root, { recursive: true, force: true });
      removed = true;
    } catch {
      removed = false; // reported to the caller; the folder is named in the error log's path
    }
  }
  return { value, removed };
}
