import { describe, expect, it } from 'vitest';
import { connectionsUsageRule } from './connections-usage.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('connections-usage on %s', (name) => {
  it('is quiet at low peak usage', () => {
    expect(connectionsUsageRule.check(fixtureInput(name, { status: { Max_used_connections: 10, Connection_errors_max_connections: 0 } }))).toBeNull();
  });

  it('flags a peak at 90% and proposes peak × 1.25', () => {
    const f = connectionsUsageRule.check(
      fixtureInput(name, { variables: { max_connections: 100 }, status: { Max_used_connections: 90, Connection_errors_max_connections: 0 } }),
    )!;
    expect(f.result.value).toBeCloseTo(0.9);
    expect(f.changes[0]).toMatchObject({ name: 'max_connections', recommended: '113' });
  });

  it('is critical once connections were refused', () => {
    const f = connectionsUsageRule.check(
      fixtureInput(name, { variables: { max_connections: 100 }, status: { Max_used_connections: 101, Connection_errors_max_connections: 7 } }),
    )!;
    expect(f.severity).toBe('critical');
  });
});
