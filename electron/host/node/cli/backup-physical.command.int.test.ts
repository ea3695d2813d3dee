import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../testing/cli';
import { adminConnection } from '../../../testing/harness';
import { mariadbServer, mysqlServer, sandboxDir } from '../../../testing/servers';
import { backupCommand } from './backup.command';

describe('dbw backup --tool mariadb-backup', () => {
  const db = `dbw_pb_cli_${Date.now().toString(36)}`;
  let root: string;
  let admin: mysql.Connection;

  beforeAll(async () => {
    mkdirSync(sandboxDir, { recursive: true });
    root = mkdtempSync(join(sandboxDir, 'dbw-pb-cli-'));
    process.env.DBW_WORKSPACE = join(root, 'workspace');
    admin = await adminConnection(mariadbServer);
    await admin.query(`CREATE DATABASE \`${db}\``);
    await admin.query(`CREATE TABLE \`${db}\`.companies LIKE cowrite.companies`);
    await admin.query(`INSERT INTO \`${db}\`.companies SELECT * FROM cowrite.companies`);
  }, 60_000);
  afterAll(async () => {
    delete process.env.DBW_WORKSPACE;
    if (root) rmSync(root, { recursive: true, force: true });
    await admin?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin?.end();
  });

  it('takes a physical backup of a MariaDB database and verifies it (--json says verified), then verifies the folder again', async () => {
    const url = `mysql://root@127.0.0.1:${mariadbServer.port}/`;
    const taken = await runCli(backupCommand, ['--connection', url, '--database', db, '--out', root, '--tool', 'mariadb-backup', '--verify', '--json']);
    expect(taken.err).not.toMatch(/error/i);
    expect(taken.code).toBe(0);
    const result = JSON.parse(taken.out) as { verified: boolean; dir: string; manifest: { tool: string; tables: Array<{ table: string; rows: number }> } };
    expect(result.verified).toBe(true);
    expect(result.manifest.tool).toBe('mariadb-backup');
    expect(result.manifest.tables.map((t) => t.table)).toEqual(['companies']);
    const again = await runCli(backupCommand, ['verify', result.dir, '--connection', url]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^Verified: every table matches \(restored into scratch server 127\.0\.0\.1:\d+/);
  }, 300_000);

  it('refuses MySQL with the reason and exit status 2', async () => {
    const url = `mysql://root@127.0.0.1:${mysqlServer.port}/`;
    const r = await runCli(backupCommand, ['--connection', url, '--database', 'cowrite', '--out', root, '--tool', 'mariadb-backup']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs Percona XtraBackup or MySQL Enterprise Backup/);
  }, 60_000);
});
