import { describe, expect, it } from 'vitest';
import { innodbBufferPoolHitRateRule } from './innodb-buffer-pool-hit-rate.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('innodb-buffer-pool-hit-rate on %s', (name) => {
  it('uses the sampled window when enough requests happened in it', () => {
    const input = fixtureInput(name, {
      intervalSeconds: 10,
      status: { Innodb_buffer_pool_reads: 1_000_000, Innodb_buffer_pool_read_requests: 10_000_000 },
      rates: { Innodb_buffer_pool_reads: 500, Innodb_buffer_pool_read_requests: 5000 },
      schemas: [{ schema: 'a', engine: 'InnoDB', tables: 1, dataBytes: 2 * 1024 ** 3, indexBytes: 0 }],
    });
    const f = innodbBufferPoolHitRateRule.check(input)!;
    expect(f.result.value).toBeCloseTo(0.9, 5);
    expect(f.inputs.find((i) => i.name === 'Innodb_buffer_pool_reads')!.source).toBe('status-delta');
    expect(f.severity).toBe('critical');
    expect(f.changes[0]!.name).toBe('innodb_buffer_pool_size');
  });

  it('falls back to lifetime values, saying so, when the window is idle', () => {
    const input = fixtureInput(name, {
      status: { Innodb_buffer_pool_reads: 5000, Innodb_buffer_pool_read_requests: 100_000 },
      rates: { Innodb_buffer_pool_reads: 0, Innodb_buffer_pool_read_requests: 0 },
    });
    const f = innodbBufferPoolHitRateRule.check(input)!;
    expect(f.inputs.find((i) => i.name === 'Innodb_buffer_pool_read_requests')!.source).toBe('status-lifetime');
    expect(f.message).toContain('since startup');
  });

  it('is quiet at a 99.9% hit rate', () => {
    const input = fixtureInput(name, { intervalSeconds: 10, rates: { Innodb_buffer_pool_reads: 1, Innodb_buffer_pool_read_requests: 1000 } });
    expect(innodbBufferPoolHitRateRule.check(input)).toBeNull();
  });
});
