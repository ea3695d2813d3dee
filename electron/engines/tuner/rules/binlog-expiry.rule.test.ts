import { describe, expect, it } from 'vitest';
import { binlogExpiryRule } from './binlog-expiry.rule';
import { fixtureInput } from '../fixtures/snapshots';

describe('binlog-expiry', () => {
  it('flags never-expiring binlogs on the captured MariaDB (log_bin ON, both settings 0)', () => {
    const f = binlogExpiryRule.check(fixtureInput('mariadb-10.11'))!;
    expect(f.changes[0]).toMatchObject({ name: 'binlog_expire_logs_seconds', recommended: '604800', dynamic: true });
  });
  it('is quiet when the binary log is off (captured MySQL 9.7) or expiry is set', () => {
    expect(binlogExpiryRule.check(fixtureInput('mysql-9.7'))).toBeNull();
    expect(binlogExpiryRule.check(fixtureInput('mariadb-10.11', { variables: { binlog_expire_logs_seconds: 86400 } }))).toBeNull();
  });
  it('converts deprecated expire_logs_days on MySQL 8.0 to seconds', () => {
    const f = binlogExpiryRule.check(
      fixtureInput('mysql-9.7', {
        server: { version: '8.0.36', versionComment: 'MySQL Community Server - GPL' },
        variables: { log_bin: 'ON', binlog_expire_logs_seconds: 0, expire_logs_days: 3 },
      }),
    )!;
    expect(f.changes[0]!.recommended).toBe('259200');
  });
});
