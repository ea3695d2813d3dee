import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
  let backupDir = '';

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
    backupDir = result.dir;
    const again = await runCli(backupCommand, ['verify', result.dir, '--connection', url]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^Verified: every table matches \(restored into scratch server 127\.0\.0\.1:\d+/);
  }, 300_000);

  it('restores it into a new datadir: the preview writes nothing, --apply --yes --start copies, starts, verifies and stops', async () => {
    expect(backupDir, 'the backup of the first test').not.toBe('');
    const url = `mysql://root@127.0.0.1:${mariadbServer.port}/`;
    const datadir = join(root, 'restored');
    const preview = await runCli(backupCommand, ['restore', backupDir, '--connection', url, '--datadir', datadir, '--start']);
    expect(preview.code).toBe(0);
    expect(preview.out).toContain(
      `mariadb-backup --defaults-file=${backupDir}/data/backup-my.cnf --copy-back --target-dir=${backupDir}/data --datadir=${datadir}`,
    );
    expect(preview.out).toMatch(/Preview only: nothing was written/);
    expect(existsSync(datadir)).toBe(false);
    const applied = await runCli(backupCommand, ['restore', backupDir, '--connection', url, '--datadir', datadir, '--start', '--apply', '--yes', '--json']);
    expect(applied.code).toBe(0);
    const out = JSON.parse(applied.out) as { applied: boolean; outcomes: Array<{ stepId: string; status: string }> };
    expect(out.applied).toBe(true);
    expect(out.outcomes.map((o) => [o.stepId, o.status])).toEqual([
      ['copy', 'ok'],
      ['config', 'ok'],
      ['verify', 'ok'],
    ]);
    expect(existsSync(join(datadir, db, 'companies.ibd'))).toBe(true);
    // Run again into the same, now full, folder: refused, exit status 2.
    const again = await runCli(backupCommand, ['restore', backupDir, '--connection', url, '--datadir', datadir]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/is not empty/);
  }, 300_000);

  it('refuses MySQL with the reason and exit status 2', async () => {
    const url = `mysql://root@127.0.0.1:${mysqlServer.port}/`;
    const r = await runCli(backupCommand, ['--connection', url, '--database', 'cowrite', '--out', root, '--tool', 'mariadb-backup']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs Percona XtraBackup or MySQL Enterprise Backup/);
  }, 60_000);
});
