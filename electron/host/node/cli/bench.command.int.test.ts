import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../testing/cli';
import { adminConnection } from '../../../testing/harness';
import { sqlServers } from '../../../testing/servers';
import { benchCommand } from './bench.command';

describe.each(sqlServers)('dbw bench on $label', (server) => {
  const DB = `dbw_bench_cli_${server.port}`;
  const url = `mysql://${server.user}@${server.host}:${server.port}/${DB}`;
  let admin: mysql.Connection;

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(`CREATE TABLE \`${DB}\`.items (id INT PRIMARY KEY, grp INT NOT NULL, KEY g (grp))`);
    await admin.query(`INSERT INTO \`${DB}\`.items VALUES (1, 1), (2, 1), (3, 2), (4, 3), (5, 3)`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.end();
  });

  it('prints the JSON figures of a query run N times at concurrency C', async () => {
    const r = await runCli(benchCommand, [
      '--connection',
      url,
      '--query',
      'SELECT id FROM items WHERE grp = ?',
      '--runs',
      '60',
      '--concurrency',
      '3',
      '--warmup',
      '5',
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, number>;
    for (const k of ['runs', 'errors', 'p50Ms', 'p95Ms', 'p99Ms', 'maxMs', 'qps']) expect(typeof j[k]).toBe('number');
    expect(j).toMatchObject({ runs: 60, errors: 0, serverCount: 60, parameterSets: 3 });
    expect(j.p50Ms!).toBeLessThanOrEqual(j.maxMs!);
  });

  it('runs the top classes of a slow log, with their placeholders sampled from the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbw-bench-'));
    try {
      const event = (sec: number, sql: string): string =>
        `# Time: 2026-12-06T10:00:0${sec}.000000Z\n# User@Host: app[app] @ localhost []\n# Query_time: 0.${sec}00000  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: 5\nSET timestamp=${1796551200 + sec};\nuse ${DB};\n${sql};\n`;
      const log = join(dir, 'slow.log');
      writeFileSync(
        log,
        [
          event(1, 'SELECT id FROM items WHERE grp = 1'),
          event(2, 'SELECT id FROM items WHERE grp = 3'),
          event(3, 'SELECT COUNT(*) FROM items WHERE id > 2'),
          event(4, 'UPDATE items SET grp = 2 WHERE id = 9'),
        ].join(''),
      );
      const r = await runCli(benchCommand, ['--connection', url, '--slowlog', log, '--top', '5', '--runs', '20', '--concurrency', '2', '--json']);
      expect(r.err).toBe('');
      const j = JSON.parse(r.out) as { results: Array<{ name: string; runs: number; serverCount: number; parameterSets: number }> };
      // The UPDATE is left out: the benchmark reads only.
      expect(j.results.map((x) => x.name).sort()).toEqual(['select count(*) from items where id > ?', 'select id from items where grp = ?']);
      for (const x of j.results) expect(x).toMatchObject({ runs: 20, serverCount: 20 });
      expect(j.results.find((x) => x.name.includes('grp'))!.parameterSets).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints a readable report, and refuses a write or a missing source with exit code 2', async () => {
    const ok = await runCli(benchCommand, ['--connection', url, '--query', 'SELECT COUNT(*) FROM items', '--runs', '10', '--concurrency', '2']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/runs 10 \(server counted 10\), errors 0/);
    expect(ok.out).toMatch(/p50 [\d.]+ ms {2}p95 [\d.]+ ms/);
    const write = await runCli(benchCommand, ['--connection', url, '--query', 'DELETE FROM items']);
    expect(write.code).toBe(2);
    expect(write.err).toMatch(/not a SELECT/);
    expect((await runCli(benchCommand, ['--connection', url])).code).toBe(2);
    expect((await runCli(benchCommand, ['--connection', url, '--query', 'SELECT 1', '--runs', 'many'])).err).toMatch(/--runs takes a whole number/);
  });
});
