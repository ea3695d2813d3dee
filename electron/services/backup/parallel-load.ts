/**
 * Restores a mariadb-dump / mysqldump SQL stream on several connections at once,
 * table by table as myloader restores mydumper's files: one client restores a dump one statement
 * at a time, so the server loads it on one core while the others idle. The dump is read once, line
 * by line; engines/backup/dump-router.ts says where each line goes. The table structures run at
 * once, in file order, on one long-lived client; each table's data section is spooled to a file
 * (the dump's session settings first) and, once its CREATE TABLE has run, loaded by one of
 * `clients` long-lived data clients, which `source`s it, the largest waiting table first; the
 * table whose rows are being read when a client is free is loaded as they arrive (its spool read
 * while it grows). A table's rows load in one transaction (a log flush per table, not per
 * statement) with UNIQUE_CHECKS back on: with the dump's UNIQUE_CHECKS=0 and FOREIGN_KEY_CHECKS=0,
 * MariaDB 10.11 loads a transaction into an empty InnoDB table through its bulk-insert path, which
 * on a dump's rows (already in key order) took twice the server CPU (6.6-6.9 s against 3.4-3.7 s
 * for 108 MB; MySQL: no difference). Routines, events, final
 * views and closing settings run after every table is loaded. The one client knows it has run
 * the structures when it answers a barrier (`SELECT '<token>'`). The clients are spawned without a
 * shell with the password in the 0600 defaults file (tool-runner.ts); the first failure stops
 * them all and quotes the failing client's stderr. The data clients may instead be dump load
 * sessions (`rowsClient`: connections/dump-load-session.ts), which send the statements themselves,
 * as a backup's verification does; the structures always run on the mariadb client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { AppError } from '../../../shared/contract/core';
import { DumpRouter } from '../../engines/backup/dump-router';
import { toolFailureMessage, type ToolCommand } from '../../engines/backup/tool-args';

const NL = Buffer.from('\n');
const COMMIT = Buffer.from('COMMIT;\n');
/** A table's load session after the dump's settings: one transaction, unique checks on (see the header). */
const LOAD_SESSION = Buffer.from('SET SESSION unique_checks=1;\nSET autocommit=0;\n');
/** Bytes queued on a client's stdin beyond which the reader waits for it to drain. */
const QUEUE_LIMIT = 4 << 20;
const KILL_GRACE_MS = 3000;
/** Bytes a live load reads from its growing spool at a time. */
const LIVE_READ = 1 << 20;
/**
 * Bytes of rows after which a table's next INSERT starts a new part: the parts of a large table load
 * on several clients at once, as myloader loads mydumper's chunk files, instead of the whole table on
 * one connection (one server core) while the other clients wait for it at the end of the restore.
 */
export const PART_BYTES = 8 << 20;

/**
 * What loads statements for the parallel load: the `mariadb` client (LoadClient), or a session
 * that sends them itself (connections/dump-load-session.ts) for the rows.
 */
export interface StatementClient {
  /** The error that stopped it, if any. */
  readonly error: AppError | null;
  /** Bytes written and not yet taken. */
  readonly queued: number;
  /** Rows were written to it (not `source`d): see startJobs. */
  piped: boolean;
  /** Resolves once it is over (finished, failed or killed). */
  readonly exited: Promise<void>;
  write(data: Buffer): void;
  /** Resolves once it has run everything written so far. */
  barrier(): Promise<void>;
  /** Resolves when it has room again (or it failed). */
  drained(): Promise<void>;
  /** Runs the rest and ends; rejects with its failure. */
  finish(): Promise<void>;
  kill(): void;
}

/** One `mariadb` client fed through its stdin. */
class LoadClient implements StatementClient {
  readonly child: ChildProcess;
  private stderr = '';
  private stdoutRest = '';
  private readonly waiting = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  private failure: AppError | null = null;
  private closed = false;
  /** Rows were written to its stdin (not `source`d): see startJobs. */
  piped = false;
  readonly exited: Promise<void>;

  constructor(
    private readonly cmd: ToolCommand,
    private readonly signal: AbortSignal,
  ) {
    this.child = spawn(cmd.program, cmd.args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    this.child.stdin!.on('error', () => undefined); // a client that died: its exit status says why
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-20_000)));
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (d: string) => this.onStdout(d));
    this.exited = new Promise<void>((resolve) => {
      this.child.once('error', (err: NodeJS.ErrnoException) => {
        this.fail(
          err.code === 'ENOENT'
            ? new AppError('UNSUPPORTED', `${cmd.program} is not installed (it comes with the mariadb-client package)`)
            : new AppError('INTERNAL', `${cmd.program} could not be started: ${err.message}`),
        );
        resolve();
      });
      this.child.once('close', (code, sig) => {
        this.closed = true;
        if (this.signal.aborted) this.fail(new AppError('CANCELLED', `${cmd.program} was stopped`));
        else if (code !== 0)
          this.fail(
            new AppError('SERVER_ERROR', toolFailureMessage(cmd.program, code, sig, this.stderr), {
              program: cmd.program,
              code,
              stderr: this.stderr.slice(-4000),
            }),
          );
        else this.fail(new AppError('INTERNAL', `${cmd.program} ended before the restore was complete`));
        resolve();
      });
    });
  }

  /** The error that stopped this client, if any. */
  get error(): AppError | null {
    return this.failure;
  }

  /** Bytes written but not yet taken by the client. */
  get queued(): number {
    return this.child.stdin!.writableLength;
  }

  write(data: Buffer): void {
    if (!this.failure) this.child.stdin!.write(data);
  }

  /** Resolves once the client has run everything written so far. */
  barrier(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new AppError('INTERNAL', `${this.cmd.program} ended before the restore was complete`));
    const token = `dbw-barrier-${randomBytes(8).toString('hex')}`;
    const done = new Promise<void>((resolve, reject) => this.waiting.set(token, { resolve, reject }));
    this.child.stdin!.write(`SELECT '${token}';\n`);
    return done;
  }

  /** Resolves when the client's stdin has room again (or it failed). */
  async drained(): Promise<void> {
    if (this.failure || this.queued <= QUEUE_LIMIT) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.child.stdin!.off('drain', done);
        resolve();
      };
      this.child.stdin!.once('drain', done);
      void this.exited.then(done);
    });
  }

  /** Closes stdin and waits for a clean exit; rejects with the client's failure. */
  async finish(): Promise<void> {
    this.child.stdin!.end();
    await this.exited;
    if (this.child.exitCode !== 0 || this.signal.aborted) throw this.failure ?? new AppError('CANCELLED', `${this.cmd.program} was stopped`);
  }

  kill(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    setTimeout(() => this.child.kill('SIGKILL'), KILL_GRACE_MS).unref();
  }

  private onStdout(d: string): void {
    const lines = (this.stdoutRest + d).split('\n');
    this.stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      const w = this.waiting.get(line.trim());
      if (w) {
        this.waiting.delete(line.trim());
        w.resolve();
      }
    }
  }

  private fail(err: AppError): void {
    if (this.closed && this.child.exitCode === 0 && !this.signal.aborted && this.waiting.size === 0) return; // a clean exit after finish()
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }
}

function trimmedEnd(line: Buffer): number {
  let end = line.length;
  while (end > 0 && (line[end - 1] === 0x0a || line[end - 1] === 0x20 || line[end - 1] === 0x0d || line[end - 1] === 0x09)) end--;
  return end;
}

/** Whether a whole line ends its statement (its last non-blank character is `;`). */
function endsStatement(line: Buffer): boolean {
  const end = trimmedEnd(line);
  return end > 0 && line[end - 1] === 0x3b;
}

/** What a parallel load did: how many clients at most, tables loaded side by side, their parts, INSERT statements. */
export interface ParallelLoadStats {
  readonly clients: number;
  readonly tables: number;
  readonly parts: number;
  readonly inserts: number;
}

/** A table's data section: its parts, and the lines that must follow all of its rows. */
interface TableLoad {
  readonly table: string;
  /** Parts spooled and not yet loaded (the one being written included). */
  pending: number;
  parts: number;
  /** Its data section has ended: no part will follow. */
  ended: boolean;
  /**
   * Data-section lines after an INSERT that are not INSERTs (ENABLE KEYS, the table's triggers): held
   * back until the next INSERT (then spooled in order) or the section's end, where they run after
   * every part is loaded (in the single part's spool when there is one), so no trigger fires for a
   * restored row.
   */
  tail: Buffer[];
  seenInsert: boolean;
}

interface Spool {
  /** Its table's load (the table is `load.table`). */
  readonly load: TableLoad;
  readonly out: WriteStream;
  readonly file: string;
  bytes: number;
  /** A client loads it while it is written (its table's rows are being read now). */
  live: boolean;
  /** The file is complete (closed). */
  closed: boolean;
  /** Wakes the live client's feed when more is written, the spool closes, or the load stops. */
  wake: (() => void) | null;
}

/** Options of a parallel load. */
export interface ParallelLoadOptions {
  /** Rows after which a table's next INSERT starts a new part (PART_BYTES). */
  readonly partBytes?: number;
  /**
   * Opens a client for the rows (one per data slot), stopped by `stop`; by default another copy of
   * the mariadb client. The structures and what follows the tables always run on the mariadb client.
   */
  readonly rowsClient?: (stop: AbortSignal) => StatementClient;
}

/**
 * Loads the SQL dump read from `source` with up to `clients` copies of `cmd` at once (the mariadb
 * client reading stdin: parallelLoadCommand). `onTableLoaded` is called as each table's data is
 * loaded. Spool files go to a private folder under the temp folder, removed after. Rejects with
 * CANCELLED on abort, SERVER_ERROR quoting the client that failed, BAD_INPUT when the dump ends in
 * the middle of a statement.
 *
 * The data clients live for the whole load and `source` each table's spool themselves (the client
 * reads the file; it stops at the first error with --abort-source-on-error), so the dump's bytes
 * pass through this process once, on their way to the spool: a client per table, each fed through
 * a pipe, cost this process a spawn per table and a second read and write of every byte. Rows are
 * spooled as the contiguous ranges of the read chunks they arrive in, never copied line by line.
 */
export async function loadDumpInParallel(
  cmd: ToolCommand,
  source: Readable,
  clients: number,
  signal: AbortSignal,
  onTableLoaded: (table: string) => void = () => undefined,
  options: ParallelLoadOptions = {},
): Promise<ParallelLoadStats> {
  const partBytes = Math.max(1, options.partBytes ?? PART_BYTES);
  // Whatever ends the load before it reads everything destroys `source`, so a writer feeding it
  // (a dump restored as it is written) never waits on a reader that is gone.
  if (signal.aborted) {
    source.destroy();
    throw new AppError('CANCELLED', `${cmd.program} was not started: cancelled`);
  }
  let spoolDir: string;
  try {
    spoolDir = await mkdtemp(join(tmpdir(), 'dbw-restore-'));
  } catch (err) {
    source.destroy();
    throw new AppError('INTERNAL', `The restore could not make its spool folder: ${(err as Error).message}`);
  }
  if (/[\r\n]/.test(spoolDir) || spoolDir.trim() !== spoolDir) {
    source.destroy();
    await rm(spoolDir, { recursive: true, force: true });
    throw new AppError('UNSUPPORTED', `The temporary folder ${JSON.stringify(spoolDir)} cannot be named to the mariadb client: set TMPDIR to a plain path`);
  }
  const stop = new AbortController(); // the caller's cancel, or the first failure
  const onAbort = (): void => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const control = new LoadClient(cmd, stop.signal);
  const slots = Math.max(1, clients);
  const idle: StatementClient[] = [];
  const spawned: StatementClient[] = [];
  const live = new Set<Spool>();
  const wakeSpool = (sp: Spool): void => {
    const w = sp.wake;
    sp.wake = null;
    w?.();
  };
  stop.signal.addEventListener('abort', () => {
    source.destroy();
    control.kill();
    for (const c of spawned) c.kill();
    for (const sp of live) wakeSpool(sp);
  });
  const router = new DumpRouter();
  const header: Buffer[] = [];
  /** Closed parts waiting for a client, the largest first. */
  const queue: Spool[] = [];
  const running = new Set<Promise<void>>();
  let failure: unknown = null;
  let current: Spool | null = null;
  let inserts = 0;
  let tables = 0;
  let parts = 0;
  let afterTables = false;
  const check = (): void => {
    if (failure) throw failure;
    if (control.error) throw control.error;
  };
  const takeClient = (): StatementClient =>
    idle.pop() ??
    (() => {
      const c = options.rowsClient ? options.rowsClient(stop.signal) : new LoadClient(cmd, stop.signal);
      spawned.push(c);
      return c;
    })();
  /**
   * Runs one part's load on `client` (`feed` gives it the rows), then frees the client; the client
   * that loads a table's last part runs the table's held-back tail and reports the table.
   */
  const runJob = (sp: Spool, client: StatementClient, feed: () => Promise<void>): void => {
    const { file, load } = sp;
    const { table } = load;
    const run: Promise<void> = feed()
      .then(() => client.barrier())
      .then(async () => {
        await rm(file, { force: true });
        load.pending--;
        if (load.ended && load.pending === 0) {
          if (load.tail.length) {
            client.write(Buffer.concat([...load.tail, COMMIT]));
            await client.barrier();
          }
          onTableLoaded(table);
        }
        idle.push(client);
      })
      .catch((err: unknown) => {
        const cause = client.error ?? err;
        // Name the table: the server's own message may not (a duplicate found at COMMIT).
        failure ??=
          cause instanceof AppError && cause.code !== 'CANCELLED'
            ? new AppError(cause.code, `Loading table ${table}: ${cause.message.replace(/ at line \d+ in file: '[^']*'/g, '')}`, cause.details)
            : cause;
        stop.abort();
      })
      .finally(() => {
        running.delete(run);
        startJobs();
      });
    running.add(run);
  };
  const startJobs = (): void => {
    while (!failure && !stop.signal.aborted && running.size < slots && queue.length) {
      queue.sort((a, b) => b.bytes - a.bytes);
      const sp = queue.shift()!;
      const client = takeClient();
      // A client that was fed rows through its stdin ran the dump's `enable the sandbox mode`
      // line there, which refuses `source` from then on: it is fed through stdin again.
      runJob(sp, client, async () => (client.piped ? feedLive(sp, client) : client.write(Buffer.from(`source ${sp.file}\n`))));
    }
  };
  /**
   * Feeds a spool to `client` while it is written: each part the file holds is read and written to
   * the client's stdin, then it waits for more, until the spool is closed and read to its end.
   */
  const feedLive = async (sp: Spool, client: StatementClient): Promise<void> => {
    client.piped = true;
    // A live spool's file exists once its stream has opened it (a closed stream is pending again;
    // one destroyed by a stop never opens: its 'close' ends the wait, the stop then throws).
    if (!sp.closed && sp.out.pending && !sp.out.destroyed)
      await new Promise<void>((resolve) => {
        const done = (): void => {
          sp.out.off('ready', done).off('close', done).off('error', done);
          resolve();
        };
        sp.out.once('ready', done).once('close', done).once('error', done);
      });
    if (stop.signal.aborted) throw new AppError('CANCELLED', `${cmd.program} was stopped`);
    const fh = await open(sp.file, 'r');
    try {
      let pos = 0;
      for (;;) {
        if (stop.signal.aborted) throw new AppError('CANCELLED', `${cmd.program} was stopped`);
        const avail = sp.out.bytesWritten - pos;
        if (avail > 0) {
          const buf = Buffer.allocUnsafe(Math.min(LIVE_READ, avail));
          const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
          if (bytesRead === 0) throw new AppError('INTERNAL', `The restore's spool of ${sp.load.table} ended early`);
          pos += bytesRead;
          client.write(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
          await client.drained();
          if (client.error) throw client.error;
          continue;
        }
        if (sp.closed) return;
        await new Promise<void>((resolve) => (sp.wake = resolve));
      }
    } finally {
      await fh.close();
    }
  };
  /** A table whose rows start now, while a client is free: loaded as its rows arrive, once its CREATE TABLE has run. */
  const startLive = async (sp: Spool): Promise<void> => {
    if (failure || stop.signal.aborted || running.size >= slots) return;
    await control.barrier(); // its CREATE TABLE has run
    // A client spawned after the stop would never be killed, and the load would wait for its exit.
    if (stop.signal.aborted) return;
    sp.live = true;
    live.add(sp);
    const client = takeClient();
    runJob(sp, client, async () => {
      try {
        await feedLive(sp, client);
      } finally {
        live.delete(sp);
      }
    });
  };
  const allLoaded = async (): Promise<void> => {
    while (running.size || (queue.length && !failure)) await Promise.race(running);
    check();
  };
  const spool = async (data: Buffer): Promise<void> => {
    const sp = current;
    if (!sp || !data.length) return;
    sp.bytes += data.length;
    if (!sp.out.write(data, () => wakeSpool(sp))) await once(sp.out, 'drain');
  };
  /** Closes the part being written; `last` when its table's data section ends with it. */
  const closePart = async (last: boolean): Promise<void> => {
    const sp = current;
    if (!sp) return;
    const { out, load } = sp;
    current = null;
    if (last) {
      load.ended = true;
      tables++;
      // A table in one part runs its tail in that part, as the dump has it.
      if (load.parts === 1) out.write(Buffer.concat(load.tail.splice(0)));
    }
    out.end(COMMIT);
    await once(out, 'close');
    sp.closed = true;
    if (sp.live) {
      wakeSpool(sp);
      return;
    }
    await control.barrier(); // its CREATE TABLE has run
    queue.push(sp);
    startJobs();
  };
  const closeTable = (): Promise<void> => closePart(true);
  /** Starts spooling a part of `load`'s table: the dump's session settings first. */
  const openPart = async (load: TableLoad): Promise<void> => {
    const file = join(spoolDir, `${parts++}.sql`);
    const out = createWriteStream(file, { mode: 0o600 });
    out.on('error', (err) => (failure ??= new AppError('INTERNAL', `The restore could not spool ${load.table}: ${err.message}`)));
    load.pending++;
    load.parts++;
    current = { load, out, file, bytes: 0, live: false, closed: false, wake: null };
    await spool(Buffer.concat([...header, LOAD_SESSION]));
    await startLive(current);
  };
  /** One whole line (with its break) that is not a row line of an open INSERT: routed. */
  const routeLine = async (line: Buffer): Promise<void> => {
    const end = trimmedEnd(line);
    const rowLine = router.inInsert; // a line of an INSERT that an earlier line started
    const r = router.route(line.toString('latin1', 0, Math.min(end, 256)), line.toString('latin1', Math.max(0, end - 16), end));
    if (r.route === 'drop') return;
    if (r.route === 'session') {
      header.push(Buffer.from(line));
      control.write(line);
      return;
    }
    if (r.route === 'data') {
      if ((current as Spool | null)?.load.table !== r.table) {
        await closeTable();
        check();
        await openPart({ table: r.table!, pending: 0, parts: 0, ended: false, tail: [], seenInsert: false });
      }
      const sp = current as unknown as Spool;
      if (r.start) {
        inserts++;
        // Enough rows in this part: the INSERT starts the next one, which another client may load.
        if (sp.load.seenInsert && sp.bytes >= partBytes) {
          await closePart(false);
          check();
          await openPart(sp.load);
        }
        sp.load.seenInsert = true;
        const held = sp.load.tail.splice(0);
        if (held.length) await spool(Buffer.concat(held));
      } else if (sp.load.seenInsert && !rowLine) {
        sp.load.tail.push(Buffer.from(line));
        return;
      }
      await spool(line);
      return;
    }
    // control: a table structure runs at once; what follows the tables waits for every table's data.
    await closeTable();
    if (r.section === 'after' && tables > 0 && !afterTables) {
      afterTables = true;
      await allLoaded();
    }
    check();
    control.write(line);
    if (control.queued > QUEUE_LIMIT) await control.drained();
  };
  // A source that fails (a damaged or cut file, its decompressor's error) is the cause, not the clients it stopped.
  let unreadable: unknown = null;
  source.once('error', (err) => (unreadable = err));
  try {
    let rest: Buffer | null = null;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      let from = 0;
      if (rest) {
        const nl = chunk.indexOf(0x0a);
        if (nl === -1) {
          rest = Buffer.concat([rest, chunk]);
          continue;
        }
        const line = Buffer.concat([rest, chunk.subarray(0, nl + 1)]);
        rest = null;
        from = nl + 1;
        if (router.inInsert && current && !endsStatement(line)) await spool(line);
        else await routeLine(line);
      }
      // Lines bound for the current spool, contiguous in this chunk, are written as one range.
      let runStart = -1;
      let runEnd = -1;
      const flushRun = async (): Promise<void> => {
        if (runStart >= 0) await spool(chunk.subarray(runStart, runEnd));
        runStart = -1;
      };
      const extendRun = (a: number, b: number): void => {
        if (runStart < 0) runStart = a;
        runEnd = b;
      };
      let nl = chunk.indexOf(0x0a, from);
      while (nl !== -1) {
        const a = from;
        const b = nl + 1;
        from = b;
        nl = chunk.indexOf(0x0a, from);
        const line = chunk.subarray(a, b);
        if (router.inInsert && current && !endsStatement(line)) {
          extendRun(a, b);
          continue;
        }
        await flushRun();
        await routeLine(line);
        check();
      }
      await flushRun();
      if (from < chunk.length) rest = Buffer.from(chunk.subarray(from));
      check();
    }
    if (rest) await routeLine(Buffer.concat([rest, NL]));
    if (signal.aborted) throw new AppError('CANCELLED', `${cmd.program} was stopped`);
    if (!router.complete) throw new AppError('BAD_INPUT', 'The dump ends in the middle of a statement: the backup file is incomplete');
    await closeTable();
    await allLoaded();
    await control.finish();
    await Promise.all(spawned.map((c) => c.finish()));
    return { clients: slots, tables, parts, inserts };
  } catch (err) {
    stop.abort();
    (current as Spool | null)?.out.destroy();
    await Promise.allSettled([...running, control.exited, ...spawned.map((c) => c.exited)]);
    if (signal.aborted) throw new AppError('CANCELLED', `${cmd.program} was stopped`);
    // A client's own failure says more than the broken pipe or barrier that noticed it.
    if (err instanceof AppError && err.code === 'BAD_INPUT') throw err;
    const cause = unreadable ?? failure ?? (control.error && control.error.code !== 'INTERNAL' && control.error.code !== 'CANCELLED' ? control.error : err);
    throw cause instanceof AppError ? cause : new AppError('INTERNAL', `The dump could not be read: ${String((cause as Error)?.message ?? cause)}`);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await rm(spoolDir, { recursive: true, force: true });
  }
}
