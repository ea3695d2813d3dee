/**
 * The contract's building blocks: every call the renderer can make is declared once as
 * `{ input, output, kind }` (zod schemas). The dispatcher (both transports) and the
 * renderer's typed client are derived from these declarations; nothing else names a method.
 */
import { z } from 'zod';
import { errorCodes } from './errors';

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

// The typed error has no schema in it, so threads that only throw or check it need not load zod.
export { AppError, errorCodes, type ErrorCode, type ErrorEnvelope } from './errors';

/** The single error envelope both transports send. */
export const errorEnvelope = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
});

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
