import { describe, expect, it } from 'vitest';
import { connectionsAbortedRule } from './connections-aborted.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('connections-aborted on %s', (name) => {
  it('flags 20% aborted connects in the window, with no variable change', () => {
    const f = connectionsAbortedRule.check(
      fixtureInput(name, { intervalSeconds: 10, status: { Connections: 10_000, Aborted_connects: 3000 }, rates: { Connections: 50, Aborted_connects: 10 } }),
    )!;
    expect(f.result.value).toBeCloseTo(0.2);
    expect(f.changes).toEqual([]);
  });
  it('is quiet with few failures', () => {
    expect(
      connectionsAbortedRule.check(
        fixtureInput(name, { intervalSeconds: 10, status: { Connections: 10_000, Aborted_connects: 1 }, rates: { Connections: 50, Aborted_connects: 0 } }),
      ),
    ).toBeNull();
  });
});
