import { describe, expect, it } from 'vitest';
import { slowLogConfigRule } from './slow-log-config.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('slow-log-config on %s', (name) => {
  it('accepts the captured capture setting (on, long_query_time = 0)', () => {
    expect(slowLogConfigRule.check(fixtureInput(name))).toBeNull();
  });

  it('turns the log on and brings the threshold to the 200 ms SLO', () => {
    const f = slowLogConfigRule.check(fixtureInput(name, { variables: { slow_query_log: 'OFF', long_query_time: '10.000000' } }))!;
    expect(f.changes.map((c) => [c.name, c.recommended])).toEqual([
      ['slow_query_log', 'ON'],
      ['long_query_time', '0.2'],
    ]);
  });
});
