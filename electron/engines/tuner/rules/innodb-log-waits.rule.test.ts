import { describe, expect, it } from 'vitest';
import { innodbLogWaitsRule } from './innodb-log-waits.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('innodb-log-waits on %s', (name) => {
  it('flags waits in the window and doubles the log buffer', () => {
    const f = innodbLogWaitsRule.check(
      fixtureInput(name, {
        intervalSeconds: 10,
        variables: { innodb_log_buffer_size: 16777216 },
        status: { Innodb_log_waits: 100 },
        rates: { Innodb_log_waits: 2 },
      }),
    )!;
    expect(f.result.value).toBe(20);
    expect(f.changes[0]).toMatchObject({ recommended: '33554432' });
  });
  it('is quiet with no waits in the window', () => {
    expect(innodbLogWaitsRule.check(fixtureInput(name, { intervalSeconds: 10, rates: { Innodb_log_waits: 0 } }))).toBeNull();
  });
});
