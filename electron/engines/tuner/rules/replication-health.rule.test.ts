import { describe, expect, it } from 'vitest';
import { replicationHealthRule } from './replication-health.rule';
import { fixtureInput } from '../fixtures/snapshots';

const channel = { channel: '', sourceHost: 'db1', ioRunning: 'Yes', sqlRunning: 'Yes', secondsBehind: 0, lastError: null };

describe('replication-health', () => {
  it('does not measure on a server that is not a replica (captured)', () => {
    expect(replicationHealthRule.measure(fixtureInput('mysql-9.7'))).toBeNull();
  });
  it('is critical when the SQL thread stopped, quoting Last_Error', () => {
    const f = replicationHealthRule.check(
      fixtureInput('mariadb-10.11', {
        replication: { statement: 'SHOW REPLICA STATUS', channels: [{ ...channel, sqlRunning: 'No', lastError: 'Duplicate entry' }] },
      }),
    )!;
    expect(f.severity).toBe('critical');
    expect(f.message).toContain('Duplicate entry');
  });
  it('warns on lag above 60 s', () => {
    const f = replicationHealthRule.check(
      fixtureInput('mysql-9.7', { replication: { statement: 'SHOW REPLICA STATUS', channels: [{ ...channel, secondsBehind: 300 }] } }),
    )!;
    expect(f.severity).toBe('warning');
    expect(f.result.value).toBe(300);
  });
});
