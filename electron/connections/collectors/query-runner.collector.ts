/**
 * Runs editor statements on a dedicated read connection and streams their rows into a bounded,
 * paged buffer: the whole result never sits in one array on the wire, and a runaway SELECT stops
 * at the row or byte cap with a `truncated` flag instead of exhausting memory. Every statement
 * passes the read guard (read-guard.ts) like on the read session — refused when it could write,
 * run inside a read-only transaction otherwise; the statement time limit applies.
 */
import mysql from 'mysql2';
import type { Connection as PromiseConnection } from 'mysql2/promise';
import type { Flavor } from '../../../shared/contract/connections';
import { AppError } from '../../../shared/contract/core';
import type { SqlCell, SqlColumn } from '../../../shared/contract/sql.calls';
import type { ConnectionConfig } from '../../store/connections.repo';
import { fmtBytes } from '../../engines/tuner/units';
import { connectionLost, mapDriverError } from '../errors';
import { closeMysql, connectMysql, LOST_GRACE_MS, type ConnectionWatch } from '../mysql-connect';
import { ReadGuard } from '../read-guard';
import { okCountsOf, readOutcomeOf, type ReadOutcome, type SqlReader } from '../sql-reader';

/**
 * The host-wide memory every buffered result shares (the result cache implements it). A buffer
 * asks before it keeps a row; the budget may evict other, idle results to make room, and says
 * no when it cannot — the buffer then stops its stream as truncated, with the budget's reason.
 */
export interface ByteBudget {
  /** Accounts `bytes` more for `buffer`; null when admitted, else why the stream must stop. */
  admit(buffer: ResultBuffer, bytes: number): string | null;
}

/** Caps of one buffered result, and the shared budget it also counts against. */
export interface BufferLimits {
  maxRows: number;
  maxBytes: number;
  budget?: ByteBudget;
  /** What the result says when it stops at maxRows (default: the cap of one result). */
  rowCapNote?: string;
}

/** Default caps: a million rows or 256 MB, whichever comes first. */
export const DEFAULT_LIMITS: BufferLimits = { maxRows: 1_000_000, maxBytes: 256 * 1024 * 1024 };

const CHUNK = 4096;
const BINARY_CHARSET = 63;
const HEX_PREVIEW_BYTES = 32;

const typeNames = new Map<number, string>(Object.entries(mysql.Types as unknown as Record<string, number>).map(([k, v]) => [v, k]));

/** Rows of one statement, in fixed-size chunks, filled while the server streams them. */
export class ResultBuffer {
  readonly chunks: SqlCell[][][] = [];
  rowCount = 0;
  bytes = 0;
  complete = false;
  truncated = false;
  /** Why the rows stopped before the end (a cap, the shared budget, a release), when truncated. */
  truncatedReason: string | null = null;
  elapsedMs = 0;
  error: AppError | null = null;
  private waiters: Array<() => void> = [];

  constructor(
    readonly columns: SqlColumn[],
    private readonly limits: BufferLimits,
  ) {}

  /** Appends a row; false once a cap or the shared budget stops the stream (the caller stops reading). */
  push(row: SqlCell[]): boolean {
    if (this.complete) return false;
    if (this.rowCount >= this.limits.maxRows)
      return this.stopAt(this.limits.rowCapNote ?? `Stopped at ${this.limits.maxRows.toLocaleString('en-US')} rows, the cap of one result.`);
    if (this.bytes >= this.limits.maxBytes) return this.stopAt(`Stopped at ${fmtBytes(this.limits.maxBytes)}, the cap of one result.`);
    const size = rowBytes(row);
    const refused = this.limits.budget?.admit(this, size) ?? null;
    if (refused) return this.stopAt(refused);
    const last = this.chunks[this.chunks.length - 1];
    if (!last || last.length === CHUNK) this.chunks.push([row]);
    else last.push(row);
    this.rowCount++;
    this.bytes += size;
    if (this.waiters.length) this.wake();
    return true;
  }

  /** Marks the end of the rows (or the error that ended them); later calls change nothing. */
  finish(elapsedMs: number, error: AppError | null = null): void {
    if (this.complete) return;
    this.complete = true;
    this.elapsedMs = elapsedMs;
    this.error = error;
    this.wake();
  }

  /** Ends a buffer that is still filling as truncated (released, or stopped to free memory). */
  stop(reason: string): void {
    if (this.complete) return;
    this.truncated = true;
    this.truncatedReason = reason;
    this.finish(this.elapsedMs);
  }

  /** Rows [offset, offset+limit) that are buffered now. */
  slice(offset: number, limit: number): SqlCell[][] {
    const out: SqlCell[][] = [];
    const end = Math.min(this.rowCount, offset + limit);
    for (let i = offset; i < end; i++) out.push(this.chunks[Math.floor(i / CHUNK)]![i % CHUNK]!);
    return out;
  }

  /** Resolves once `count` rows are buffered or the result is complete; rejects CANCELLED at once when `signal` aborts. */
  async waitFor(count: number, signal?: AbortSignal): Promise<void> {
    while (!this.complete && this.rowCount < count) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled');
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        this.waiters.push(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
  }

  private stopAt(reason: string): false {
    this.truncated = true;
    this.truncatedReason ??= reason;
    return false;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

function rowBytes(row: SqlCell[]): number {
  let n = 16 + row.length * 8;
  for (const c of row)
    if (typeof c === 'string') n += c.length * 2;
    else if (c && typeof c === 'object') n += c.hex.length * 2 + 16;
  return n;
}

/** Converts a driver value to a wire cell: Buffers become hex + length, objects (JSON columns) text. */
export function toCell(value: unknown): SqlCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Buffer.isBuffer(value)) return { hex: value.subarray(0, HEX_PREVIEW_BYTES).toString('hex'), bytes: value.length };
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

interface FieldLike {
  name: string;
  columnType?: number;
  type?: number;
  characterSet?: number;
}

function columnsOf(fields: readonly FieldLike[]): SqlColumn[] {
  return fields.map((f) => {
    const t = f.columnType ?? f.type ?? -1;
    return { name: f.name, type: typeNames.get(t) ?? String(t), binary: f.characterSet === BINARY_CHARSET };
  });
}

/** What one statement produced. */
export type StatementOutcome =
  | { kind: 'rows'; buffer: ResultBuffer; done: Promise<void> }
  | { kind: 'ok'; affectedRows: number; warnings: number; elapsedMs: number }
  | { kind: 'error'; error: AppError; elapsedMs: number };

/** The connection a statement streams on, and how the runner hears which statement is in flight. */
export interface StreamTarget {
  conn: PromiseConnection;
  watch: ConnectionWatch;
  /** Silence after which the connection is presumed cut. */
  answerWithinMs: number;
  /** Told the stop function of the statement in flight, and null once it ended. */
  onActive(stop: ((error: AppError | null) => void) | null): void;
}

/**
 * Streams one statement's answer, whatever it is: a result set into a buffer (first rows settle
 * the promise, `done` the rest), an OK packet as affected rows and warnings, the server's error,
 * or CONNECTION_LOST when the connection dies or stays silent past `answerWithinMs`. It does not
 * judge the statement: QueryRunner.run refuses writes before it gets here.
 */
export function streamStatement(target: StreamTarget, sql: string, limits: BufferLimits, started = performance.now()): Promise<StatementOutcome> {
  if (target.watch.lost) return Promise.resolve({ kind: 'error', error: target.watch.lost, elapsedMs: 0 });
  // The promise wrapper keeps the callback connection, whose query emits rows one by one.
  const raw = (target.conn as unknown as { connection: mysql.Connection }).connection;
  const elapsed = () => performance.now() - started;
  return new Promise<StatementOutcome>((resolve) => {
    let buffer: ResultBuffer | null = null;
    let settled = false;
    let ended = false;
    let lastPacket = performance.now();
    let finishDone: () => void = () => undefined;
    const done = new Promise<void>((r) => (finishDone = r));
    const settle = (outcome: StatementOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    // Every way a statement ends goes through here once: its last row, its error, a cap, a lost
    // connection, a silent one, a cancel that could not reach the server.
    const end = (error: AppError | null) => {
      if (ended) return;
      ended = true;
      clearTimeout(silence);
      unsubscribe();
      target.onActive(null);
      buffer?.finish(elapsed(), error);
      finishDone();
      settle(error ? { kind: 'error', error, elapsedMs: elapsed() } : { kind: 'ok', affectedRows: 0, warnings: 0, elapsedMs: elapsed() });
    };
    const abandon = (error: AppError | null) => {
      // The statement is still running or its state is unknown: this connection is not reused.
      target.watch.closingByUs();
      end(error);
      raw.destroy();
    };
    const checkSilence = () => {
      const quiet = performance.now() - lastPacket;
      if (quiet < target.answerWithinMs) {
        silence = setTimeout(checkSilence, target.answerWithinMs - quiet);
        return;
      }
      const error = connectionLost(target.watch.endpoint, `no answer within ${Math.round(target.answerWithinMs / 1000)} s; the connection was closed`);
      target.watch.lose(error);
      abandon(error);
    };
    let silence = setTimeout(checkSilence, target.answerWithinMs);
    const unsubscribe = target.watch.onLost((error) => end(error));
    target.onActive(abandon);
    const q = raw.query({ sql, rowsAsArray: true });
    q.on('fields', (fields: FieldLike[] | undefined) => {
      lastPacket = performance.now();
      // An OK packet (no result set) also emits `fields`, with nothing in it.
      if (!Array.isArray(fields) || buffer || ended) return;
      buffer = new ResultBuffer(columnsOf(fields), limits);
      settle({ kind: 'rows', buffer, done });
    });
    q.on('result', (row: unknown) => {
      if (ended) return;
      lastPacket = performance.now();
      if (Array.isArray(row)) {
        // A cap, the shared budget or a release stopped the buffer: stop the server and the socket.
        if (buffer && !buffer.push(row.map(toCell))) abandon(null);
      } else if (row && typeof row === 'object') {
        settle({ kind: 'ok', ...okCountsOf(row), elapsedMs: elapsed() });
      }
    });
    q.on('error', (err: unknown) => end(mapDriverError(err, target.watch.endpoint)));
    q.on('end', () => end(null));
  });
}

/** A read connection for editor runs, with the server thread id `KILL QUERY` needs. */
export class QueryRunner implements SqlReader {
  private constructor(
    private readonly conn: PromiseConnection,
    readonly flavor: Flavor,
    readonly threadId: number,
    private readonly cfg: ConnectionConfig,
    private readonly watch: ConnectionWatch,
    private readonly guard: ReadGuard,
  ) {}

  /** The statement's stream in flight, so a cancel that cannot reach the server can still end it. */
  private active: ((error: AppError | null) => void) | null = null;

  /** Silence after which a statement's connection is presumed cut (the server answers by its time limit). */
  private get answerWithinMs(): number {
    return this.cfg.readTimeoutMs + LOST_GRACE_MS;
  }

  /** Connects with the statement time limit set and the read guard installed; `database` overrides the default database. */
  static async open(cfg: ConnectionConfig, database?: string): Promise<QueryRunner> {
    const target = database ? { ...cfg, database } : cfg;
    const { conn, flavor, watch } = await connectMysql(target);
    let guard: ReadGuard;
    try {
      guard = await watch.guard(async () => {
        const limit = flavor.capabilities.statementTimeLimit;
        if (limit === 'max_execution_time') await conn.query('SET SESSION max_execution_time = ?', [cfg.readTimeoutMs]);
        if (limit === 'max_statement_time') await conn.query('SET SESSION max_statement_time = ?', [cfg.readTimeoutMs / 1000]);
        return ReadGuard.install(conn, flavor);
      }, cfg.readTimeoutMs + LOST_GRACE_MS);
    } catch (err) {
      await closeMysql(conn, watch);
      throw mapDriverError(err, endpointOf(cfg));
    }
    return new QueryRunner(conn, flavor, conn.threadId ?? 0, cfg, watch, guard);
  }

  /**
   * Starts one statement. Rows stream into a buffer; the returned `done` settles when the server
   * has sent the last row (or the cap stopped the read, which drops this connection).
   */
  async run(sql: string, limits: BufferLimits = DEFAULT_LIMITS): Promise<StatementOutcome> {
    const started = performance.now();
    try {
      await this.watch.guard(async () => this.guard.begin(await this.guard.admit(sql)), this.answerWithinMs);
    } catch (err) {
      return { kind: 'error', error: mapDriverError(err, endpointOf(this.cfg)), elapsedMs: 0 };
    }
    const outcome = await streamStatement(
      { conn: this.conn, watch: this.watch, answerWithinMs: this.answerWithinMs, onActive: (stop) => (this.active = stop) },
      sql,
      limits,
      started,
    );
    // The read-only transaction ends once the last row is in (or the statement failed), before the next statement.
    void (outcome.kind === 'rows' ? outcome.done : Promise.resolve())
      .then(() => (this.watch.lost ? undefined : this.watch.guard(() => this.guard.end(), this.answerWithinMs)))
      .catch(() => undefined);
    return outcome;
  }

  /**
   * Runs an EXPLAIN (a read) and returns the text of its first column, optionally with
   * `explain_json_format_version` set for this one statement (MySQL 8.3+:
   * https://dev.mysql.com/doc/refman/9.0/en/server-system-variables.html#sysvar_explain_json_format_version).
   */
  async explainText(explainSql: string, jsonFormatVersion?: 1 | 2): Promise<string> {
    const within = this.answerWithinMs;
    try {
      const statement = await this.watch.guard(() => this.guard.admit(explainSql), within);
      if (jsonFormatVersion) await this.watch.guard(() => this.conn.query('SET SESSION explain_json_format_version = ?', [jsonFormatVersion]), within);
      const [result] = await this.watch.guard(() => this.guard.within(statement, () => this.conn.query({ sql: explainSql, rowsAsArray: true })), within);
      const out = readOutcomeOf<unknown[]>(result);
      if (out.kind === 'ok') {
        throw new AppError(
          'BAD_INPUT',
          `The statement returned no plan, only an OK packet (${out.affectedRows} row(s) affected, ${out.warnings} warning(s)): ${explainSql.slice(0, 80)}`,
        );
      }
      const first = out.rows[0]?.[0];
      return first == null ? '' : String(first);
    } finally {
      if (jsonFormatVersion && !this.watch.lost) {
        await this.watch.guard(() => this.conn.query('SET SESSION explain_json_format_version = DEFAULT'), within).catch(() => undefined);
      }
    }
  }

  /** Runs a read and returns its rows as objects (schema snapshots for the analyzer); an OK packet reads as no rows. */
  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const out = await this.read<T>(sql, params);
    return out.kind === 'rows' ? out.rows : [];
  }

  /** Runs a read and says what the server answered: rows, or an OK packet's affected-row and warning counts. */
  async read<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<ReadOutcome<T>> {
    // Parameters are bound first, so the guard judges the text the server receives.
    const text = params.length > 0 ? this.conn.format(sql, params as unknown[]) : sql;
    try {
      const [result] = await this.watch.guard(async () => {
        const statement = await this.guard.admit(text);
        return this.guard.within(statement, () => this.conn.query(text));
      }, this.answerWithinMs);
      return readOutcomeOf<T>(result);
    } catch (err) {
      throw mapDriverError(err, endpointOf(this.cfg));
    }
  }

  /** Stops the statement running on this connection with KILL QUERY from a second connection. */
  async killQuery(): Promise<void> {
    const { conn } = await connectMysql(this.cfg);
    try {
      // KILL takes no placeholders; the thread id is an integer from the handshake.
      await conn.query(`KILL QUERY ${Math.trunc(this.threadId)}`);
    } catch (err) {
      throw mapDriverError(err, endpointOf(this.cfg));
    } finally {
      conn.destroy();
    }
  }

  /**
   * Stops the running statement: KILL QUERY from a second connection, and when the server cannot
   * be reached for that, this connection is dropped so whatever waits on the statement ends with
   * the reason. Resolves either way.
   */
  async cancel(): Promise<void> {
    try {
      await this.killQuery();
    } catch (err) {
      const error = mapDriverError(err, this.watch.endpoint);
      this.active?.(new AppError(error.code, `Could not cancel on the server (${error.message}); the statement's connection was closed.`, error.details));
    }
  }

  /** Closes the connection: a statement still streaming is cut (its buffer keeps what arrived), a dead one is never waited on. */
  async close(): Promise<void> {
    if (this.active) {
      this.active(null);
      return;
    }
    await closeMysql(this.conn, this.watch);
  }
}

function endpointOf(cfg: ConnectionConfig) {
  return { host: cfg.host, port: cfg.port, socket: cfg.socket || undefined };
}
