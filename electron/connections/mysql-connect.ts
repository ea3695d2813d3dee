/**
 * Opening a MySQL-family connection with the saved settings (TLS modes as the mysql client
 * names them) and detecting its flavor. Shared by the read session and the executor's writer.
 */
import mysql from 'mysql2/promise';
import type { Flavor } from '../../shared/contract/connections';
import { detectSqlFlavor } from '../engines/flavor/flavor';
import type { ConnectionConfig } from '../store/connections.repo';
import { mapDriverError } from './errors';

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

/** Connects (falling back to plain only in `preferred` mode when the server has no TLS) and detects the flavor. */
export async function connectMysql(cfg: ConnectionConfig): Promise<OpenMysql> {
  const endpoint = { host: cfg.host, port: cfg.port, socket: cfg.socket || undefined };
  let conn: mysql.Connection;
  try {
    try {
      conn = await connectOnce(cfg, cfg.socket ? undefined : sslOptions(cfg.tls));
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
