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
import { mapDriverError } from '../errors';
import { connectMysql } from '../mysql-connect';
import { ReadGuard } from '../read-guard';
import type { SqlReader } from '../sql-reader';

/** Caps of one buffered result. */
export interface BufferLimits {
  maxRows: number;
  maxBytes: number;
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
  elapsedMs = 0;
  error: AppError | null = null;
  private waiters: Array<() => void> = [];

  constructor(
    readonly columns: SqlColumn[],
    private readonly limits: BufferLimits,
  ) {}

  /** Appends a row; false once a cap is reached (the caller stops reading). */
  push(row: SqlCell[]): boolean {
    if (this.rowCount >= this.limits.maxRows || this.bytes >= this.limits.maxBytes) {
      this.truncated = true;
      return false;
    }
    const last = this.chunks[this.chunks.length - 1];
    if (!last || last.length === CHUNK) this.chunks.push([row]);
    else last.push(row);
    this.rowCount++;
    this.bytes += rowBytes(row);
    if (this.waiters.length) this.wake();
    return true;
  }

  /** Marks the end of the rows (or the error that ended them). */
  finish(elapsedMs: number, error: AppError | null = null): void {
    this.complete = true;
    this.elapsedMs = elapsedMs;
    this.error = error;
    this.wake();
  }

  /** Rows [offset, offset+limit) that are buffered now. */
  slice(offset: number, limit: number): SqlCell[][] {
    const out: SqlCell[][] = [];
    const end = Math.min(this.rowCount, offset + limit);
    for (let i = offset; i < end; i++) out.push(this.chunks[Math.floor(i / CHUNK)]![i % CHUNK]!);
    return out;
  }

  /** Resolves once `count` rows are buffered or the result is complete. */
  async waitFor(count: number, signal?: AbortSignal): Promise<void> {
    while (!this.complete && this.rowCount < count) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
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
  | { kind: 'ok'; affectedRows: number; elapsedMs: number }
  | { kind: 'error'; error: AppError; elapsedMs: number };

/** A read connection for editor runs, with the server thread id `KILL QUERY` needs. */
export class QueryRunner implements SqlReader {
  private constructor(
    private readonly conn: PromiseConnection,
    readonly flavor: Flavor,
    readonly threadId: number,
    private readonly cfg: ConnectionConfig,
    private readonly guard: ReadGuard,
  ) {}

  /** Connects with the statement time limit set and the read guard installed; `database` overrides the default database. */
  static async open(cfg: ConnectionConfig, database?: string): Promise<QueryRunner> {
    const target = database ? { ...cfg, database } : cfg;
    const { conn, flavor } = await connectMysql(target);
    let guard: ReadGuard;
    try {
      const limit = flavor.capabilities.statementTimeLimit;
      if (limit === 'max_execution_time') await conn.query('SET SESSION max_execution_time = ?', [cfg.readTimeoutMs]);
      if (limit === 'max_statement_time') await conn.query('SET SESSION max_statement_time = ?', [cfg.readTimeoutMs / 1000]);
      guard = await ReadGuard.install(conn, flavor);
    } catch (err) {
      conn.destroy();
      throw mapDriverError(err, endpointOf(cfg));
    }
    return new QueryRunner(conn, flavor, conn.threadId ?? 0, cfg, guard);
  }

  /**
   * Starts one statement. Rows stream into a buffer; the returned `done` settles when the server
   * has sent the last row (or the cap stopped the read, which drops this connection).
   */
  async run(sql: string, limits: BufferLimits = DEFAULT_LIMITS): Promise<StatementOutcome> {
    const started = performance.now();
    try {
      await this.guard.begin(await this.guard.admit(sql));
    } catch (err) {
      return { kind: 'error', error: mapDriverError(err, endpointOf(this.cfg)), elapsedMs: 0 };
    }
    const outcome = await this.stream(sql, limits, started);
    // The read-only transaction ends once the last row is in (or the statement failed), before the next statement.
    void (outcome.kind === 'rows' ? outcome.done : Promise.resolve()).then(() => this.guard.end());
    return outcome;
  }

  private stream(sql: string, limits: BufferLimits, started: number): Promise<StatementOutcome> {
    // The promise wrapper keeps the callback connection, whose query emits rows one by one.
    const raw = (this.conn as unknown as { connection: mysql.Connection }).connection;
    return new Promise<StatementOutcome>((resolve) => {
      let buffer: ResultBuffer | null = null;
      let settled = false;
      let stopped = false;
      let finishDone: () => void = () => undefined;
      const done = new Promise<void>((r) => (finishDone = r));
      const q = raw.query({ sql, rowsAsArray: true });
      q.on('fields', (fields: FieldLike[]) => {
        if (buffer || settled) return;
        buffer = new ResultBuffer(columnsOf(fields), limits);
        settled = true;
        resolve({ kind: 'rows', buffer, done });
      });
      q.on('result', (row: unknown) => {
        if (stopped) return;
        if (Array.isArray(row) && buffer) {
          if (!buffer.push(row.map(toCell))) {
            // Cap reached: stop the server and the socket; this connection is not reused.
            stopped = true;
            buffer.finish(performance.now() - started);
            finishDone();
            raw.destroy();
          }
        } else if (!settled && row && typeof row === 'object') {
          settled = true;
          resolve({ kind: 'ok', affectedRows: Number((row as { affectedRows?: number }).affectedRows ?? 0), elapsedMs: performance.now() - started });
        }
      });
      q.on('error', (err: unknown) => {
        const error = mapDriverError(err, endpointOf(this.cfg));
        if (buffer) {
          if (!stopped) buffer.finish(performance.now() - started, error);
          stopped = true;
          finishDone();
        } else if (!settled) {
          settled = true;
          resolve({ kind: 'error', error, elapsedMs: performance.now() - started });
        }
      });
      q.on('end', () => {
        if (buffer && !stopped) {
          stopped = true;
          buffer.finish(performance.now() - started);
        }
        finishDone();
        if (!settled) {
          settled = true;
          resolve({ kind: 'ok', affectedRows: 0, elapsedMs: performance.now() - started });
        }
      });
    });
  }

  /**
   * Runs an EXPLAIN (a read) and returns the text of its first column, optionally with
   * `explain_json_format_version` set for this one statement (MySQL 8.3+:
   * https://dev.mysql.com/doc/refman/9.0/en/server-system-variables.html#sysvar_explain_json_format_version).
   */
  async explainText(explainSql: string, jsonFormatVersion?: 1 | 2): Promise<string> {
    try {
      const statement = await this.guard.admit(explainSql);
      if (jsonFormatVersion) await this.conn.query('SET SESSION explain_json_format_version = ?', [jsonFormatVersion]);
      const [rows] = await this.guard.within(statement, () => this.conn.query({ sql: explainSql, rowsAsArray: true }));
      const first = (rows as unknown[][])[0]?.[0];
      return first == null ? '' : String(first);
    } catch (err) {
      throw mapDriverError(err, endpointOf(this.cfg));
    } finally {
      if (jsonFormatVersion) await this.conn.query('SET SESSION explain_json_format_version = DEFAULT').catch(() => undefined);
    }
  }

  /** Runs a read and returns its rows as objects (schema snapshots for the analyzer). */
  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    // Parameters are bound first, so the guard judges the text the server receives.
    const text = params.length > 0 ? this.conn.format(sql, params as unknown[]) : sql;
    try {
      const statement = await this.guard.admit(text);
      const [rows] = await this.guard.within(statement, () => this.conn.query(text));
      return rows as T[];
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

  /** Closes the connection (a destroyed one is fine). */
  async close(): Promise<void> {
    try {
      await this.conn.end();
    } catch {
      this.conn.destroy();
    }
  }
}

function endpointOf(cfg: ConnectionConfig) {
  return { host: cfg.host, port: cfg.port, socket: cfg.socket || undefined };
}
