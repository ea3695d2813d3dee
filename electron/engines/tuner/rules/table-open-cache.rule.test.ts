import { describe, expect, it } from 'vitest';
import { tableOpenCacheRule } from './table-open-cache.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('table-open-cache on %s', (name) => {
  it('flags a full cache that keeps opening tables and doubles it within open_files_limit', () => {
    const f = tableOpenCacheRule.check(
      fixtureInput(name, {
        intervalSeconds: 10,
        variables: { table_open_cache: 400, open_files_limit: 5000 },
        status: { Open_tables: 400, Opened_tables: 90_000 },
        rates: { Opened_tables: 30 },
      }),
    )!;
    expect(f.result.value).toBe(30);
    expect(f.changes[0]).toMatchObject({ name: 'table_open_cache', recommended: '800' });
  });
  it('is quiet when the cache has room', () => {
    expect(
      tableOpenCacheRule.check(
        fixtureInput(name, { intervalSeconds: 10, variables: { table_open_cache: 4000 }, status: { Open_tables: 100 }, rates: { Opened_tables: 30 } }),
      ),
    ).toBeNull();
  });
});
