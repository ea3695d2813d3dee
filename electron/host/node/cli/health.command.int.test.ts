import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckTableResult, TableHealth, UnusedIndexReport } from '../../../../shared/contract/health';
import { runCli } from '../../../testing/cli';
import { adminConnection } from '../../../testing/harness';
import { sqlServers } from '../../../testing/servers';
import { healthCommand } from './health.command';

describe.each(sqlServers)('dbw health on $label', (server) => {
  const DB = `dbw_hl_cli_${server.port}`;
  let admin: mysql.Connection;
  const url = `mysql://${server.user}:${server.password}@${server.host}:${server.port}/${DB}`;

  beforeAll(async () => {
    process.env.DBW_WORKSPACE = mkdtempSync(join(tmpdir(), 'dbw-cli-health-'));
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\`; CREATE DATABASE \`${DB}\``);
    await admin.query(`CREATE TABLE \`${DB}\`.t (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY ub (b), KEY ka (a)) ENGINE=InnoDB`);
    await admin.query(`CREATE TABLE \`${DB}\`.m (id INT PRIMARY KEY, a INT) ENGINE=MyISAM`);
    await admin.query(`INSERT INTO \`${DB}\`.t VALUES ${Array.from({ length: 100 }, (_, i) => `(${i}, ${i % 9}, ${i})`).join(',')}`);
    await admin.query(`INSERT INTO \`${DB}\`.m VALUES (1, 1), (2, 2)`);
  }, 60_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
  });

  it('prints the table health by default, reading only', async () => {
    const r = await runCli(healthCommand, ['--connection', url, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { tables: TableHealth[] };
    expect(out.tables.find((t) => t.table === 't')?.countedRows).toBe(100);
  });

  it('--unused names the unread index with the evidence window and keeps the UNIQUE one', async () => {
    const r = await runCli(healthCommand, ['--connection', url, '--unused', '--json']);
    expect(r.code).toBe(0);
    const u = (JSON.parse(r.out) as { unused: UnusedIndexReport }).unused;
    expect(u.source).not.toBe('unavailable');
    expect(u.countersAgeSec).toBeGreaterThan(0);
    expect(u.indexes.find((i) => i.index === 'ka')).toMatchObject({ stage: 'candidate', reads: 0 });
    expect(u.indexes.find((i) => i.index === 'ub')?.stage).toBe('kept');
    const text = await runCli(healthCommand, ['--connection', url, '--unused']);
    expect(text.out).toMatch(/Index usage from \w+, covering [\d.]+ (hours|days)/);
    expect(text.out).toMatch(/candidate\s+t\.ka \(a\)/);
  });

  it('--check runs CHECK TABLE on every table through the executor and prints each verdict', async () => {
    const r = await runCli(healthCommand, ['--connection', url, '--check', '--mode', 'extended', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const check = (JSON.parse(r.out) as { check: CheckTableResult[] }).check;
    expect(check.map((c) => [c.table, c.verdict, c.status])).toEqual([
      ['m', 'ok', 'OK'],
      ['t', 'ok', 'OK'],
    ]);
  });

  it('refuses bad usage with exit status 2', async () => {
    expect((await runCli(healthCommand, ['--connection', url, '--check', '--mode', 'deep'])).code).toBe(2);
    expect((await runCli(healthCommand, ['--connection', url, '--unused', '--wait-days', '0'])).code).toBe(2);
    const missing = await runCli(healthCommand, ['--connection', url, '--database', 'dbw_hl_nosuch', '--check']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/No tables in database dbw_hl_nosuch/);
  });
});
