/**
 * Opening a MySQL-family connection with the saved settings (TLS modes as the mysql client
 * names them) and detecting its flavor. Shared by the read session and the executor's writer.
 */
import mysql from 'mysql2/promise';
import type { Flavor } from '../../shared/contract/connections';
import { detectSqlFlavor } from '../engines/flavor/flavor';
import type { ConnectionConfig } from '../store/connections.repo';
import { AppError } from '../../shared/contract/core';
import { mapDriverError } from './errors';
import { probeGreeting } from './greeting-probe';

/** An open driver connection with its flavor. */
export interface OpenMysql {
  conn: mysql.Connection;
  flavor: Flavor;
}

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
    connectTimeout: 10_000,
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
  let conn: mysql.Connection;
  try {
    try {
      const pending = connectOnce(cfg, cfg.socket ? undefined : sslOptions(cfg.tls));
      conn = cfg.socket ? await pending : await unlessNotMysql(pending, cfg);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (cfg.tls.mode === 'preferred' && code === 'HANDSHAKE_NO_SSL_SUPPORT') conn = await connectOnce(cfg, undefined);
      else throw err;
    }
    const [rows] = await conn.query('SELECT VERSION() AS version, @@version_comment AS comment');
    const row = (rows as Array<{ version: string; comment: string }>)[0]!;
    return { conn, flavor: detectSqlFlavor(row.version, row.comment ?? '') };
  } catch (err) {
    throw mapDriverError(err, endpoint);
  }
}
