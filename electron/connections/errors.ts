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

/** The server's words for a connection's target ("127.0.0.1:3307"). */
export interface Endpoint {
  host: string;
  port: number;
  socket?: string;
}

function where(e: Endpoint): string {
  return e.socket ? `socket ${e.socket}` : `${e.host}:${e.port}`;
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
  if (
    code === 'PROTOCOL_CONNECTION_LOST' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ER_SERVER_SHUTDOWN' ||
    /Connection lost|socket closed/i.test(msg)
  ) {
    return new AppError('CONNECTION_LOST', `The connection to ${where(endpoint)} was lost: ${msg}`, details);
  }
  if (code === 'ER_QUERY_TIMEOUT' || code === 'ER_STATEMENT_TIMEOUT' || e.errno === 3024 || e.errno === 1969 || code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
    return new AppError('TIMEOUT', `The statement hit the time limit: ${msg}`, details);
  }
  if (code === 'ER_BAD_DB_ERROR') return new AppError('NOT_FOUND', msg, details);
  if (e.errno !== undefined) return new AppError('SERVER_ERROR', `${code || 'Error'} (${e.errno}): ${msg}`, details);
  return new AppError('INTERNAL', msg, details);
}
