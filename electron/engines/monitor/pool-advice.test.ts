import { describe, expect, it } from 'vitest';
import { advisePool, type PoolInput } from './pool-advice';

const input: PoolInput = {
  pool: { instances: 4, poolSize: 20, maxOverflow: 30, poolRecycleSec: 3600, prePing: true },
  cores: 8,
  disks: 1,
  maxConnections: 151,
  maxUsedConnections: 40,
  waitTimeoutSec: 28_800,
  connectedPeak: 35,
  runningPeak: 6,
  abortedClientsPerMin: 0,
  abortedConnectsPerMin: 0,
};
const item = (items: ReturnType<typeof advisePool>, setting: string) => items.find((i) => i.setting === setting)!;

describe('advisePool', () => {
  it("sizes the pool with the document's formula across the app instances and shows the numbers", () => {
    const items = advisePool(input);
    expect(item(items, 'pool_size')).toMatchObject({ recommended: '5', formula: 'ceil((cores × 2 + disks) / instances) = ceil((8 × 2 + 1) / 4) = 5' });
    expect(item(items, 'max_overflow').recommended).toBe('8');
  });

  it('warns when the declared pools can open more connections than max_connections', () => {
    const mc = item(advisePool(input), 'max_connections (server)');
    expect(mc.severity).toBe('warning');
    expect(mc.why).toContain('200 connections');
  });

  it('wants pool_recycle under wait_timeout and pre-ping when the server drops clients', () => {
    const items = advisePool({ ...input, waitTimeoutSec: 600, pool: { ...input.pool, prePing: false }, abortedClientsPerMin: 2 });
    expect(item(items, 'pool_recycle')).toMatchObject({ recommended: '540 s', severity: 'warning' });
    expect(item(items, 'pool_pre_ping')).toMatchObject({ recommended: 'true', severity: 'warning' });
  });

  it('flags failed connection attempts', () => {
    expect(item(advisePool({ ...input, abortedConnectsPerMin: 3 }), 'Aborted_connects (server)').severity).toBe('warning');
  });
});
