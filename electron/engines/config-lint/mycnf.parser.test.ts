import { describe, expect, it } from 'vitest';
import { parseMyCnf } from './mycnf.parser';

describe('parseMyCnf', () => {
  const text = [
    '# comment',
    '; another comment',
    '!include /etc/mysql/extra.cnf',
    '!includedir /etc/mysql/conf.d/',
    '[mysqld]',
    'skip-name-resolve',
    'Innodb-Buffer-Pool-Size = 1G   # trailing comment',
    'loose-rpl_semi_sync_master_enabled=1',
    'init_connect = "SET NAMES utf8mb4 # not a comment"',
    "log_error='/var/log/my sql.log'",
    '[client]',
    'user=app',
  ].join('\n');
  const p = parseMyCnf(text);

  it('reads sections, bare options, dashes, loose- and comments', () => {
    expect(p.sections.map((s) => s.name)).toEqual(['mysqld', 'client']);
    expect(p.entries.map((e) => [e.line, e.section, e.key, e.value, e.loose])).toEqual([
      [6, 'mysqld', 'skip_name_resolve', null, false],
      [7, 'mysqld', 'innodb_buffer_pool_size', '1G', false],
      [8, 'mysqld', 'rpl_semi_sync_master_enabled', '1', true],
      [9, 'mysqld', 'init_connect', 'SET NAMES utf8mb4 # not a comment', false],
      [10, 'mysqld', 'log_error', '/var/log/my sql.log', false],
      [12, 'client', 'user', 'app', false],
    ]);
  });

  it('records includes without following them', () => {
    expect(p.includes).toEqual([
      { line: 3, directive: '!include', path: '/etc/mysql/extra.cnf' },
      { line: 4, directive: '!includedir', path: '/etc/mysql/conf.d/' },
    ]);
  });

  it('reports syntax errors with their line and keeps going', () => {
    const bad = parseMyCnf(['max_connections = 10', '[mysqld', '[mysqld]', 'a b c = 1', 'x = "unterminated', '!inclde foo', 'ok = 1'].join('\n'));
    expect(bad.errors.map((e) => e.line)).toEqual([1, 2, 4, 5, 6]);
    expect(bad.entries.map((e) => e.key)).toEqual(['x', 'ok']);
  });

  it('handles CRLF line endings and an empty file', () => {
    expect(parseMyCnf('[mysqld]\r\nport=3306\r\n').entries[0]).toMatchObject({ key: 'port', value: '3306' });
    expect(parseMyCnf('')).toEqual({ entries: [], includes: [], sections: [], errors: [] });
  });
});
