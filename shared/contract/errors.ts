/**
 * The typed error and its codes, without the schema library: the digest worker and `dbw digest`
 * import only this (loading zod costs 120-180 ms of CPU per thread), and core.ts re-exports it,
 * so every other module keeps importing it from the contract as before.
 */

/** Error codes that may cross the boundary. A string union so clients can switch on them. */
export const errorCodes = [
  'VALIDATION',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'FORBIDDEN_ORIGIN',
  'NOT_FOUND',
  'CANCELLED',
  'TIMEOUT',
  'AUTH_FAILED',
  'UNREACHABLE',
  /** Something answers on the port, but it is not the kind of server the connection is for. */
  'NOT_MYSQL',
  'TLS_FAILED',
  'CONNECTION_LOST',
  'SERVER_ERROR',
  'CONFIRMATION_REQUIRED',
  'PLAN_CHANGED',
  'READ_ONLY',
  'BAD_INPUT',
  'TOO_LARGE',
  'UNSUPPORTED',
  'SECRET_UNREADABLE',
  'INTERNAL',
] as const;
/** One error code. */
export type ErrorCode = (typeof errorCodes)[number];

/** Wire form of an error (core.ts's `errorEnvelope` schema checks the same shape). */
export interface ErrorEnvelope {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** What `errorEnvelope.safeParse` accepts: an object with a known code and a string message. */
function isEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (errorCodes as readonly string[]).includes(v.code) && typeof v.message === 'string';
}

/** A typed error, thrown by handlers and revived by clients from the envelope. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The wire form. */
  toEnvelope(): ErrorEnvelope {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds a typed error from the wire form (unknown shapes become INTERNAL). */
  static fromEnvelope(value: unknown): AppError {
    if (!isEnvelope(value)) return new AppError('INTERNAL', 'Malformed error from the host');
    return new AppError(value.code, value.message, value.details);
  }
}
