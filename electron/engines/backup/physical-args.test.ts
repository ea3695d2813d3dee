import { describe, expect, it } from 'vitest';
import type { TableChecksum } from '../../../shared/contract/backup';
import {
  compareWithSource,
  isLocalHost,
  mariadbBackupCommand,
  parseBinlogInfo,
  parseCheckpoints,
  physicalRefusal,
  scratchServerCommand,
} from './physical-args';

// Captured from mariadb-backup 10.11.19 against the development MariaDB.
const BINLOG_INFO = 'binlog.000005\t22384\t0-1-8335\n';
const CHECKPOINTS = 'backup_type = log-applied\nfrom_lsn = 0\nto_lsn = 5171026377\nlast_lsn = 5171086223\nrecover_binlog_info = 0\n';
const t = (table: string, checksum: string): TableChecksum => ({ table, rows: 1, checksum, definition: 'd' });

describe('mariadb-backup command lines', () => {
  it('reads the password from the defaults file only, and lists the databases copied', () => {
    const c = mariadbBackupCommand({ host: '127.0.0.1', port: 3307, defaultsFile: '/d/client.cnf' }, '/b/data', ['shop', 'mysql'], 4);
    expect(c.program).toBe('mariadb-backup');
    expect(c.args[0]).toBe('--defaults-extra-file=/d/client.cnf');
    expect(c.args).toContain('--databases=shop mysql');
    expect(c.args).toContain('--parallel=4');
    expect(c.args.join(' ')).not.toMatch(/password/);
    expect(() => mariadbBackupCommand({ host: 'h', port: 1, defaultsFile: 'f' }, '/b', ['a b'], 1)).toThrow(/cannot name/);
  });
  it('starts the scratch server on 127.0.0.1 without a binary log, with the backup’s options first', () => {
    const c = scratchServerCommand({
      datadir: '/s/data',
      optionsFile: '/b/backup-my.cnf',
      port: 3350,
      socket: '/s/s.sock',
      pidFile: '/s/p',
      errorLog: '/s/e',
      user: 'root',
    });
    expect(c.args[0]).toBe('--defaults-file=/b/backup-my.cnf');
    expect(c.args).toEqual(expect.arrayContaining(['--bind-address=127.0.0.1', '--skip-log-bin', '--port=3350', '--datadir=/s/data', '--skip-slave-start']));
  });
});

describe('mariadb-backup files', () => {
  it('reads the binlog position and the LSNs', () => {
    expect(parseBinlogInfo(BINLOG_INFO)).toEqual({ file: 'binlog.000005', position: 22384, gtid: '0-1-8335' });
    expect(parseBinlogInfo('')).toEqual({ file: null, position: null, gtid: null });
    expect(parseCheckpoints(CHECKPOINTS)).toEqual({ from: 0, to: 5171026377, last: 5171086223 });
    expect(() => parseCheckpoints('backup_type = full-backuped\n')).toThrow(/from_lsn/);
  });
});

describe('when a physical backup is refused', () => {
  const ok = {
    product: 'mariadb',
    serverVersion: '10.11.19-MariaDB-log',
    toolVersion: 'mariadb-backup based on MariaDB server 10.11.19-MariaDB debian-linux-gnu (x86_64)',
    local: true,
  };
  it('says what MySQL would need', () => {
    expect(physicalRefusal({ ...ok, product: 'mysql', serverVersion: '9.7.0' })).toMatch(/Percona XtraBackup or MySQL Enterprise Backup/);
  });
  it('needs the server on this machine, the tool installed and of the server’s version', () => {
    expect(physicalRefusal(ok)).toBeNull();
    expect(physicalRefusal({ ...ok, local: false })).toMatch(/server’s own machine/);
    expect(physicalRefusal({ ...ok, toolVersion: 'unknown' })).toMatch(/not installed/);
    expect(physicalRefusal({ ...ok, serverVersion: '11.4.2-MariaDB' })).toMatch(/runs MariaDB 11\.4, this mariadb-backup is for 10\.11/);
    expect(isLocalHost('127.0.0.1')).toBe(true);
    expect(isLocalHost('db.example.com')).toBe(false);
  });
});

describe('the copy against the source', () => {
  it('fails tables that differ at the same binlog position, and only lists them when the source moved on', () => {
    const backup = [t('a', '1'), t('b', '2')];
    const source = [t('a', '1'), t('b', '3')];
    expect(compareWithSource(backup, source, true)).toEqual({ matching: ['a'], changedSince: [], wrong: ['b'] });
    expect(compareWithSource(backup, source, false)).toEqual({ matching: ['a'], changedSince: ['b'], wrong: [] });
    expect(compareWithSource(backup, [t('a', '1')], true).wrong).toEqual(['b']);
  });
});
