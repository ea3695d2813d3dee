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
