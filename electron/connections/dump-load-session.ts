/**
 * A connection that runs a dump's statements as the mariadb client would, for the restore of a
 * backup's rows (services/backup/parallel-load.ts): the bytes written to it are cut into
 * statements (engines/backup/statement-splitter.ts) and each is sent as it is, one COM_QUERY at a
 * time, the statement's bytes straight from the chunks they arrived in. The client this replaces
 * for the rows parsed every byte of the dump a second time in its own process (~1 s of CPU per
 * 100 MB on this machine); here the only work per byte is the search for line ends.
 *
 * It writes what the dump says into the database it is opened on, like the mariadb client it
 * stands in for; the restore that uses it runs only into a scratch database the executor created.
 * The connection is opened as every other (connectMysql: TLS as configured). The first error (the
 * server's, a lost connection, an unreadable `source` file) stops it: nothing after it is sent.
 * https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query.html
 */
import { EventEmitter } from 'node:events';
import { open } from 'node:fs/promises';
import { AppError } from '../../shared/contract/core';
import { StatementSplitter, type SplitItem } from '../engines/backup/statement-splitter';
import type { ConnectionConfig } from '../store/connections.repo';
import { mapDriverError } from './errors';
import { closeMysql, connectMysql, type OpenMysql } from './mysql-connect';

/** Bytes a `source` file is read in. */
const SOURCE_READ = 1 << 20;
/** The protocol's largest packet payload; a longer statement continues in the next packet. */
const MAX_PAYLOAD = 0xffffff;
/** CLIENT_QUERY_ATTRIBUTES: a COM_QUERY then carries a parameter count and set count (0, 1). */
const QUERY_ATTRIBUTES = 1 << 27;

/** The driver's connection as far as this module drives it (mysql2's base connection). */
interface DriverConnection {
  readonly config: { clientFlags: number; compress?: boolean };
  readonly serverCapabilityFlags?: number;
  readonly clientEncoding?: string;
  addCommand(cmd: unknown): unknown;
  write(buffer: Buffer): void;
  _resetSequenceId(): void;
  _bumpSequenceId(n: number): void;
  readonly stream: { cork(): void; uncork(): void };
}

/** A server packet as the driver hands it to a command. */
interface DriverPacket {
  isError(): boolean;
  asError(encoding?: string): Error;
  peekByte(): number;
}

/**
 * One statement as a driver command: its COM_QUERY packets written at the command's turn, its
 * answer read. The driver calls `execute` first without a packet, then with each packet the
 * server sends, until it returns true; `onResult` with the error when the connection dies.
 */
class RawQuery extends EventEmitter {
  constructor(
    private readonly parts: readonly Buffer[],
    private readonly bytes: number,
    private readonly done: (err: Error | null) => void,
  ) {
    super();
  }

  execute(packet: DriverPacket | null, conn: DriverConnection): boolean {
    if (!packet) {
      this.send(conn);
      return false;
    }
    if (packet.isError()) {
      this.done(packet.asError(conn.clientEncoding));
      return true;
    }
    // 0x00 is OK. A result set (a column count) is not what a dump's data section sends.
    this.done(packet.peekByte() === 0 ? null : new Error('The statement returned rows, which a dump restore does not expect'));
    return true;
  }

  onResult(err: Error): void {
    this.done(err);
  }

  private send(conn: DriverConnection): void {
    const attrs = conn.config.clientFlags & (conn.serverCapabilityFlags ?? 0) & QUERY_ATTRIBUTES ? [0, 1] : [];
    const prefix = Buffer.from([0x03, ...attrs]);
    const total = prefix.length + this.bytes;
    conn._resetSequenceId();
    let seq = 0;
    const header = (len: number): Buffer => Buffer.from([len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff, seq++ & 0xff]);
    conn.stream.cork();
    try {
      // The payload (prefix, then the parts) cut in packets of at most MAX_PAYLOAD bytes; a
      // payload that fills its last packet exactly is followed by an empty one.
      let left = total;
      let room = Math.min(left, MAX_PAYLOAD);
      conn.write(header(room));
      conn.write(prefix);
      room -= prefix.length;
      left -= prefix.length;
      for (const part of this.parts) {
        let at = 0;
        while (at < part.length) {
          if (room === 0) {
            room = Math.min(left, MAX_PAYLOAD);
            conn.write(header(room));
          }
          const n = Math.min(room, part.length - at);
          conn.write(at === 0 && n === part.length ? part : part.subarray(at, at + n));
          at += n;
          room -= n;
          left -= n;
        }
      }
      if (total % MAX_PAYLOAD === 0) conn.write(header(0));
    } finally {
      conn.stream.uncork();
    }
    conn._bumpSequenceId(seq);
  }
}

/** How to open a dump load session. */
export interface DumpLoadOptions {
  /** Run `SET SESSION sql_log_bin=0` first (the account may: the caller's probe said so). */
  readonly skipBinlog?: boolean;
  readonly signal: AbortSignal;
}

/**
 * A dump's statements run on one connection to `database`, in the order written. Written bytes
 * are queued (`queued` counts those not yet run); `barrier` resolves once all written so far have
 * run; the first failure is kept in `error` and rejects every wait.
 */
export class DumpLoadSession {
  private readonly splitter = new StatementSplitter();
  private readonly opened: Promise<OpenMysql>;
  /** Chunks written and not yet split and run, in order; a barrier is a function. */
  private readonly inbox: Array<Buffer | (() => void)> = [];
  private pending = 0;
  private failure: AppError | null = null;
  private pumping = false;
  private ended = false;
  /** Barriers not yet reached (settled with the failure when the session stops). */
  private readonly barriers = new Set<() => void>();
  /** Waits for the queue to shrink, checked after each chunk has run. */
  private readonly drains = new Set<() => void>();
  private closed = false;
  private readonly endpoint: { host: string; port: number; socket?: string };
  /** Resolves once the session is over (finished, failed or killed) and its connection closed. */
  readonly exited: Promise<void>;
  private exit!: () => void;
  /** The parallel load's flag for a client fed through its input (no meaning here: `source` always works). */
  piped = false;

  constructor(
    cfg: ConnectionConfig,
    database: string,
    private readonly opts: DumpLoadOptions,
  ) {
    this.exited = new Promise((resolve) => (this.exit = resolve));
    this.endpoint = { host: cfg.host, port: cfg.port, socket: cfg.socket || undefined };
    this.opened = connectMysql({ ...cfg, database }).then(async (o) => {
      if ((o.conn as unknown as { connection: DriverConnection }).connection.config.compress)
        throw new AppError('UNSUPPORTED', 'A compressed connection cannot load a dump here');
      if (opts.skipBinlog) await o.conn.query('SET SESSION sql_log_bin=0');
      return o;
    });
    this.opened.catch((err: unknown) => this.fail(err));
    if (opts.signal.aborted) this.fail(new AppError('CANCELLED', 'The restore was stopped'));
    opts.signal.addEventListener('abort', () => this.fail(new AppError('CANCELLED', 'The restore was stopped')), { once: true });
  }

  /** The error that stopped the session, if any. */
  get error(): AppError | null {
    return this.failure;
  }

  /** Bytes written and not yet run. */
  get queued(): number {
    return this.pending;
  }

  write(data: Buffer): void {
    if (this.failure || this.ended) return;
    this.inbox.push(data);
    this.pending += data.length;
    void this.pump();
  }

  /** Resolves once every statement written so far has run. */
  barrier(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const settle = (): void => (this.failure ? reject(this.failure) : resolve());
      this.barriers.add(settle);
      this.inbox.push(() => {
        this.barriers.delete(settle);
        settle();
      });
      void this.pump();
    });
  }

  /** Resolves once at most `limit` bytes wait to run (or the session failed). */
  drained(limit = 4 << 20): Promise<void> {
    if (this.failure || this.pending <= limit) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const check = (): void => {
        if (this.failure || this.pending <= limit) {
          this.drains.delete(check);
          resolve();
        }
      };
      this.drains.add(check);
    });
  }

  /** Runs what was written, then closes the connection; rejects with the session's failure. */
  async finish(): Promise<void> {
    await this.barrier();
    this.ended = true;
    if (!this.splitter.complete) this.fail(new AppError('BAD_INPUT', 'The restore ended in the middle of a statement'));
    await this.close();
    if (this.failure) throw this.failure;
  }

  /** Stops at once: the connection is destroyed (the statement running on the server is abandoned). */
  kill(): void {
    this.fail(new AppError('CANCELLED', 'The restore was stopped'));
  }

  private fail(err: unknown): void {
    if (!this.failure) {
      this.failure =
        err instanceof AppError
          ? err
          : (err as { sqlMessage?: string }).sqlMessage !== undefined
            ? serverError(err as DriverError)
            : mapDriverError(err, this.endpoint);
    }
    this.inbox.length = 0;
    for (const w of [...this.barriers, ...this.drains]) w();
    void this.close();
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      const o = await this.opened;
      if (this.failure && this.failure.code !== 'BAD_INPUT') o.conn.destroy();
      else await closeMysql(o.conn, o.watch);
    } catch {
      // never opened: nothing to close
    }
    this.exit();
  }

  /** Splits and runs the inbox in order, one statement at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.inbox.length && !this.failure) {
        const next = this.inbox.shift()!;
        if (typeof next === 'function') {
          next();
          continue;
        }
        await this.runAll(this.splitter.push(next));
        this.pending -= next.length;
        for (const w of [...this.drains]) w();
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.pumping = false;
    }
  }

  private async runAll(items: readonly SplitItem[]): Promise<void> {
    for (const item of items) {
      if (this.failure) return;
      if (item.kind === 'statement') await this.run(item.parts, item.bytes);
      else await this.source(item.file);
    }
  }

  /** Runs the statements of a file (a spool the restore wrote), read in pieces. */
  private async source(file: string): Promise<void> {
    let fh;
    try {
      fh = await open(file, 'r');
    } catch (err) {
      throw new AppError('INTERNAL', `The restore could not read ${file}: ${(err as Error).message}`);
    }
    try {
      for (;;) {
        if (this.failure) return;
        const buf = Buffer.allocUnsafe(SOURCE_READ);
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        await this.runAll(this.splitter.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead)));
      }
      await this.runAll(this.splitter.end());
    } finally {
      await fh.close();
    }
  }

  private async run(parts: readonly Buffer[], bytes: number): Promise<void> {
    const { conn, watch } = await this.opened;
    if (watch.lost) throw watch.lost;
    const driver = (conn as unknown as { connection: DriverConnection }).connection;
    await new Promise<void>((resolve, reject) => {
      driver.addCommand(new RawQuery(parts, bytes, (err) => (err ? reject(err) : resolve())));
    });
  }
}

/** A driver error with the server's fields. */
interface DriverError {
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  message: string;
}

/** The server's error in the words of the mariadb client: `ERROR 1062 (23000): Duplicate entry …`. */
function serverError(err: DriverError): AppError {
  return new AppError('SERVER_ERROR', `ERROR ${err.errno ?? '?'} (${err.sqlState ?? 'HY000'}): ${err.sqlMessage ?? err.message}`, {
    errno: err.errno ?? null,
    sqlState: err.sqlState ?? null,
  });
}
