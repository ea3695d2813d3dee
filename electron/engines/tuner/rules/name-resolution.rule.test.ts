import { describe, expect, it } from 'vitest';
import { nameResolutionRule } from './name-resolution.rule';
import { fixtureInput } from '../fixtures/snapshots';

describe('name-resolution', () => {
  it('is quiet on the captured MariaDB (skip_name_resolve = ON)', () => {
    expect(nameResolutionRule.check(fixtureInput('mariadb-10.11'))).toBeNull();
  });
  it('flags the captured MySQL 9.7 (OFF) with a restart-only change', () => {
    const f = nameResolutionRule.check(fixtureInput('mysql-9.7'))!;
    expect(f.changes).toEqual([{ name: 'skip_name_resolve', current: 'OFF', recommended: 'ON', dynamic: false }]);
  });
});
