import { describe, expect, it } from 'vitest';
import { innodbFlushMethodRule } from './innodb-flush-method.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('innodb-flush-method on %s', (name) => {
  it('is quiet on O_DIRECT (captured)', () => {
    expect(innodbFlushMethodRule.check(fixtureInput(name))).toBeNull();
  });
  it('proposes O_DIRECT, as a restart-only change, for fsync', () => {
    const f = innodbFlushMethodRule.check(fixtureInput(name, { variables: { innodb_flush_method: 'fsync' } }))!;
    expect(f.changes).toEqual([{ name: 'innodb_flush_method', current: 'fsync', recommended: 'O_DIRECT', dynamic: false }]);
  });
});
