import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProgressEvent } from '../../../shared/contract/core';
import { progressSleep } from './tuner.service';

afterEach(() => {
  vi.useRealTimers();
});

describe('sampling sleep', () => {
  it('reports progress each second and resolves after the interval', async () => {
    vi.useFakeTimers();
    const events: Array<Omit<ProgressEvent, 'requestId'>> = [];
    const sleep = progressSleep({ signal: new AbortController().signal, progress: (e) => events.push(e) }, 'sampling');
    const done = sleep(3000);
    await vi.advanceTimersByTimeAsync(3000);
    await expect(done).resolves.toBeUndefined();
    expect(events.map((e) => e.done)).toEqual([0, 1, 2, 3]);
    expect(events.every((e) => e.total === 3 && e.phase === 'sampling')).toBe(true);
  });

  it('stops at once with CANCELLED when the request is cancelled', async () => {
    vi.useFakeTimers();
    const ctrl = new AbortController();
    const done = progressSleep({ signal: ctrl.signal, progress: () => undefined }, 'sampling')(60_000);
    await vi.advanceTimersByTimeAsync(1500);
    ctrl.abort();
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses to start when already cancelled', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(progressSleep({ signal: ctrl.signal, progress: () => undefined }, 'sampling')(1000)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
