import { describe, expect, it } from 'vitest';
import { versionEolRule } from './version-eol.rule';
import { fixtureInput } from '../fixtures/snapshots';

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('version-eol', () => {
  it('calls MariaDB 10.11 a supported LTS (until 2028-02-16), not end of life', () => {
    expect(versionEolRule.check(fixtureInput('mariadb-10.11', {}, at('2026-11-26')))).toBeNull();
    const m = versionEolRule.measure(fixtureInput('mariadb-10.11', {}, at('2026-11-26')))!;
    expect(m.evaluation.result.value).toBe(446);
  });

  it('warns six months before the end and is critical after it', () => {
    expect(versionEolRule.check(fixtureInput('mariadb-10.11', {}, at('2027-12-01')))!.severity).toBe('warning');
    expect(versionEolRule.check(fixtureInput('mariadb-10.11', {}, at('2028-03-01')))!.severity).toBe('critical');
  });

  it('knows MySQL 8.0 ended in April 2026 and 8.4 LTS runs to 2032', () => {
    const v80 = fixtureInput('mysql-9.7', { server: { version: '8.0.44', versionComment: 'MySQL Community Server - GPL' } }, at('2026-11-26'));
    expect(versionEolRule.check(v80)!.message).toContain('2026-04-30');
    const v84 = fixtureInput('mysql-9.7', { server: { version: '8.4.7', versionComment: 'MySQL Community Server - GPL' } }, at('2026-11-26'));
    expect(versionEolRule.check(v84)).toBeNull();
  });

  it('flags a finished innovation release and an unknown series', () => {
    const v95 = fixtureInput('mysql-9.7', { server: { version: '9.5.0', versionComment: '' } }, at('2026-11-26'));
    expect(versionEolRule.check(v95)!.severity).toBe('critical');
    const unknown = fixtureInput('mariadb-10.11', { server: { version: '12.3.1-MariaDB', versionComment: '' } }, at('2026-11-26'));
    expect(versionEolRule.check(unknown)!.severity).toBe('info');
  });
});
