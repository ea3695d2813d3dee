/**
 * The one dispatcher both transports (Electron IPC, the Node host's HTTP) call. It validates
 * the input with the method's zod schema, runs the handler with a cancellable context, checks the
 * output, and turns every failure into the error envelope. Callers are not trusted.
 */
import type { z } from 'zod';
import { AppError, type Contract, type ErrorEnvelope, type ProgressEvent } from '../../shared/contract/core';

/** What a handler gets besides its input. */
export interface CallContext {
  readonly requestId: string;
  readonly signal: AbortSignal;
  /** Publishes progress of this request (stream calls). */
  progress(event: Omit<ProgressEvent, 'requestId'>): void;
}

/** Handler map derived from a contract: one function per method. */
export type Handlers<C extends Contract> = {
  [M in keyof C]: (input: z.output<C[M]['input']>, ctx: CallContext) => Promise<z.input<C[M]['output']>>;
};

/** Result of a dispatch: never throws. */
export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ErrorEnvelope };

/** Where progress events go (the transport's subscription fan-out). */
export type ProgressSink = (event: ProgressEvent) => void;

/** Maps anything thrown into an AppError (unknown errors become INTERNAL with their message). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof Error && err.name === 'AbortError') return new AppError('CANCELLED', 'Cancelled');
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('INTERNAL', message);
}

/** A dispatcher over one contract and its handlers. */
export class Dispatcher<C extends Contract> {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly contract: C,
    private readonly handlers: Handlers<C>,
    private readonly onProgress: ProgressSink,
  ) {}

  /** Whether a method exists (transports reject unknown ones before reading a body). */
  has(method: string): method is Extract<keyof C, string> {
    return Object.prototype.hasOwnProperty.call(this.contract, method);
  }

  /** Validates, runs and checks one call. */
  async dispatch(method: string, payload: unknown, requestId: string): Promise<DispatchResult> {
    if (!this.has(method)) return { ok: false, error: new AppError('UNKNOWN_METHOD', `Unknown method: ${method}`).toEnvelope() };
    const def = this.contract[method]!;
    const parsed = def.input.safeParse(payload ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const first = issues[0];
      return {
        ok: false,
        error: new AppError('VALIDATION', `Invalid input for ${method}${first ? `: ${first.path || '(root)'} ${first.message}` : ''}`, issues).toEnvelope(),
      };
    }
    if (this.running.has(requestId)) return { ok: false, error: new AppError('VALIDATION', `Request id already running: ${requestId}`).toEnvelope() };
    const controller = new AbortController();
    this.running.set(requestId, controller);
    const ctx: CallContext = {
      requestId,
      signal: controller.signal,
      progress: (event) => this.onProgress({ ...event, requestId }),
    };
    try {
      const handler = this.handlers[method] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      const result = await handler(parsed.data, ctx);
      if (controller.signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
      const checked = def.output.safeParse(result);
      if (!checked.success) {
        const first = checked.error.issues[0];
        throw new AppError('INTERNAL', `Handler for ${method} returned a malformed result${first ? ` at ${first.path.join('.')}: ${first.message}` : ''}`);
      }
      return { ok: true, result: checked.data };
    } catch (err) {
      return { ok: false, error: toAppError(err).toEnvelope() };
    } finally {
      this.running.delete(requestId);
    }
  }

  /** Cancels a running request; false when it is not running (finished or unknown). */
  cancel(requestId: string): boolean {
    const c = this.running.get(requestId);
    if (!c) return false;
    c.abort();
    return true;
  }
}
