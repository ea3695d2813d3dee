import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupResult, CatalogEntry, VerifyReport } from '../../../shared/contract/backup';
import { scratchServerCommand } from '../../engines/backup/physical-args';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { mariadbServer, mysqlServer, restorePort, sandboxDir } from '../../testing/servers';
import type { Runtime } from '../runtime';
import { freePort } from './scratch-instance';

const TABLES = ['companies', 'users', 'projects', 'document_exports'];

/** Starts mariadbd on `datadir` itself (as someone editing a stored backup would), runs `sql`, stops it cleanly. */
async function editInPlace(datadir: string, sql: string): Promise<void> {
  const port = await freePort();
  const cmd = scratchServerCommand({
    datadir,
    optionsFile: join(datadir, 'backup-my.cnf'),
    port,
    socket: join(datadir, 'edit.sock'),
    pidFile: join(datadir, 'edit.pid'),
    errorLog: join(datadir, 'edit.err'),
    user: userInfo().username,
  });
  const child = spawn(cmd.program, cmd.args, { stdio: 'ignore' });
  const closed = new Promise<void>((r) => child.once('close', () => r()));
  try {
    let conn: mysql.Connection | null = null;
    const deadline = Date.now() + 60_000;
    while (!conn) {
      try {
        conn = await adminConnection({ ...mariadbServer, port });
      } catch (e) {
        if (Date.now() > deadline || child.exitCode !== null) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await conn.query(sql);
    await conn.end();
  } finally {
    child.kill('SIGTERM');
    await Promise.race([closed, new Promise((r) => setTimeout(r, 30_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const f of ['edit.err', 'edit.pid', 'edit.sock']) rmSync(join(datadir, f), { force: true });
}

function portListening(port: number): Promise<boolean> {
  return adminConnection({ ...mariadbServer, port }).then(
    async (c) => {
      await c.end();
      return true;
    },
    () => false,
  );
}

describe('physical backups (mariadb-backup) on MariaDB 10.11', () => {
  const db = `dbw_pb_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;
  let root: string;
  const counts: Record<string, number> = {};
  let taken: BackupResult;

  beforeAll(async () => {
    admin = await adminConnection(mariadbServer);
    await admin.query(`CREATE DATABASE \`${db}\``);
    for (const t of TABLES) {
      await admin.query(`CREATE TABLE \`${db}\`.\`${t}\` LIKE cowrite.\`${t}\``);
      await admin.query(`INSERT INTO \`${db}\`.\`${t}\` SELECT * FROM cowrite.\`${t}\` LIMIT 3000`);
      const [[row]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${db}\`.\`${t}\``)) as unknown as [[{ n: number }]];
      counts[t] = Number(row.n);
    }
    rt = testRuntime();
    connectionId = await saveConnection(rt, mariadbServer, 'MariaDB physical backups');
    mkdirSync(sandboxDir, { recursive: true });
    root = mkdtempSync(join(sandboxDir, 'dbw-pb-test-'));
  }, 120_000);

  afterAll(async () => {
    rt?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    await admin?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin?.end();
  });

  it('copies and prepares the datadir, checksums it on a scratch server, and verifies it on a fresh copy', async () => {
    taken = await invoke<BackupResult>(rt, 'backup.run', {
      connectionId,
      spec: { database: db, outDir: root, tool: 'mariadb-backup', threads: 2, verify: true },
    });
    const m = taken.manifest;
    expect(m.tool).toBe('mariadb-backup');
    expect(m.toolVersion).toMatch(/mariadb-backup.*10\.11/);
    expect(m.tables.map((t) => t.table).sort()).toEqual([...TABLES].sort());
    for (const t of m.tables) expect(t.rows, t.table).toBe(counts[t.table]);
    expect(m.physical?.databases).toEqual([db, 'mysql']);
    expect(m.files).toContain('data/ibdata1');
    expect(m.files).toContain(`data/${db}/users.ibd`);
    expect(m.physical!.lsn.to).toBeGreaterThan(0);
    expect(m.physical!.lsn.last).toBeGreaterThanOrEqual(m.physical!.lsn.to);
    // The binlog position is the copy's consistent point, from mariadb-backup's own file.
    expect(m.binlog.file).toMatch(/\S/);
    expect(m.binlog.position).toBeGreaterThan(0);
    expect(m.binlog.gtid).toMatch(/^\d+-\d+-\d+/);
    // Nobody writes to this database: its tables equal the source's, whether or not other databases moved the binlog.
    expect(m.physical!.sourceCheck.matching.sort()).toEqual([...TABLES].sort());
    expect(m.physical!.sourceCheck.changedSince).toEqual([]);
    expect(taken.verified).toBe(true);
    expect(taken.verification?.tables.every((t) => t.status === 'ok')).toBe(true);
    expect(taken.verification?.dropped).toBe(true);
    const port = Number(/:(\d+)/.exec(taken.verification!.scratch)![1]);
    expect(port).toBeGreaterThanOrEqual(restorePort);
    expect(port).toBeLessThan(restorePort + 10);
    expect(await portListening(port)).toBe(false);
    const catalog = await invoke<CatalogEntry[]>(rt, 'backup.catalog', { connectionId });
    expect(catalog.find((c) => c.dir === taken.dir)).toMatchObject({ tool: 'mariadb-backup', verified: true, tables: TABLES.length });
  }, 300_000);

  it('fails verification naming the one table changed inside the stored datadir', async () => {
    expect(taken, 'the backup of the first test').toBeDefined();
    await editInPlace(join(taken.dir, 'data'), `UPDATE \`${db}\`.projects SET name = CONCAT(name, 'x') ORDER BY id LIMIT 1`);
    const report = await invoke<VerifyReport>(rt, 'backup.verify', { connectionId, dir: taken.dir });
    expect(report.verified).toBe(false);
    expect(report.differing).toEqual(['projects']);
    const projects = report.tables.find((t) => t.table === 'projects')!;
    expect(projects.actualRows).toBe(projects.expectedRows);
    expect(projects.reasons.join(' ')).toMatch(/checksum/);
    expect(report.dropped).toBe(true);
    const catalog = await invoke<CatalogEntry[]>(rt, 'backup.catalog', { connectionId });
    expect(catalog.find((c) => c.dir === taken.dir)).toMatchObject({ verified: false, differing: ['projects'] });
  }, 300_000);

  it('removes the scratch copy and stops its server when the verification is cancelled', async () => {
    expect(taken, 'the backup of the first test').toBeDefined();
    const before = existsSync(sandboxDir) ? readdirSync(sandboxDir).filter((n) => n.startsWith('dbw-restore-')) : [];
    const controller = new AbortController();
    const { verifyBackup } = await import('./backup.service');
    const { parseConnectionUrl } = await import('../../host/node/cli/flags');
    const cfg = parseConnectionUrl(`mysql://root@127.0.0.1:${mariadbServer.port}/`);
    const run = verifyBackup(
      { cfg, connectionId: 'test', runScratch: async () => 'not used' },
      taken.dir,
      (e) => {
        if (/Starting a scratch server/.test(e.message ?? '')) setTimeout(() => controller.abort(), 50);
      },
      controller.signal,
    );
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    const after = readdirSync(sandboxDir).filter((n) => n.startsWith('dbw-restore-'));
    expect(after.filter((n) => !before.includes(n))).toEqual([]);
  }, 120_000);
});

describe('physical backups on MySQL 9.7', () => {
  it('are refused with the reason: mariadb-backup copies MariaDB files only', async () => {
    const rt = testRuntime();
    try {
      const connectionId = await saveConnection(rt, mysqlServer, 'MySQL physical');
      await expect(
        invoke(rt, 'backup.run', { connectionId, spec: { database: 'cowrite', outDir: join(sandboxDir, 'dbw-pb-never'), tool: 'mariadb-backup' } }),
      ).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/Percona XtraBackup or MySQL Enterprise Backup/) });
      expect(existsSync(join(sandboxDir, 'dbw-pb-never'))).toBe(false);
    } finally {
      rt.close();
    }
  }, 60_000);
});
