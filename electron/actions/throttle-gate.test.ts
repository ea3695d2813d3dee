import { describe, expect, it } from 'vitest';
import type { GateReading } from '../engines/purge/purge-throttle';
import { waitForGate } from './throttle-gate';

const limits = { maxLagSeconds: 5, pauseThreadsRunning: Infinity, abortThreadsRunning: Infinity };

/** A lag reader that returns the given lags in turn (the last one for ever), counting its reads. */
function lags(...seq: Array<number | null>): { read: () => Promise<GateReading>; reads: () => number } {
  let n = 0;
  return {
    read: async () => ({ threadsRunning: null, replicaLags: [{ name: 'replica', lagSeconds: seq[Math.min(n++, seq.length - 1)]! }] }),
    reads: () => n,
  };
}

describe('the throttle gate (replica lag before each chunk)', () => {
  it('goes at once when the replica is within the limit', async () => {
    const r = lags(2);
    const waits: string[] = [];
    const out = await waitForGate({ read: r.read, limits, maxWaitMs: 5000, signal: new AbortController().signal, onWait: (m) => waits.push(m), pollMs: 10 });
    expect(out.end).toBe('go');
    expect(r.reads()).toBe(1);
    expect(waits).toEqual([]);
  });

  it('holds while the replica lags past the limit, then goes once it catches up, counting the time held as lag', async () => {
    const r = lags(30, 12, 6, 4);
    const waits: string[] = [];
    const out = await waitForGate({ read: r.read, limits, maxWaitMs: 5000, signal: new AbortController().signal, onWait: (m) => waits.push(m), pollMs: 20 });
    expect(out.end).toBe('go');
    expect(r.reads()).toBe(4);
    expect(waits).toEqual(['replica replica lags 30 s (limit 5 s)', 'replica replica lags 12 s (limit 5 s)', 'replica replica lags 6 s (limit 5 s)']);
    expect(out.waited.lagMs).toBeGreaterThanOrEqual(50);
    expect(out.waited.loadMs).toBe(0);
  });

  it('a replica that reports no lag (stopped) holds like a lagging one and stops the run when the wait runs out', async () => {
    const r = lags(null);
    const t0 = performance.now();
    const out = await waitForGate({ read: r.read, limits, maxWaitMs: 1000, signal: new AbortController().signal, onWait: () => undefined, pollMs: 50 });
    expect(out.end).toBe('gate-timeout');
    expect(out.end !== 'go' && out.message).toBe('Waited 1 s: replica replica reports no lag (stopped or unreadable)');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('stops promptly when the caller stops it during a hold', async () => {
    const r = lags(100);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    const t0 = performance.now();
    const out = await waitForGate({ read: r.read, limits, maxWaitMs: 60_000, signal: ctl.signal, onWait: () => undefined, pollMs: 5000 });
    expect(out.end).toBe('stopped');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('stops at once when the load reaches the abort threshold', async () => {
    const out = await waitForGate({
      read: async () => ({ threadsRunning: 80, replicaLags: [] }),
      limits: { maxLagSeconds: 5, pauseThreadsRunning: 20, abortThreadsRunning: 50 },
      maxWaitMs: 5000,
      signal: new AbortController().signal,
      onWait: () => undefined,
    });
    expect(out).toMatchObject({ end: 'critical-load', message: 'Threads_running 80 reached the abort threshold 50' });
  });
});
