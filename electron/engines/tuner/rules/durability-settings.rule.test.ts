import { describe, expect, it } from 'vitest';
import { durabilitySettingsRule } from './durability-settings.rule';
import { fixtureInput } from '../fixtures/snapshots';

describe('durability-settings', () => {
  it('states the trade-off of flush_log_at_trx_commit = 2 and sync_binlog = 0 on the captured MariaDB (binlog on)', () => {
    const f = durabilitySettingsRule.check(fixtureInput('mariadb-10.11'))!;
    expect(f.severity).toBe('info');
    expect(f.changes.map((c) => c.name)).toEqual(['innodb_flush_log_at_trx_commit', 'sync_binlog']);
    expect(f.message).toContain('~1 s');
  });
  it('ignores sync_binlog when the binary log is off (captured MySQL 9.7)', () => {
    const f = durabilitySettingsRule.check(fixtureInput('mysql-9.7', { variables: { sync_binlog: 0 } }))!;
    expect(f.changes.map((c) => c.name)).toEqual(['innodb_flush_log_at_trx_commit']);
  });
  it('is quiet when fully durable', () => {
    expect(durabilitySettingsRule.check(fixtureInput('mariadb-10.11', { variables: { innodb_flush_log_at_trx_commit: 1, sync_binlog: 1 } }))).toBeNull();
  });
});
