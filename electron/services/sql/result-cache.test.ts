import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/core';
import { DEFAULT_LIMITS, ResultBuffer } from '../../connections/collectors/query-runner.collector';
import { cacheLimitsFromEnv, ResultCache, type RunConnection } from './result-cache';

const KB = 1024;
const row = (i: number) => [i, 'x'.repeat(200)];

/** A run's connection that records being closed (the cache closes it when the run is dropped). */
function connection(): RunConnection & { closed: boolean } {
  const c = {
    closed: false,
    cancel: async () => undefined,
    close: async () => {
      c.closed = true;
    },
  };
  return c;
}

/** Opens a run with one buffer counting against the cache's budget, as sql-run does. */
function openRun(cache: ResultCache, runId: string) {
  const conn = connection();
  const run = cache.open(runId, conn);
  const buf = new ResultBuffer([{ name: 'n', type: 'LONG', binary: false }], { ...DEFAULT_LIMITS, budget: run.budget });
  run.results.set(`${runId}:0`, buf);
  return { run, buf, conn };
}

function fill(buf: ResultBuffer, max = 100_000): number {
  let n = 0;
  while (n < max && buf.push(row(n))) n++;
  return n;
}

describe('ResultCache byte budget', () => {
  it('stops a stream that would pass the budget as truncated, with the reason, and never holds more than the budget', () => {
    const cache = new ResultCache({ maxRuns: 10, maxBytes: 64 * KB });
    const { buf } = openRun(cache, 'a');
    const kept = fill(buf);
    expect(kept).toBeGreaterThan(50);
    expect(kept).toBeLessThan(1000);
    expect(buf.truncated).toBe(true);
    expect(buf.truncatedReason).toMatch(/at most 64 KiB of results/);
    expect(cache.usedBytes).toBeLessThanOrEqual(64 * KB);
    expect(cache.usedBytes).toBe(buf.bytes);
  });

  it('evicts the least recently used idle run before refusing a streaming one, and never a run still streaming', () => {
    const cache = new ResultCache({ maxRuns: 10, maxBytes: 64 * KB });
    const old = openRun(cache, 'old');
    fill(old.buf, 100);
    old.buf.finish(1);
    old.run.runner = null; // done streaming: idle
    const other = openRun(cache, 'other'); // still streaming
    fill(other.buf, 100);
    const fresh = openRun(cache, 'fresh');
    fill(fresh.buf);
    expect(() => cache.buffer('old:0')).toThrow(AppError);
    expect(cache.buffer('other:0')).toBe(other.buf);
    expect(other.buf.truncated).toBe(false);
    expect(fresh.buf.truncated).toBe(true);
    expect(cache.usedBytes).toBeLessThanOrEqual(64 * KB);
    // The streaming run is refused too once it asks for more.
    expect(other.buf.push(row(1))).toBe(false);
    expect(other.buf.truncatedReason).toMatch(/results still streaming fill it/);
  });

  it('gives the bytes back when a run is released, and releasing wakes a page read waiting on it', async () => {
    const cache = new ResultCache({ maxRuns: 10, maxBytes: 64 * KB });
    const { buf, conn } = openRun(cache, 'r');
    fill(buf, 10);
    const waiting = buf.waitFor(1000);
    expect(cache.drop('r')).toBe(1);
    await waiting;
    expect(buf.complete).toBe(true);
    expect(buf.truncatedReason).toBe('This result was released.');
    expect(conn.closed).toBe(true);
    expect(cache.usedBytes).toBe(0);
    expect(buf.push(row(0))).toBe(false);
  });
});

describe('ResultBuffer.waitFor', () => {
  it('rejects CANCELLED as soon as the request is cancelled, with no row arriving', async () => {
    const buf = new ResultBuffer([], DEFAULT_LIMITS);
    const ac = new AbortController();
    const waiting = buf.waitFor(10, ac.signal);
    setTimeout(() => ac.abort(), 20);
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('resolves when the rows end with an error, so the caller can report it', async () => {
    const buf = new ResultBuffer([], DEFAULT_LIMITS);
    const waiting = buf.waitFor(10);
    buf.finish(5, new AppError('CONNECTION_LOST', 'The connection to 127.0.0.1:3307 was lost'));
    await waiting;
    expect(buf.error?.code).toBe('CONNECTION_LOST');
  });
});

describe('cacheLimitsFromEnv', () => {
  it('reads DBW_RESULT_CACHE_MB and refuses a value that is not a positive number', () => {
    expect(cacheLimitsFromEnv({}).maxBytes).toBe(512 * 1024 * 1024);
    expect(cacheLimitsFromEnv({ DBW_RESULT_CACHE_MB: '64' }).maxBytes).toBe(64 * 1024 * 1024);
    expect(() => cacheLimitsFromEnv({ DBW_RESULT_CACHE_MB: 'lots' })).toThrow(/positive number/);
    expect(() => cacheLimitsFromEnv({ DBW_RESULT_CACHE_MB: '-1' })).toThrow(/positive number/);
  });
});
