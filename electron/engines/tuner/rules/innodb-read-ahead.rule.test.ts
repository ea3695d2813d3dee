import { describe, expect, it } from 'vitest';
import { innodbReadAheadRule } from './innodb-read-ahead.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('innodb-read-ahead on %s', (name) => {
  it('flags 50% of read-ahead pages evicted unused in the window', () => {
    const f = innodbReadAheadRule.check(
      fixtureInput(name, {
        intervalSeconds: 10,
        status: { Innodb_buffer_pool_read_ahead: 50_000, Innodb_buffer_pool_read_ahead_evicted: 20_000 },
        rates: { Innodb_buffer_pool_read_ahead: 200, Innodb_buffer_pool_read_ahead_evicted: 100 },
      }),
    )!;
    expect(f.result.value).toBeCloseTo(0.5);
    expect(f.changes[0]).toMatchObject({ name: 'innodb_read_ahead_threshold', current: '56', recommended: '64' });
  });
  it('is quiet with efficient read-ahead or too little of it', () => {
    expect(
      innodbReadAheadRule.check(
        fixtureInput(name, {
          intervalSeconds: 10,
          status: { Innodb_buffer_pool_read_ahead: 50_000 },
          rates: { Innodb_buffer_pool_read_ahead: 200, Innodb_buffer_pool_read_ahead_evicted: 1 },
        }),
      ),
    ).toBeNull();
    expect(
      innodbReadAheadRule.check(fixtureInput(name, { status: { Innodb_buffer_pool_read_ahead: 10, Innodb_buffer_pool_read_ahead_evicted: 10 } })),
    ).toBeNull();
  });
});
