/**
 * Turns driver errors into the app's error codes with messages a DBA can act on: a wrong
 * password, an unreachable host and a TLS failure each say so plainly.
 */
import { AppError } from '../../shared/contract/core';

interface DriverError {
  code?: string;
  errno?: number;
  sqlState?: string;
  message?: string;
  fatal?: boolean;
}

const tlsCodes = new Set([
  'HANDSHAKE_SSL_ERROR',
  'HANDSHAKE_NO_SSL_SUPPORT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

// What a dropped connection looks like from mysql2 and node:net: the socket closed or reset, the
// server shutting down or killing the connection (1053, 1927 MariaDB, 4031 MySQL's idle
// disconnect), the client's "gone away"/"lost" errors (2006, 2013), and mysql2 refusing a command
// on a connection that already died ("Can't add new command when connection is in closed state").
const lostCodes = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  'CR_SERVER_LOST',
  'CR_SERVER_GONE_ERROR',
]);
const lostErrnos = new Set([1053, 1927, 2006, 2013, 4031]);

/** The server's words for a connection's target ("127.0.0.1:3307"). */
export interface Endpoint {
  host: string;
  port: number;
  socket?: string;
}

function where(e: Endpoint): string {
  return e.socket ? `socket ${e.socket}` : `${e.host}:${e.port}`;
}

/** The one CONNECTION_LOST error: names the server so a DBA knows which one to check. */
export function connectionLost(endpoint: Endpoint, why: string, details?: unknown): AppError {
  return new AppError('CONNECTION_LOST', `The connection to ${where(endpoint)} was lost: ${why}`, details);
}

/** Maps a mysql2 / node-redis / socket error to an AppError. */
export function mapDriverError(err: unknown, endpoint: Endpoint): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as DriverError;
  const code = e.code ?? '';
  const msg = e.message ?? String(err);
  const details = { code: code || undefined, errno: e.errno, sqlState: e.sqlState };
  if (code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR' || /WRONGPASS|NOAUTH|invalid username-password/i.test(msg)) {
    return new AppError('AUTH_FAILED', `Authentication failed at ${where(endpoint)}: ${msg}. Check the user name and password.`, details);
  }
  if (code === 'ECONNREFUSED')
    return new AppError(
      'UNREACHABLE',
      `Nothing is listening at ${where(endpoint)} (connection refused). Is the server running, and is the port right?`,
      details,
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new AppError('UNREACHABLE', `The host name ${endpoint.host} could not be resolved.`, details);
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new AppError('UNREACHABLE', `No answer from ${where(endpoint)} (${code}). Check the host, the port and any firewall in between.`, details);
  }
  if (code === 'ENOENT' && endpoint.socket) return new AppError('UNREACHABLE', `The socket ${endpoint.socket} does not exist.`, details);
  if (tlsCodes.has(code) || /ssl|tls|certificate/i.test(msg)) {
    return new AppError('TLS_FAILED', `TLS failed with ${where(endpoint)}: ${msg}. Check the TLS mode and the CA/certificate.`, details);
  }
  if (lostCodes.has(code) || (e.errno !== undefined && lostErrnos.has(e.errno)) || /Connection lost|socket closed|closed state|after fatal error/i.test(msg)) {
    return connectionLost(endpoint, msg, details);
  }
  if (code === 'ER_QUERY_TIMEOUT' || code === 'ER_STATEMENT_TIMEOUT' || e.errno === 3024 || e.errno === 1969 || code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
    return new AppError('TIMEOUT', `The statement hit the time limit: ${msg}`, details);
  }
  if (code === 'ER_BAD_DB_ERROR') return new AppError('NOT_FOUND', msg, details);
  if (e.errno !== undefined) return new AppError('SERVER_ERROR', `${code || 'Error'} (${e.errno}): ${msg}`, details);
  return new AppError('INTERNAL', msg, details);
}
