import { describe, expect, it } from 'vitest';
import { openFilesLimitRule } from './open-files-limit.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('open-files-limit on %s', (name) => {
  it('flags 90% usage and proposes a static doubling', () => {
    const f = openFilesLimitRule.check(fixtureInput(name, { variables: { open_files_limit: 1024 }, status: { Open_files: 922 } }))!;
    expect(f.changes[0]).toMatchObject({ name: 'open_files_limit', recommended: '2048', dynamic: false });
  });
  it('is quiet on the captured server', () => {
    expect(openFilesLimitRule.check(fixtureInput(name))).toBeNull();
  });
});
