import { describe, expect, it } from 'vitest';
import type { TableChecksum } from '../../../shared/contract/backup';
import { checksumSql, definitionHash, normalizeDefinition } from './checksum';
import { expiredBackups } from './retention';
import { defaultsFileText, dumpCommand, mydumperRefusal, toolFailureMessage } from './tool-args';
import { compareTables, differingTables } from './verify';

const t = (table: string, rows: number, checksum: string, definition = 'd'): TableChecksum => ({ table, rows, checksum, definition });

describe('backup verification verdicts', () => {
  it('names each table that differs, is missing or is extra', () => {
    const v = compareTables(
      [t('users', 10, '5'), t('docs', 3, '7'), t('gone', 1, '1'), t('ddl', 1, '1', 'a')],
      [t('USERS', 10, '5'), t('docs', 3, '8'), t('ddl', 1, '1', 'b'), t('new', 2, '2')],
    );
    expect(v.map((x) => [x.table, x.status])).toEqual([
      ['users', 'ok'],
      ['docs', 'differs'],
      ['gone', 'missing'],
      ['ddl', 'differs'],
      ['new', 'extra'],
    ]);
    expect(v[1]!.reasons).toEqual(['checksum 8 restored, 7 in the manifest']);
    expect(v[3]!.reasons).toEqual(['table definition differs']);
    expect(differingTables(v)).toEqual(['docs', 'gone', 'ddl', 'new']);
  });
});

describe('checksums', () => {
  it('sums CRC32 of the row text with NULL flags for nullable columns, identifiers quoted', () => {
    expect(
      checksumSql('s`x', 't', [
        { name: 'id', nullable: false },
        { name: 'a`b', nullable: true },
      ]),
    ).toBe("SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CRC32(CONCAT_WS('#', `id`, `a``b`, CONCAT(ISNULL(`a``b`))))), 0) AS CHAR) AS s FROM `s``x`.`t`");
  });
  it('ignores AUTO_INCREMENT and the schema name in a definition', () => {
    const a =
      'CREATE TABLE `t` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  CONSTRAINT `f` FOREIGN KEY (`p`) REFERENCES `cowrite`.`p` (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=42';
    const b =
      'CREATE TABLE `t` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  CONSTRAINT `f` FOREIGN KEY (`p`) REFERENCES `dbw_bk_1`.`p` (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=7';
    expect(normalizeDefinition(a, 'cowrite')).toContain('REFERENCES `p`');
    expect(normalizeDefinition(a, 'cowrite')).toContain('`id` int NOT NULL AUTO_INCREMENT,');
    expect(definitionHash(a, 'cowrite')).toBe(definitionHash(b, 'dbw_bk_1'));
    expect(definitionHash(a, 'cowrite')).not.toBe(definitionHash(a.replace('int', 'bigint'), 'cowrite'));
  });
});

describe('retention', () => {
  const b = (dir: string, daysAgo: number) => ({ dir, startedAt: new Date(Date.UTC(2026, 0, 31) - daysAgo * 86_400_000).toISOString() });
  const now = new Date(Date.UTC(2026, 0, 31));
  const all = [b('d0', 0), b('d1', 1), b('d5', 5), b('d10', 10)];
  it('keeps the newest N, or those younger than the days, or (both) removes only what is past both', () => {
    expect(expiredBackups(all, {}, 'd0', now)).toEqual([]);
    expect(expiredBackups(all, { keep: 2 }, 'd0', now).map((x) => x.dir)).toEqual(['d10', 'd5']);
    expect(expiredBackups(all, { days: 3 }, 'd0', now).map((x) => x.dir)).toEqual(['d10', 'd5']);
    expect(expiredBackups(all, { keep: 3, days: 3 }, 'd0', now).map((x) => x.dir)).toEqual(['d10']);
  });
  it('never removes the backup just taken', () => {
    expect(expiredBackups([b('old', 100)], { keep: 1, days: 1 }, 'old', now)).toEqual([]);
  });
});

describe('tool command lines', () => {
  it('puts the defaults file first and no password on the command line', () => {
    const c = dumpCommand({ host: '127.0.0.1', port: 3307, defaultsFile: '/d/client.cnf' }, '-weird db');
    expect(c.args[0]).toBe('--defaults-extra-file=/d/client.cnf');
    expect(c.args.slice(-2)).toEqual(['--', '-weird db']);
    expect(c.args.join(' ')).not.toMatch(/password/);
    expect(defaultsFileText('root', 'p"a\\ss')).toBe('[client]\nuser="root"\npassword="p\\"a\\\\ss"\n');
    expect(() => defaultsFileText('root', 'a\nb')).toThrow(/line break/);
  });
  it('refuses mydumper before 0.10.1 where columns have expression defaults', () => {
    const cols = [{ table: 'users', column: 'created_at' }];
    expect(mydumperRefusal('mydumper 0.10.0, built against MySQL 10.11.14', cols)).toMatch(/users\.created_at/);
    expect(mydumperRefusal('mydumper 0.10.0, built against MySQL 10.11.14', [])).toBeNull();
    expect(mydumperRefusal('mydumper 0.15.2-8, built against MySQL 8.0.36', cols)).toBeNull();
  });
  it('quotes the tool and the tail of its stderr in a failure', () => {
    expect(toolFailureMessage('mariadb-dump', 2, null, 'x\nmariadb-dump: Got error: 1049: "Unknown database \'nope\'"\n')).toBe(
      'mariadb-dump exited with status 2: x | mariadb-dump: Got error: 1049: "Unknown database \'nope\'"',
    );
  });
});
