import { describe, expect, it } from 'vitest';
import { observabilityRule } from './observability.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('observability on %s', (name) => {
  it('is quiet with performance_schema and sys (captured)', () => {
    expect(observabilityRule.check(fixtureInput(name))).toBeNull();
  });
  it('proposes performance_schema = ON as a restart-only change', () => {
    const f = observabilityRule.check(
      fixtureInput(name, { variables: { performance_schema: 'OFF' }, features: { performanceSchema: false, sysSchema: true } }),
    )!;
    expect(f.changes).toEqual([{ name: 'performance_schema', current: 'OFF', recommended: 'ON', dynamic: false }]);
  });
  it('reports a missing sys schema as info', () => {
    expect(observabilityRule.check(fixtureInput(name, { features: { performanceSchema: true, sysSchema: false } }))!.severity).toBe('info');
  });
});
