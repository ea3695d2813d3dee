/**
 * Runs the backup tools as child processes: spawned without a shell (arguments reach the program
 * as they are), the password in a 0600 defaults file inside a 0700 folder removed afterwards,
 * standard output and input streamed (compressed on the way, gzip here or zstd as a ProgramFilter), killed when the AbortSignal fires
 * (SIGTERM, then SIGKILL), and a failure turned into a typed error quoting the tool's stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/contract/core';
import { isVerboseLine } from '../../engines/backup/dump-start';
import { defaultsFileText, toolFailureMessage, type ToolCommand, type ToolEndpoint } from '../../engines/backup/tool-args';
import type { ConnectionConfig } from '../../store/connections.repo';

const KILL_GRACE_MS = 3000;
/**
 * coreutils' stdbuf, where the system has it (Linux): a tool whose output streams to this process
 * runs under `stdbuf -o1M`, which execs it with a 1 MB stdout buffer. mariadb-dump and mysqldump
 * write through stdio, whose buffer on a pipe is 4 KB: ~27,000 writes per 100 MB, which reached
 * this process as ~13,000 chunks, each through every stage of the pipeline. With 1 MB: ~1,900
 * chunks, and the reading costs 235 ms of CPU instead of 370 (the tool itself 0.25 s less).
 */
const STDBUF = ['/usr/bin/stdbuf', '/bin/stdbuf'].find((p) => existsSync(p)) ?? null;
/** stdbuf's status when it could not run the program (coreutils: 127 not found, 126 not executable). */
const STDBUF_NOT_RUN = /stdbuf: failed to run command/;

/** Runs `fn` with a defaults file holding the connection's user and password; the file is removed after. */
export async function withToolEndpoint<T>(cfg: ConnectionConfig, fn: (e: ToolEndpoint) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'dbw-tool-'));
  try {
    const defaultsFile = join(dir, 'client.cnf');
    await writeFile(defaultsFile, defaultsFileText(cfg.user, cfg.password), { mode: 0o600 });
    return await fn({ host: cfg.host, port: cfg.port, defaultsFile });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where a tool's standard streams go: a source for its stdin, a sink for its stdout (each with its transforms). */
export interface ToolStreams {
  readonly stdin?: readonly [Readable, ...Array<NodeJS.ReadWriteStream>];
  readonly stdout?: readonly [...Array<NodeJS.ReadWriteStream>, Writable];
  /** Called with the tool's stderr as it arrives (the failure message still quotes its end). */
  readonly onStderr?: (text: string) => void;
}

/**
 * Runs a tool to completion; rejects with CANCELLED on abort, UNSUPPORTED when it is not installed, SERVER_ERROR when it fails.
 * It owns `streams`: every one is ended or destroyed when it returns, also when the tool is not started
 * (a ProgramFilter among them runs a program from its creation, which would otherwise wait on its stdin for ever).
 */
export async function runTool(cmd: ToolCommand, signal: AbortSignal, streams: ToolStreams = {}): Promise<void> {
  // Destroyed without an error: a stream nobody listens to would throw it.
  const dropStreams = (): void => {
    for (const s of [...(streams.stdin ?? []), ...(streams.stdout ?? [])]) (s as unknown as { destroy(): void }).destroy();
  };
  if (signal.aborted) {
    dropStreams();
    throw new AppError('CANCELLED', `${cmd.program} was not started: cancelled`);
  }
  const buffered = streams.stdout && STDBUF !== null;
  let child: ChildProcess;
  try {
    child = spawn(buffered ? STDBUF! : cmd.program, buffered ? ['-o1M', cmd.program, ...cmd.args] : cmd.args, {
      stdio: [streams.stdin ? 'pipe' : 'ignore', streams.stdout ? 'pipe' : 'ignore', 'pipe'],
      shell: false,
    });
  } catch (err) {
    // Refused before any process exists (an argument with a NUL byte, say).
    dropStreams();
    throw new AppError('BAD_INPUT', `${cmd.program} could not be started: ${(err as Error).message}`);
  }
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    streams.onStderr?.(d);
    stderr = (stderr + d).slice(-20_000);
  });
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    killTimer.unref();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const exited = new Promise<{ code: number | null; sig: string | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, sig) => resolve({ code, sig }));
  });
  const pipes: Array<Promise<void>> = [];
  if (streams.stdin && child.stdin)
    pipes.push(pipeline([...streams.stdin, child.stdin] as ReadonlyArray<NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream>));
  if (streams.stdout && child.stdout)
    pipes.push(pipeline([child.stdout, ...streams.stdout] as ReadonlyArray<NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream>));
  try {
    // Wait for the process and every stream: a tool that fails early breaks its pipe, and its exit status says why.
    const [exit, ...piped] = await Promise.allSettled([exited, ...pipes]);
    if (exit!.status === 'rejected') {
      const err = exit!.reason as NodeJS.ErrnoException;
      if (err.code === 'ENOENT') throw notInstalled(cmd.program);
      throw new AppError('INTERNAL', `${cmd.program} could not be started: ${err.message}`);
    }
    if (signal.aborted) throw new AppError('CANCELLED', `${cmd.program} was stopped`);
    const { code, sig } = exit!.value as { code: number | null; sig: string | null };
    if (buffered && (code === 127 || code === 126) && STDBUF_NOT_RUN.test(stderr)) throw notInstalled(cmd.program);
    // A file the tool's output was written to that failed (a full disk) is the cause: the tool
    // then only reports its broken pipe ("Got errno 104 on write").
    const written = piped.find((p) => p.status === 'rejected' && storageFailure((p as PromiseRejectedResult).reason)) as PromiseRejectedResult | undefined;
    if (written) {
      const err = written.reason as NodeJS.ErrnoException;
      throw new AppError('SERVER_ERROR', `${cmd.program}'s output could not be written: ${err.message}`, { program: cmd.program, code: err.code });
    }
    if (code !== 0)
      throw new AppError('SERVER_ERROR', toolFailureMessage(cmd.program, code, sig, stderr), {
        program: cmd.program,
        code,
        stderr: stderr
          .split('\n')
          .filter((l) => !isVerboseLine(l))
          .join('\n')
          .slice(-4000),
      });
    const broken = piped.find((p) => p.status === 'rejected') as PromiseRejectedResult | undefined;
    if (broken) throw new AppError('INTERNAL', `${cmd.program}'s data could not be streamed: ${String((broken.reason as Error)?.message ?? broken.reason)}`);
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (killTimer) clearTimeout(killTimer);
  }
}

/** An error of the file system under a stream (no space, quota, I/O, permissions), not a pipe the other end closed. */
function storageFailure(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO' || code === 'EROFS' || code === 'EACCES' || code === 'EFBIG';
}

function notInstalled(program: string): AppError {
  return new AppError('UNSUPPORTED', `${program} is not installed (it comes with the ${packageOf(program)} package)`);
}

function packageOf(program: string): string {
  if (program === 'mydumper' || program === 'myloader') return 'mydumper';
  if (program === 'mariadb-backup' || program === 'zstd') return program;
  return 'mariadb-client';
}

/** A tool's version line (`mariadb-dump --version`), or "unknown" when it cannot say. */
export async function toolVersion(program: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(program, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'], shell: false, timeout: 10_000 });
    let out = '';
    let err = ''; // mariadb-backup prints its version on stderr
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (err += d));
    child.once('error', () => resolve('unknown'));
    child.once('close', () => resolve(out.split('\n')[0]?.trim() || err.split('\n')[0]?.trim() || 'unknown'));
  });
}

/**
 * A program that filters bytes (zstd -c, zstd -dc) as a stream: what is written goes to its stdin,
 * what it prints is read; its stdout waits while the reader is behind. It ends when the program
 * exits 0 after its input ended; any other exit destroys the stream with the program's stderr, and
 * destroying the stream (a pipeline that failed, a cancel) kills the program.
 */
export class ProgramFilter extends Duplex {
  private readonly child: ChildProcess;
  private stderr = '';

  constructor(
    private readonly program: string,
    args: readonly string[],
    /** What it is doing, for its failure message ("decompressing the dump"). */
    private readonly doing?: string,
  ) {
    super();
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    this.child = child;
    child.stdin!.on('error', () => undefined); // a program that died: its exit status says why
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-4000)));
    child.stdout!.on('data', (d: Buffer) => {
      if (!this.push(d)) child.stdout!.pause();
    });
    child.once('error', (err: NodeJS.ErrnoException) =>
      this.destroy(err.code === 'ENOENT' ? notInstalled(program) : new AppError('INTERNAL', `${program} could not be started: ${err.message}`)),
    );
    // 'close' comes after its stdout ended: everything it printed was pushed.
    child.once('close', (code, sig) => {
      if (this.destroyed) return;
      if (code === 0) this.push(null);
      else
        this.destroy(
          new AppError('SERVER_ERROR', toolFailureMessage(this.doing ? `${program} (${this.doing})` : program, code, sig, this.stderr), {
            program,
            code,
            stderr: this.stderr,
          }),
        );
    });
  }

  override _read(): void {
    this.child.stdout!.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.child.stdin!.write(chunk)) cb();
    else this.child.stdin!.once('drain', () => cb());
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.child.stdin!.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    cb(err);
  }
}
