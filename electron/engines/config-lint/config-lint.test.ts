import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintMyCnf } from './config-lint';
import type { LintTarget } from './option-catalog';
import startup from './fixtures/mariadb-10.11.startup.json';

const seed = readFileSync(join(__dirname, '../../../../shared/corpus/cowrite/seed-my.cnf'), 'utf8');
const GIB = 1024 ** 3;
const keyOf = (i: { line: number; code: string; option: string | null }) => `${i.line}:${i.code}:${i.option ?? ''}`;

/** Every problem of the seed configuration, per target: line:code:option. */
const seedProblems: Record<LintTarget, string[]> = {
  'mysql-8.4': [
    '5:questionable:key_buffer_size', // 256M MyISAM key cache for an InnoDB schema
    '7:large-buffer:read_buffer_size',
    '8:large-buffer:read_rnd_buffer_size',
    '9:large-buffer:sort_buffer_size',
    '10:large-buffer:join_buffer_size',
    '13:memory:max_connections', // 500 × 18 MiB per thread > the 4 GiB pool
    '19:below-default:thread_stack', // 256K < 1M default
    '21:durability:innodb_flush_log_at_trx_commit',
    '22:deprecated-option:innodb_log_file_size',
    '22:redo-capacity:innodb_log_file_size',
    '23:deprecated-option:innodb_log_files_in_group',
    '29:questionable:innodb_thread_concurrency',
    '32:removed-option:query_cache_type',
    '33:removed-option:query_cache_size',
    '34:removed-option:query_cache_limit',
    '39:log-flood:log_queries_not_using_indexes',
    '42:deprecated-option:binlog_format',
    '43:removed-option:expire_logs_days',
  ],
  'mysql-9.7': [
    '5:questionable:key_buffer_size',
    '7:large-buffer:read_buffer_size',
    '8:large-buffer:read_rnd_buffer_size',
    '9:large-buffer:sort_buffer_size',
    '10:large-buffer:join_buffer_size',
    '13:memory:max_connections',
    '19:below-default:thread_stack',
    '21:durability:innodb_flush_log_at_trx_commit',
    '22:removed-option:innodb_log_file_size', // gone from 9.7's variable list
    '23:removed-option:innodb_log_files_in_group',
    '29:questionable:innodb_thread_concurrency',
    '32:removed-option:query_cache_type',
    '33:removed-option:query_cache_size',
    '34:removed-option:query_cache_limit',
    '39:log-flood:log_queries_not_using_indexes',
    '42:deprecated-option:binlog_format',
    '43:removed-option:expire_logs_days',
  ],
  'mariadb-10.11': [
    '3:removed-option:innodb_buffer_pool_instances', // removed in 10.6: mariadbd warns and starts
    '5:questionable:key_buffer_size',
    '7:large-buffer:read_buffer_size',
    '8:large-buffer:read_rnd_buffer_size',
    '10:large-buffer:join_buffer_size', // sort_buffer_size 4M is only 2× MariaDB's 2M default
    '13:memory:max_connections',
    '19:below-default:thread_stack',
    '21:durability:innodb_flush_log_at_trx_commit',
    '23:removed-option:innodb_log_files_in_group',
    '29:removed-option:innodb_thread_concurrency',
    '32:query-cache:query_cache_type',
    '33:query-cache:query_cache_size',
    '34:query-cache:query_cache_limit',
    '39:log-flood:log_queries_not_using_indexes',
    '40:removed-option:log_throttle_queries_not_using_indexes',
    '41:durability:sync_binlog', // binlog on, sync_binlog defaults to 0 on MariaDB
    '43:portability:expire_logs_days',
  ],
};

describe.each(Object.keys(seedProblems) as LintTarget[])('seed-my.cnf for %s', (target) => {
  const result = lintMyCnf(seed, { target });

  it('flags every listed problem and nothing else', () => {
    expect([...new Set(result.issues.map(keyOf))].sort()).toEqual([...seedProblems[target]].sort());
  });

  it('gives each issue a line, severity, message and doc link', () => {
    for (const i of result.issues) {
      expect(i.line).toBeGreaterThan(0);
      expect(i.message.length).toBeGreaterThan(20);
      expect(i.docUrl).toMatch(/^https:\/\//);
    }
  });

  it('computes the worst-case memory from the file', () => {
    expect(result.memory.maxConnections).toBe(500);
    expect(result.memory.worstCaseBytes).toBeGreaterThan(13 * GIB);
    expect(result.memory.worstCaseBytes).toBe(result.memory.globalBytes + 500 * result.memory.perThreadBytes);
  });

  it('with 8 GiB of RAM, calls the worst case an error', () => {
    const r = lintMyCnf(seed, { target, ramBytes: 8 * GIB });
    expect(r.issues.some((i) => i.code === 'memory' && i.severity === 'error' && i.message.includes('RAM'))).toBe(true);
  });
});

describe('lintMyCnf on crafted files', () => {
  it('flags unit errors, unknown options, duplicates across server sections and ignores client sections', () => {
    const text = [
      '[mysqld]',
      'innodb_buffer_pool_size = 4GB',
      'max_connections = lots',
      'no_such_option = 1',
      'loose_no_such_plugin_opt = 1',
      'port = 3306',
      '[server]',
      'port = 3307',
      '[client]',
      'whatever = 1',
      '[mariadb]',
      'innodb_buffer_pool_size = 1G',
    ].join('\n');
    const my = lintMyCnf(text, { target: 'mysql-9.7' });
    expect(my.issues.filter((i) => i.code !== 'memory').map(keyOf)).toEqual([
      '2:bad-unit:innodb_buffer_pool_size',
      '3:bad-value:max_connections',
      '4:unknown-option:no_such_option',
      '5:unknown-option:no_such_plugin_opt',
      '8:duplicate:port',
      '11:ignored-section:',
    ]);
    expect(my.issues.find((i) => i.line === 5)!.severity).toBe('warning');
    const maria = lintMyCnf(text, { target: 'mariadb-10.11' });
    expect(maria.issues.map(keyOf)).toContain('12:duplicate:innodb_buffer_pool_size');
  });

  it('accepts startup-only options, skip- prefixes and booleans without values', () => {
    const text = [
      '[mysqld]',
      'skip-name-resolve',
      'skip-log-bin',
      'plugin-load-add = auth_socket.so',
      'skip-external-locking',
      'performance_schema',
      'log-bin = /var/lib/mysql/bin',
    ].join('\n');
    for (const target of ['mysql-8.4', 'mysql-9.7', 'mariadb-10.11'] as const) {
      expect(lintMyCnf(text, { target }).issues.filter((i) => !['memory', 'durability'].includes(i.code))).toEqual([]);
    }
  });

  it('flags a slow-log threshold above the 200 ms SLO', () => {
    const r = lintMyCnf('[mysqld]\nlong_query_time = 2\n', { target: 'mariadb-10.11' });
    expect(r.issues.map(keyOf)).toEqual(['2:slow-log:long_query_time']);
  });

  it('turns a removed option behind loose- into a warning', () => {
    const r = lintMyCnf('[mysqld]\nloose-query_cache_size = 0\n', { target: 'mysql-8.4' });
    expect(r.issues).toMatchObject([{ line: 2, code: 'removed-option', severity: 'warning' }]);
  });

  it('flags long_query_time = 0 with the slow log on, and the 3-byte utf8', () => {
    const r = lintMyCnf('[mysqld]\nslow_query_log = 1\nlong_query_time = 0\ncharacter-set-server = utf8\n', { target: 'mysql-9.7' });
    expect(r.issues.map(keyOf)).toEqual(['3:slow-log:long_query_time', '4:charset:character_set_server']);
    expect(lintMyCnf('[mysqld]\nslow_query_log = 0\nlong_query_time = 0\ncharacter_set_server = utf8mb4\n', { target: 'mysql-9.7' }).issues).toEqual([]);
  });

  it('calls a buffer pool larger than the host RAM an error (32G on 23.5 GiB)', () => {
    const r = lintMyCnf('[mysqld]\ninnodb_buffer_pool_size = 32G\n', { target: 'mariadb-10.11', ramBytes: 23.5 * GIB });
    expect(r.issues.find((i) => i.option === 'innodb_buffer_pool_size')).toMatchObject({ severity: 'error', code: 'memory' });
  });
});

describe('severity follows what the server does at startup (captured from mariadbd 10.11)', () => {
  const options = Object.entries(startup.options);

  it.each(options.filter(([, o]) => o.starts))('%s: mariadbd warns and starts, so a warning, not an error', (key, o) => {
    const value = o.arg.split('=')[1];
    const issues = lintMyCnf(`[mysqld]\n${key} = ${value}\n`, { target: 'mariadb-10.11' }).issues;
    expect(issues.map((i) => i.severity)).not.toContain('error');
    expect(issues).toMatchObject([{ code: 'removed-option', severity: 'warning' }]);
    // The linter's words match the server's: it starts, and the line is a no-op.
    expect(issues[0]!.message).toMatch(/warns and starts/);
    expect(o.messages.join(' ')).toMatch(/\[Warning\]/);
  });

  it.each(options.filter(([, o]) => !o.starts))('%s: mariadbd refuses to start, so an error', (key, o) => {
    expect(o.messages.join(' ')).toMatch(/\[ERROR\].*unknown variable/);
    const issues = lintMyCnf(`[mysqld]\n${key} = 1\n`, { target: 'mariadb-10.11' }).issues;
    expect(issues).toMatchObject([{ code: 'unknown-option', severity: 'error' }]);
  });
});
