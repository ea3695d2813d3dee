import { describe, expect, it } from 'vitest';
import { threadCacheHitRateRule } from './thread-cache-hit-rate.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('thread-cache-hit-rate on %s', (name) => {
  it('flags thread_cache_size = 0 with connection churn in the window', () => {
    const input = fixtureInput(name, {
      intervalSeconds: 10,
      variables: { thread_cache_size: 0 },
      status: { Connections: 10_000, Threads_created: 9_000, Max_used_connections: 12 },
      rates: { Connections: 20, Threads_created: 20 },
    });
    const f = threadCacheHitRateRule.check(input)!;
    expect(f.result.value).toBe(0);
    expect(f.inputs.find((i) => i.name === 'Connections')!.source).toBe('status-delta');
    expect(f.changes[0]).toMatchObject({ name: 'thread_cache_size', recommended: '12', dynamic: true });
  });

  it('is quiet when new connections reuse cached threads', () => {
    const input = fixtureInput(name, { intervalSeconds: 10, variables: { thread_cache_size: 16 }, rates: { Connections: 20, Threads_created: 0 } });
    expect(threadCacheHitRateRule.check(input)).toBeNull();
  });
});
