/**
 * The contract's building blocks: every call the renderer can make is declared once as
 * `{ input, output, kind }` (zod schemas). The dispatcher (both transports) and the
 * renderer's typed client are derived from these declarations; nothing else names a method.
 */
import { z } from 'zod';

/** How a call behaves: a read, a change, or long work that streams progress and can be cancelled. */
export type CallKind = 'query' | 'mutation' | 'stream';

/** One declared call. */
export interface CallDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly kind: CallKind;
  /** One line for humans (the CLI and docs list it). */
  readonly summary: string;
}

/** Declares a call; keeps the literal types so clients stay typed. */
export function call<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; kind: CallKind; summary: string }): CallDef<I, O> {
  return def;
}

/** A map of method name → declaration. */
export type Contract = Record<string, CallDef>;

/** Input type of a method. */
export type InputOf<C extends Contract, M extends keyof C> = z.input<C[M]['input']>;
/** Output type of a method. */
export type OutputOf<C extends Contract, M extends keyof C> = z.output<C[M]['output']>;

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

/** The single error envelope both transports send. */
export const errorEnvelope = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
});
/** Wire form of an error. */
export type ErrorEnvelope = z.infer<typeof errorEnvelope>;

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
    const parsed = errorEnvelope.safeParse(value);
    if (!parsed.success) return new AppError('INTERNAL', 'Malformed error from the host');
    return new AppError(parsed.data.code, parsed.data.message, parsed.data.details);
  }
}

/** A progress event of a stream call, published on the `progress` topic. */
export const progressEvent = z.object({
  requestId: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  unit: z.enum(['bytes', 'events', 'steps', 'rows', 'keys']),
  message: z.string().optional(),
});
/** Progress of one running request. */
export type ProgressEvent = z.infer<typeof progressEvent>;

/** Topics a client can subscribe to. */
export const topics = ['progress'] as const;
/** One topic. */
export type Topic = (typeof topics)[number];
