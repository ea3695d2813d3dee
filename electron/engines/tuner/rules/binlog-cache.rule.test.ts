import { describe, expect, it } from 'vitest';
import { binlogCacheRule } from './binlog-cache.rule';
import { fixtureInput } from '../fixtures/snapshots';

describe('binlog-cache', () => {
  it('flags a high spill share on MariaDB (binlog on) and raises the cache 4×', () => {
    const f = binlogCacheRule.check(
      fixtureInput('mariadb-10.11', {
        intervalSeconds: 10,
        status: { Binlog_cache_use: 5000, Binlog_cache_disk_use: 2000 },
        rates: { Binlog_cache_use: 20, Binlog_cache_disk_use: 10 },
      }),
    )!;
    expect(f.result.value).toBeCloseTo(0.5);
    expect(f.changes[0]).toMatchObject({ name: 'binlog_cache_size', current: '32768', recommended: '131072', dynamic: true });
  });
  it('does not measure with the binary log off (captured MySQL 9.7)', () => {
    expect(binlogCacheRule.measure(fixtureInput('mysql-9.7'))).toBeNull();
  });
  it('is quiet with rare spills', () => {
    expect(
      binlogCacheRule.check(
        fixtureInput('mariadb-10.11', { intervalSeconds: 10, status: { Binlog_cache_use: 5000 }, rates: { Binlog_cache_use: 20, Binlog_cache_disk_use: 0 } }),
      ),
    ).toBeNull();
  });
});
