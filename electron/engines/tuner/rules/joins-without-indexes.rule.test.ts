import { describe, expect, it } from 'vitest';
import { joinsWithoutIndexesRule } from './joins-without-indexes.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';
import { classFindings } from '../../slowlog/findings';

describe.each(fixtureNames)('joins-without-indexes on %s', (name) => {
  it('flags full joins in the window and points at the digest/index advisor, not join_buffer_size', () => {
    const f = joinsWithoutIndexesRule.check(
      fixtureInput(name, {
        intervalSeconds: 10,
        status: { Com_select: 100_000, Select_full_join: 500 },
        rates: { Com_select: 100, Select_full_join: 5, Select_range_check: 0 },
      }),
    )!;
    expect(f.result.value).toBeCloseTo(50);
    expect(f.severity).toBe('warning');
    expect(f.changes).toEqual([]);
    expect(f.recommendation.text).toMatch(/index advisor/);
    // It names a finding the digest really shows for Full_join events, not a filter that does not exist.
    expect(f.recommendation.text).not.toMatch(/filtered on/);
    const quoted = /"([^"]+)" finding/.exec(f.recommendation.text)?.[1];
    const cls = { checksum: 'X', count: 10, metrics: {}, bools: { Full_join: { cnt: 10, yes: 10, pctYes: 1 } }, nPlusOne: null, fingerprint: 'select' };
    const titles = classFindings(cls as unknown as Parameters<typeof classFindings>[0]).map((x) => x.title);
    expect(titles).toContain(quoted);
  });
  it('is quiet when no join scanned', () => {
    expect(
      joinsWithoutIndexesRule.check(
        fixtureInput(name, {
          intervalSeconds: 10,
          status: { Com_select: 100_000, Select_full_join: 0, Select_range_check: 0 },
          rates: { Com_select: 100, Select_full_join: 0, Select_range_check: 0 },
        }),
      ),
    ).toBeNull();
  });
});
