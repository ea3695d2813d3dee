import { describe, expect, it } from 'vitest';
import { sortMergePassesRule } from './sort-merge-passes.rule';
import { fixtureInput } from '../fixtures/snapshots';

describe('sort-merge-passes', () => {
  it('points at indexes first and proposes a modest buffer when it is small (MySQL, 256 KiB)', () => {
    const f = sortMergePassesRule.check(
      fixtureInput('mysql-9.7', {
        intervalSeconds: 10,
        status: { Sort_scan: 10_000, Sort_merge_passes: 5000 },
        rates: { Sort_scan: 50, Sort_range: 0, Sort_merge_passes: 25 },
      }),
    )!;
    expect(f.result.value).toBeCloseTo(0.5);
    expect(f.recommendation.text).toContain('index');
    expect(f.changes[0]).toMatchObject({ name: 'sort_buffer_size', recommended: String(512 * 1024) });
  });
  it('proposes no change when the buffer is already 2 MiB (MariaDB default)', () => {
    const f = sortMergePassesRule.check(
      fixtureInput('mariadb-10.11', { intervalSeconds: 10, status: { Sort_scan: 10_000 }, rates: { Sort_scan: 50, Sort_range: 0, Sort_merge_passes: 25 } }),
    )!;
    expect(f.changes).toEqual([]);
  });
  it('is quiet without merge passes', () => {
    expect(
      sortMergePassesRule.check(
        fixtureInput('mysql-9.7', { intervalSeconds: 10, status: { Sort_scan: 10_000 }, rates: { Sort_scan: 50, Sort_merge_passes: 0 } }),
      ),
    ).toBeNull();
  });
});
