import { describe, expect, it } from 'vitest';
import { characterSetRule } from './character-set.rule';
import { fixtureInput } from '../fixtures/snapshots';

describe('character-set', () => {
  it('is quiet on utf8mb4 (captured)', () => {
    expect(characterSetRule.check(fixtureInput('mariadb-10.11'))).toBeNull();
    expect(characterSetRule.check(fixtureInput('mysql-9.7'))).toBeNull();
  });
  it('recommends the flavor-specific utf8mb4 collation', () => {
    const my = characterSetRule.check(fixtureInput('mysql-9.7', { variables: { character_set_server: 'utf8mb3' } }))!;
    expect(my.changes[1]).toMatchObject({ name: 'collation_server', recommended: 'utf8mb4_0900_ai_ci' });
    const ma = characterSetRule.check(fixtureInput('mariadb-10.11', { variables: { character_set_server: 'utf8' } }))!;
    expect(ma.message).toContain('utf8mb3');
    expect(ma.changes[1]).toMatchObject({ name: 'collation_server', recommended: 'utf8mb4_uca1400_ai_ci' });
  });
  it('calls the 3-byte utf8 / utf8mb3 a warning (4-byte characters fail), latin1 stays info', () => {
    for (const cs of ['utf8', 'utf8mb3', 'UTF8'])
      expect(characterSetRule.check(fixtureInput('mariadb-10.11', { variables: { character_set_server: cs } }))?.severity, cs).toBe('warning');
    expect(characterSetRule.check(fixtureInput('mysql-9.7', { variables: { character_set_server: 'latin1' } }))?.severity).toBe('info');
  });
});
