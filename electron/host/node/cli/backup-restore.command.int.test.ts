import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../testing/cli';
import { adminConnection } from '../../../testing/harness';
import { sandboxDir, sqlServers } from '../../../testing/servers';
import { backupCommand } from './backup.command';

describe.each(sqlServers)('dbw backup restore on $label', (server) => {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const src = `dbw_pb_cs_${id}`;
  const into = `dbw_pb_ci_${id}`;
  const url = `mysql://root@127.0.0.1:${server.port}/`;
  let root: string;
  let admin: mysql.Connection;

  beforeAll(async () => {
    mkdirSync(sandboxDir, { recursive: true });
    root = mkdtempSync(join(sandboxDir, 'dbw-pb-restore-cli-'));
    process.env.DBW_WORKSPACE = join(root, 'workspace');
    admin = await adminConnection(server);
    await admin.query(`CREATE DATABASE \`${src}\``);
    await admin.query(`CREATE TABLE \`${src}\`.companies LIKE cowrite.companies`);
    await admin.query(`INSERT INTO \`${src}\`.companies SELECT * FROM cowrite.companies`);
  }, 60_000);
  afterAll(async () => {
    delete process.env.DBW_WORKSPACE;
    if (root) rmSync(root, { recursive: true, force: true });
    for (const db of [src, into]) await admin?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin?.end();
  });

  it('previews a restore without writing, then applies it with --apply --yes', async () => {
    const taken = await runCli(backupCommand, ['--connection', url, '--database', src, '--out', root, '--json']);
    expect(taken.code).toBe(0);
    const { dir } = JSON.parse(taken.out) as { dir: string };

    const preview = await runCli(backupCommand, ['restore', dir, '--connection', url, '--into', into]);
    expect(preview.code).toBe(0);
    expect(preview.out).toContain(`CREATE DATABASE \`${into}\``);
    expect(preview.out).toMatch(new RegExp(`${into}\\.companies: create`));
    expect(preview.out).toMatch(/time unknown: this backup was never restored/);
    expect(preview.out).toMatch(/Preview only: nothing was written/);
    const [none] = await admin.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [into]);
    expect(none).toEqual([]);

    const applied = await runCli(backupCommand, ['restore', dir, '--connection', url, '--into', into, '--apply', '--yes', '--json']);
    expect(applied.code).toBe(0);
    const r = JSON.parse(applied.out) as { applied: boolean; after: { metrics: Array<{ key: string; value: number }> } };
    expect(r.applied).toBe(true);
    expect(r.after.metrics.find((m) => m.key === 'matching')?.value).toBe(1);
    const [[n]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${into}\`.companies`)) as unknown as [[{ n: number }]];
    const [[m]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${src}\`.companies`)) as unknown as [[{ n: number }]];
    expect(Number(n.n)).toBe(Number(m.n));
  }, 180_000);

  it('asks for "yes" and writes nothing without it', async () => {
    const taken = await runCli(backupCommand, ['--connection', url, '--database', src, '--out', root, '--json']);
    const { dir } = JSON.parse(taken.out) as { dir: string };
    const other = `${into}_no`;
    const r = await runCli(backupCommand, ['restore', dir, '--connection', url, '--into', other, '--apply'], 'no\n');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Not confirmed/);
    const [none] = await admin.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [other]);
    expect(none).toEqual([]);
    const bad = await runCli(backupCommand, ['restore', dir, '--connection', url, '--into', 'a/b']);
    expect(bad.code).toBe(2);
  }, 120_000);
});
