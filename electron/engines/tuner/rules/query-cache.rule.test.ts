import { describe, expect, it } from 'vitest';
import { queryCacheRule } from './query-cache.rule';
import { fixtureInput } from '../fixtures/snapshots';

describe('query-cache', () => {
  it('does not apply to MySQL 9.7 (no query cache since 8.0)', () => {
    expect(queryCacheRule.measure(fixtureInput('mysql-9.7'))).toBeNull();
  });
  it('is quiet on MariaDB with query_cache_type = OFF (captured)', () => {
    expect(queryCacheRule.check(fixtureInput('mariadb-10.11'))).toBeNull();
  });
  it('recommends turning it off on MariaDB when on, with the Qcache counters as evidence', () => {
    const f = queryCacheRule.check(
      fixtureInput('mariadb-10.11', { variables: { query_cache_type: 'ON', query_cache_size: 268435456 }, status: { Qcache_hits: 100, Qcache_inserts: 900 } }),
    )!;
    expect(f.result.value).toBeCloseTo(0.1);
    expect(f.changes.map((c) => [c.name, c.recommended])).toEqual([
      ['query_cache_type', 'OFF'],
      ['query_cache_size', '0'],
    ]);
  });
});
