import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, call } from '../../shared/contract/core';
import { Dispatcher, type Handlers } from './dispatcher';

const contract = {
  'demo.echo': call({ kind: 'query', summary: 'echo', input: z.object({ n: z.number().int() }), output: z.object({ n: z.number() }) }),
  'demo.slow': call({ kind: 'stream', summary: 'slow', input: z.object({}), output: z.object({ done: z.boolean() }) }),
  'demo.broken': call({ kind: 'query', summary: 'broken', input: z.object({}), output: z.object({ n: z.number() }) }),
  'demo.fails': call({ kind: 'query', summary: 'fails', input: z.object({}), output: z.object({}) }),
} as const;

function make() {
  const progress: unknown[] = [];
  const handlers: Handlers<typeof contract> = {
    'demo.echo': async ({ n }) => ({ n }),
    'demo.slow': (_input, ctx) =>
      new Promise((resolve, reject) => {
        ctx.progress({ phase: 'work', done: 1, total: 10, unit: 'steps' });
        ctx.signal.addEventListener('abort', () => reject(new AppError('CANCELLED', 'Cancelled')));
        setTimeout(() => resolve({ done: true }), 5_000);
      }),
    'demo.broken': async () => ({ n: 'not a number' }) as unknown as { n: number },
    'demo.fails': async () => {
      throw new AppError('AUTH_FAILED', 'Access denied');
    },
  };
  return { d: new Dispatcher(contract, handlers, (e) => progress.push(e)), progress };
}

describe('Dispatcher', () => {
  it('validates input and returns the handler result', async () => {
    const { d } = make();
    expect(await d.dispatch('demo.echo', { n: 3 }, 'a')).toEqual({ ok: true, result: { n: 3 } });
  });

  it('rejects a malformed payload with a VALIDATION error naming the field', async () => {
    const { d } = make();
    const r = await d.dispatch('demo.echo', { n: 'three' }, 'b');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toMatch(/n/);
      expect(r.error.details).toEqual([expect.objectContaining({ path: 'n' })]);
    }
  });

  it('rejects unknown methods, including prototype names', async () => {
    const { d } = make();
    for (const m of ['nope', '__proto__', 'constructor', 'toString']) {
      const r = await d.dispatch(m, {}, `u-${m}`);
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('passes typed errors through the envelope', async () => {
    const { d } = make();
    expect(await d.dispatch('demo.fails', {}, 'c')).toEqual({ ok: false, error: { code: 'AUTH_FAILED', message: 'Access denied' } });
  });

  it('refuses a handler result that breaks the output schema', async () => {
    const { d } = make();
    const r = await d.dispatch('demo.broken', {}, 'd');
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('streams progress with the request id and cancels on request', async () => {
    const { d, progress } = make();
    const running = d.dispatch('demo.slow', {}, 'e');
    await new Promise((r) => setTimeout(r, 10));
    expect(progress).toEqual([{ requestId: 'e', phase: 'work', done: 1, total: 10, unit: 'steps' }]);
    expect(d.cancel('e')).toBe(true);
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(d.cancel('e')).toBe(false);
  });
});
