/**
 * Opening a MySQL-family connection with the saved settings (TLS modes as the mysql client
 * names them) and detecting its flavor. Shared by the read session and the executor's writer.
 */
import type { Socket } from 'node:net';
import mysql from 'mysql2/promise';
import type { Flavor } from '../../shared/contract/connections';
import { detectSqlFlavor } from '../engines/flavor/dialect';
import type { ConnectionConfig } from '../store/connections.repo';
import { AppError } from '../../shared/contract/core';
import { connectionLost, mapDriverError, type Endpoint } from './errors';
import { probeGreeting } from './greeting-probe';

/** An open driver connection with its flavor and the watch that knows when it dies. */
export interface OpenMysql {
  conn: mysql.Connection;
  flavor: Flavor;
  watch: ConnectionWatch;
}

/**
 * Seconds of silence past the statement time limit after which a connection is presumed cut: a
 * live server answers by the limit with its own timeout error, so only a dead link stays silent.
 */
export const LOST_GRACE_MS = 2000;

/**
 * Knows when a driver connection dies and makes every call on it settle. mysql2 hands a dropped
 * socket only to a command that has a callback and otherwise emits `error` on the connection (an
 * uncaught exception when nobody listens), and a command queued after the socket closed is
 * written to a destroyed stream and never answered. The watch listens for both, records the
 * typed CONNECTION_LOST error, tells subscribers (a streaming read), and `guard` refuses to start
 * a call on a dead connection and ends one that outlives the time limit.
 */
export class ConnectionWatch {
  /** The error that ended the connection, or null while it is alive. */
  lost: AppError | null = null;
  private closing = false;
  private readonly listeners = new Set<(err: AppError) => void>();

  constructor(
    private readonly conn: mysql.Connection,
    readonly endpoint: Endpoint,
  ) {
    conn.on('error', (err: unknown) => this.lose(mapDriverError(err, endpoint)));
    const stream = (conn as unknown as { connection: { stream?: Socket } }).connection.stream;
    stream?.on('close', () => this.lose(connectionLost(endpoint, 'the server closed the connection')));
  }

  /** Calls `fn` once the connection dies (at once if it already has); returns the unsubscribe. */
  onLost(fn: (err: AppError) => void): () => void {
    if (this.lost) {
      fn(this.lost);
      return () => undefined;
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Marks a close the app asked for, so it is not reported as a loss. */
  closingByUs(): void {
    this.closing = true;
  }

  /**
   * Runs one driver call: refused at once on a dead connection, rejected with CONNECTION_LOST when
   * the connection dies meanwhile, and when nothing came back `timeoutMs` after it started (the
   * connection is then destroyed, since its protocol state is unknown); null waits as long as the
   * connection lives (a plan step may run for hours).
   */
  async guard<T>(call: () => Promise<T>, timeoutMs: number | null): Promise<T> {
    if (this.lost) throw this.lost;
    let timer: NodeJS.Timeout | undefined;
    let unsubscribe: () => void = () => undefined;
    const ended = new Promise<never>((_, reject) => {
      unsubscribe = this.onLost(reject);
      if (timeoutMs === null) return;
      timer = setTimeout(() => {
        const err = connectionLost(this.endpoint, `no answer within ${Math.round(timeoutMs / 1000)} s; the connection was closed`);
        this.lose(err);
        this.conn.destroy();
      }, timeoutMs);
    });
    try {
      return await Promise.race([call(), ended]);
    } catch (err) {
      throw mapDriverError(err, this.endpoint);
    } finally {
      clearTimeout(timer);
      unsubscribe();
    }
  }

  /** Records the loss once (not when the app closed the connection itself) and tells subscribers. */
  lose(err: AppError): void {
    if (this.lost) return;
    this.lost = this.closing ? connectionLost(this.endpoint, 'the connection was closed') : err;
    const fns = [...this.listeners];
    this.listeners.clear();
    for (const fn of fns) fn(this.lost);
  }
}

const CONNECT_TIMEOUT_MS = 10_000;

function sslOptions(tls: ConnectionConfig['tls']): mysql.SslOptions | undefined {
  switch (tls.mode) {
    case 'disabled':
      return undefined;
    case 'preferred':
    case 'required':
      return { rejectUnauthorized: false, ca: tls.ca, cert: tls.cert, key: tls.key };
    case 'verify-ca':
      // Verify the chain but not the host name (mysql's --ssl-mode=VERIFY_CA).
      return { rejectUnauthorized: true, ca: tls.ca, cert: tls.cert, key: tls.key, checkServerIdentity: () => undefined } as mysql.SslOptions;
    case 'verify-full':
      return { rejectUnauthorized: true, ca: tls.ca, cert: tls.cert, key: tls.key };
  }
}

async function connectOnce(cfg: ConnectionConfig, ssl: mysql.SslOptions | undefined): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: cfg.socket ? undefined : cfg.host,
    port: cfg.socket ? undefined : cfg.port,
    socketPath: cfg.socket || undefined,
    user: cfg.user,
    password: cfg.password,
    database: cfg.database || undefined,
    ssl,
    connectTimeout: CONNECT_TIMEOUT_MS,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    multipleStatements: false,
    enableKeepAlive: true,
  });
}

/** How long a TCP connect may hang before the port is probed for what answers on it. */
const PROBE_AFTER_MS = 1500;

/**
 * The driver's connection, unless it hangs and the port turns out not to be a MySQL server (a
 * Redis or HTTP port): then a clear error in about three seconds instead of the 10 s timeout.
 */
async function unlessNotMysql(pending: Promise<mysql.Connection>, cfg: ConnectionConfig): Promise<mysql.Connection> {
  let timer: NodeJS.Timeout | undefined;
  const suspicion = new Promise<'not-mysql-checked'>((resolve) => (timer = setTimeout(() => resolve('not-mysql-checked'), PROBE_AFTER_MS)));
  const first = await Promise.race([pending, suspicion]).finally(() => clearTimeout(timer));
  if (first !== 'not-mysql-checked') return first;
  const probe = await Promise.race([probeGreeting(cfg.host, cfg.port), pending.then(() => null)]);
  if (probe === null || probe.kind !== 'other') return pending;
  // Not MySQL: drop the driver's attempt, whenever it ends.
  pending.then((c) => c.destroy()).catch(() => undefined);
  const what = probe.service ? `it answers like ${probe.service}` : 'it sent no MySQL greeting';
  throw new AppError(
    'NOT_MYSQL',
    `${cfg.host}:${cfg.port} is not a MySQL or MariaDB server: ${what}. Check the port (MySQL/MariaDB usually listen on 3306), or add it as a Redis connection if it is one.`,
    { firstBytes: probe.firstBytes },
  );
}

/** Connects (falling back to plain only in `preferred` mode when the server has no TLS) and detects the flavor. */
export async function connectMysql(cfg: ConnectionConfig): Promise<OpenMysql> {
  const endpoint = { host: cfg.host, port: cfg.port, socket: cfg.socket || undefined };
  let conn: mysql.Connection | undefined;
  try {
    try {
      const pending = connectOnce(cfg, cfg.socket ? undefined : sslOptions(cfg.tls));
      conn = cfg.socket ? await pending : await unlessNotMysql(pending, cfg);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (cfg.tls.mode === 'preferred' && code === 'HANDSHAKE_NO_SSL_SUPPORT') conn = await connectOnce(cfg, undefined);
      else throw err;
    }
    const open = conn;
    const watch = new ConnectionWatch(open, endpoint);
    const [rows] = await watch.guard(() => open.query('SELECT VERSION() AS version, @@version_comment AS comment'), CONNECT_TIMEOUT_MS);
    const row = (rows as Array<{ version: string; comment: string }>)[0]!;
    return { conn: open, flavor: detectSqlFlavor(row.version, row.comment ?? ''), watch };
  } catch (err) {
    conn?.destroy();
    throw mapDriverError(err, endpoint);
  }
}

/** How long a polite COM_QUIT may take before the socket is simply destroyed. */
const QUIT_MS = 1000;

/**
 * Closes a connection without ever waiting on a dead one: a lost connection is destroyed at once,
 * a live one gets COM_QUIT and is destroyed if the server does not answer within a second.
 */
export async function closeMysql(conn: mysql.Connection, watch: ConnectionWatch): Promise<void> {
  watch.closingByUs();
  if (watch.lost) {
    conn.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([conn.end(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('quit timed out')), QUIT_MS)))]);
  } catch {
    conn.destroy();
  } finally {
    clearTimeout(timer);
  }
}
