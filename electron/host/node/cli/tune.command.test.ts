import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tuneCommand, formatFindings } from './tune.command';
import { parseConnectionUrl, parseInterval } from './flags';
import { analyzeSnapshot } from '../../../engines/tuner/analyze';
import { fixtureInput } from '../../../engines/tuner/fixtures/snapshots';
import { memoryIO } from '../../../testing/cli';

const seed = join(__dirname, '../../../../../shared/corpus/cowrite/seed-my.cnf');

describe('dbw tune --lint-config', () => {
  it('lints seed-my.cnf for MySQL 9.7 with line numbers and exits 1 on errors', async () => {
    const m = memoryIO();
    const code = await tuneCommand.run(['--lint-config', seed, '--flavor', 'mysql-9.7', '--ram', '16G'], m.io);
    expect(code).toBe(1);
    expect(m.out()).toMatch(/seed-my\.cnf:32: error \[removed-option\] query_cache_type/);
    expect(m.out()).toMatch(/seed-my\.cnf:22: error \[removed-option\] innodb_log_file_size/);
    expect(m.out()).toMatch(/Worst-case memory for mysql-9\.7: 13\.5 GiB .* of 16 GiB RAM/);
  });

  it('prints JSON with --json', async () => {
    const m = memoryIO();
    await tuneCommand.run(['--lint-config', seed, '--flavor', 'mariadb-10.11', '--json'], m.io);
    const r = JSON.parse(m.out());
    expect(r.target).toBe('mariadb-10.11');
    expect(r.issues.some((i: { line: number; code: string }) => i.line === 3 && i.code === 'removed-option')).toBe(true);
  });

  it('rejects a missing or unknown flavor and unknown flags with usage (exit 2)', async () => {
    for (const args of [['--lint-config', seed], ['--lint-config', seed, '--flavor', 'mysql-5.7'], ['--bogus'], []]) {
      const m = memoryIO();
      expect(await tuneCommand.run(args, m.io)).toBe(2);
      expect(m.err()).toContain('Usage:');
    }
  });
});

describe('tune command helpers', () => {
  it('parses intervals and connection URLs', () => {
    expect(parseInterval('60s')).toBe(60_000);
    expect(parseInterval('500ms')).toBe(500);
    expect(parseInterval('2m')).toBe(120_000);
    expect(parseInterval('5')).toBe(5000);
    expect(() => parseInterval('soon')).toThrow(/interval/);
    expect(parseConnectionUrl('mariadb://root:p%40ss@127.0.0.1:3307/cowrite')).toMatchObject({
      host: '127.0.0.1',
      port: 3307,
      user: 'root',
      password: 'p@ss',
      database: 'cowrite',
    });
    expect(() => parseConnectionUrl('postgres://x@y/z')).toThrow(/mysql:\/\//);
  });

  it('formats findings grouped by area with formula, inputs and changes', () => {
    const input = fixtureInput('mariadb-10.11', {
      variables: { thread_cache_size: 0 },
      intervalSeconds: 10,
      status: { Connections: 5000, Threads_created: 5000 },
      rates: { Connections: 20, Threads_created: 20 },
    });
    const text = formatFindings(analyzeSnapshot(input.snapshot, { now: input.now }).findings);
    expect(text).toContain('== connections ==');
    expect(text).toMatch(/formula: hit rate = 1 − Threads_created \/ Connections/);
    expect(text).toMatch(/Connections = 200 {2}\[status-delta/);
    expect(text).toContain('change: thread_cache_size 0 → 9');
  });
});
