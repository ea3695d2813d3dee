import { describe, expect, it } from 'vitest';
import { innodbRedoCapacityRule } from './innodb-redo-capacity.rule';
import { fixtureInput } from '../fixtures/snapshots';

const MIB = 1024 ** 2;

describe('innodb-redo-capacity', () => {
  it('uses innodb_redo_log_capacity on MySQL 9.7 and the sampled write rate', () => {
    const input = fixtureInput('mysql-9.7', {
      intervalSeconds: 60,
      variables: { innodb_redo_log_capacity: 64 * MIB },
      rates: { Innodb_os_log_written: 1 * MIB },
    });
    const f = innodbRedoCapacityRule.check(input)!;
    expect(f.changes[0]).toMatchObject({ name: 'innodb_redo_log_capacity', recommended: String(3648 * MIB), dynamic: true });
    expect(f.inputs.find((i) => i.name === 'Innodb_os_log_written')!.source).toBe('status-rate');
    expect(f.severity).toBe('critical');
  });

  it('uses innodb_log_file_size on MariaDB 10.11 (dynamic since 10.9)', () => {
    const input = fixtureInput('mariadb-10.11', {
      intervalSeconds: 60,
      variables: { innodb_log_file_size: 96 * MIB },
      rates: { Innodb_os_log_written: 0.5 * MIB },
    });
    const f = innodbRedoCapacityRule.check(input)!;
    expect(f.changes[0]).toMatchObject({ name: 'innodb_log_file_size', recommended: String(1856 * MIB), dynamic: true });
  });

  it('multiplies by innodb_log_files_in_group before MySQL 8.0.30, where the size is static', () => {
    const input = fixtureInput('mysql-9.7', {
      server: { version: '8.0.28', versionComment: 'MySQL Community Server - GPL' },
      intervalSeconds: 60,
      variables: { innodb_log_file_size: 48 * MIB, innodb_log_files_in_group: 2 },
      rates: { Innodb_os_log_written: 1 * MIB },
    });
    const f = innodbRedoCapacityRule.check(input)!;
    expect(f.inputs.find((i) => i.name === 'redo capacity')!.value).toBe(96 * MIB);
    expect(f.changes[0]).toMatchObject({ name: 'innodb_log_file_size', recommended: String(1824 * MIB), dynamic: false });
  });

  it('is quiet when the log holds over half an hour of writes', () => {
    const input = fixtureInput('mysql-9.7', {
      intervalSeconds: 60,
      variables: { innodb_redo_log_capacity: 1024 * MIB },
      rates: { Innodb_os_log_written: 0.1 * MIB },
    });
    expect(innodbRedoCapacityRule.check(input)).toBeNull();
  });
});
