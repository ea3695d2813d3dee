import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract } from '../../shared/contract';
import type { Measurement } from '../../shared/contract/actions';
import type { OutputOf } from '../../shared/contract/core';
import type { BackupResult } from '../../shared/contract/backup';
import { parseConnectionUrl } from '../host/node/cli/flags';
import { urlTarget } from '../host/node/cli/executor-runner';
import { filesUnder } from '../services/backup/backup.service';
import { AuditRepo } from '../store/audit.repo';
import { openWorkspace } from '../store/workspace.store';
import { PhysicalRestoreExecutor } from './physical-restore-executor';
import { freePort } from '../services/backup/scratch-instance';
import type { Runtime } from '../services/runtime';
import { adminConnection, invoke, saveConnection, testRuntime } from '../testing/harness';
import { mariadbServer, mysqlServer, sandboxDir } from '../testing/servers';

/** What the executor's calls answer, as the contract declares them. */
type Preview = OutputOf<AppContract, 'actions.preview'>;
type Applied = OutputOf<AppContract, 'actions.apply'>;

const metric = (m: Measurement | null, key: string) => m?.metrics.find((x) => x.key === key)?.value;
const TABLES = ['companies', 'users'];

function listening(port: number): Promise<boolean> {
  return adminConnection({ ...mariadbServer, port }).then(
    async (c) => {
      await c.end();
      return true;
    },
    () => false,
  );
}

describe('restoring a physical backup into a new datadir on MariaDB 10.11', () => {
  const db = `dbw_pr_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;
  let root: string;
  let backup: BackupResult;
  let backupFiles: Array<{ path: string; bytes: number }>;

  beforeAll(async () => {
    admin = await adminConnection(mariadbServer);
    await admin.query(`CREATE DATABASE \`${db}\``);
    await admin.query(`CREATE TABLE \`${db}\`.companies LIKE cowrite.companies`);
    await admin.query(`INSERT INTO \`${db}\`.companies SELECT * FROM cowrite.companies`);
    await admin.query(`CREATE TABLE \`${db}\`.users LIKE cowrite.users`);
    await admin.query(`INSERT INTO \`${db}\`.users SELECT * FROM cowrite.users LIMIT 500`);
    rt = testRuntime();
    connectionId = await saveConnection(rt, mariadbServer, 'MariaDB physical restores');
    mkdirSync(sandboxDir, { recursive: true });
    root = mkdtempSync(join(sandboxDir, 'dbw-pr-'));
    backup = await invoke<BackupResult>(rt, 'backup.run', {
      connectionId,
      spec: { database: db, outDir: join(root, 'b'), tool: 'mariadb-backup', verify: false },
    });
    expect(backup.manifest.tables.map((t) => t.table).sort()).toEqual(TABLES);
    backupFiles = await filesUnder(backup.dir);
  }, 300_000);

  afterAll(async () => {
    rt?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    await admin?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin?.end();
  });

  it('previews without writing, then copies, starts, verifies every table against the manifest and stops the server', async () => {
    const datadir = join(root, 'restored', 'data');
    const port = await freePort();
    const request = { planner: 'backup-physical-restore', params: { dir: backup.dir, datadir, start: true, port } };
    const p = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(p.writesNothing).toBe(true);
    expect(p.plan.steps.map((s) => s.id)).toEqual(['copy', 'config', 'verify']);
    expect(p.plan.steps[0]!.sql).toBe(
      `mariadb-backup --defaults-file=${backup.dir}/data/backup-my.cnf --copy-back --target-dir=${backup.dir}/data --datadir=${datadir}`,
    );
    expect(p.plan.steps[2]!.sql).toMatch(new RegExp(`^mariadbd --defaults-file=${datadir}/restore-my.cnf --user=\\S+$`));
    expect(p.plan.notes.join('\n')).toMatch(/Needs MariaDB 10\.11/);
    expect(p.plan.steps[1]!.sql).toContain(`\nport=${port}\n`);
    const copy = p.steps.find((s) => s.stepId === 'copy')!;
    expect(Number(copy.details.bytes)).toBeGreaterThan(1_000_000);
    expect(Number(copy.details.freeBytes)).toBeGreaterThan(Number(copy.details.needBytes));
    expect(p.steps.filter((s) => s.stepId === 'verify').map((s) => s.touches)).toEqual(TABLES.map((t) => `${db}.${t}`));
    expect(metric(p.before, 'exists')).toBe(0);
    // The preview wrote nothing: the target is still not there.
    expect(existsSync(join(root, 'restored'))).toBe(false);

    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: p.plan.hash });
    expect(applied.outcomes.map((o) => [o.stepId, o.status])).toEqual([
      ['copy', 'ok'],
      ['config', 'ok'],
      ['verify', 'ok'],
    ]);
    expect(applied.outcomes[2]!.message).toMatch(/^Verified: 2 table\(s\) equal to the manifest/);
    expect(applied.stoppedAt).toBeNull();
    expect(metric(applied.after, 'matching')).toBe(2);
    expect(metric(applied.after, 'exists')).toBe(1);
    // The restored datadir holds the copy and its option file; its server was shut down.
    expect(existsSync(join(datadir, db, 'users.ibd'))).toBe(true);
    expect(readFileSync(join(datadir, 'restore-my.cnf'), 'utf8')).toContain(`datadir=${datadir}`);
    expect(await listening(port)).toBe(false);
    expect(existsSync(join(datadir, 'mysqld.pid'))).toBe(false);
    // The backup folder was only read.
    expect(await filesUnder(backup.dir)).toEqual(backupFiles);
    const audit = await invoke<Array<{ planner: string; stepId: string; status: string }>>(rt, 'audit.list', { connectionId });
    expect(
      audit
        .filter((a) => a.planner === 'backup-physical-restore')
        .map((a) => [a.stepId, a.status])
        .sort(),
    ).toEqual([
      ['config', 'ok'],
      ['copy', 'ok'],
      ['verify', 'ok'],
    ]);
  }, 300_000);

  it('refuses a target that is not empty or lies inside the backup folder or the live datadir, and an apply of another plan, writing nothing', async () => {
    const full = join(root, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    await expect(
      invoke(rt, 'actions.preview', { connectionId, request: { planner: 'backup-physical-restore', params: { dir: backup.dir, datadir: full } } }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/is not empty \(1 entry\)/) });
    const inside = join(backup.dir, 'restored');
    await expect(
      invoke(rt, 'actions.preview', { connectionId, request: { planner: 'backup-physical-restore', params: { dir: backup.dir, datadir: inside } } }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/inside the backup folder/) });
    // Nor inside the running server's own datadir.
    const [[live]] = (await admin.query('SELECT @@datadir AS d')) as unknown as [[{ d: string }]];
    const inLive = join(live.d, `dbw_pr_never_${Date.now().toString(36)}`);
    await expect(
      invoke(rt, 'actions.preview', { connectionId, request: { planner: 'backup-physical-restore', params: { dir: backup.dir, datadir: inLive } } }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/inside the running server's datadir/) });
    expect(existsSync(inLive)).toBe(false);
    expect(readFileSync(join(full, 'keep.txt'), 'utf8')).toBe('mine');
    expect(existsSync(inside)).toBe(false);
    // An apply of another plan than the one previewed (here: with a start the preview did not have) is refused.
    const other = join(root, 'other');
    const copyOnly = await invoke<Preview>(rt, 'actions.preview', {
      connectionId,
      request: { planner: 'backup-physical-restore', params: { dir: backup.dir, datadir: other } },
    });
    await expect(
      invoke(rt, 'actions.apply', {
        connectionId,
        request: { planner: 'backup-physical-restore', params: { dir: backup.dir, datadir: other, start: true, port: await freePort() } },
        planHash: copyOnly.plan.hash,
      }),
    ).rejects.toMatchObject({ code: 'PLAN_CHANGED' });
    expect(existsSync(other)).toBe(false);
    // An apply whose target was filled after the preview is refused before anything runs.
    const later = join(root, 'later');
    const request = { planner: 'backup-physical-restore', params: { dir: backup.dir, datadir: later } };
    const p = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(p.plan.steps.map((s) => s.id)).toEqual(['copy', 'config']);
    mkdirSync(later);
    writeFileSync(join(later, 'x'), 'x');
    await expect(invoke(rt, 'actions.apply', { connectionId, request, planHash: p.plan.hash })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await filesUnder(later)).toEqual([{ path: 'x', bytes: 1 }]);
  }, 120_000);

  it('fails the verify step naming the table whose data differs from the manifest, and keeps the restored datadir', async () => {
    // A copy of the backup whose manifest records another checksum for users: what a backup whose files changed after it was taken looks like.
    const altered = join(root, 'altered', basename(backup.dir));
    cpSync(backup.dir, altered, { recursive: true });
    const manifestFile = join(altered, 'manifest.json');
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupResult['manifest'];
    m.tables = m.tables.map((t) => (t.table === 'users' ? { ...t, checksum: t.checksum === '1' ? '2' : '1' } : t));
    writeFileSync(manifestFile, JSON.stringify(m));
    // A datadir too deep for a socket address inside it: the server's socket goes to the temp folder.
    const datadir = join(root, 'restored-altered', 'd'.repeat(110));
    const request = { planner: 'backup-physical-restore', params: { dir: altered, datadir, start: true, port: await freePort() } };
    const p = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: p.plan.hash });
    expect(applied.outcomes.map((o) => [o.stepId, o.status])).toEqual([
      ['copy', 'ok'],
      ['config', 'ok'],
      ['verify', 'failed'],
    ]);
    expect(applied.outcomes[2]!.message).toMatch(/^NOT verified: 1 table\(s\) differ from the manifest: users\. users: .*checksum/);
    expect(applied.stoppedAt).toBe('verify');
    expect(metric(applied.after, 'matching')).toBe(1);
    expect(existsSync(join(datadir, db, 'users.ibd'))).toBe(true);
    expect(readFileSync(join(datadir, 'restore-my.cnf'), 'utf8')).toMatch(/^socket=.*mariadb-restore-[0-9a-f]{12}\.sock$/m);
  }, 180_000);

  it('stops on cancel — during the copy or while the server starts — says so, stops the server and deletes nothing', async () => {
    const cfg = urlTarget(parseConnectionUrl(`mysql://root@127.0.0.1:${mariadbServer.port}/`));
    const db2 = openWorkspace(join(root, 'cancel-workspace.sqlite'));
    try {
      const executor = new PhysicalRestoreExecutor({ audit: new AuditRepo(db2), actor: 'test' });
      const run = async (
        datadir: string,
        abortWhen: RegExp,
      ): Promise<{ outcomes: Array<{ stepId: string; status: string; message: string }>; port: number }> => {
        const port = await freePort();
        const params = { dir: backup.dir, datadir, start: true, port };
        const p = await invoke<Preview>(rt, 'actions.preview', { connectionId, request: { planner: 'backup-physical-restore', params } });
        const controller = new AbortController();
        const r = await executor.apply(cfg, params, p.plan.hash, undefined, controller.signal, (_d, _t, message) => {
          if (abortWhen.test(message) && !controller.signal.aborted) setTimeout(() => controller.abort(), 0);
        });
        return { outcomes: r.outcomes, port };
      };
      const duringCopy = await run(join(root, 'cancel-copy'), /^Step 1\/3/);
      expect(duringCopy.outcomes.map((o) => [o.stepId, o.status])).toEqual([
        ['copy', 'failed'],
        ['config', 'skipped'],
        ['verify', 'skipped'],
      ]);
      expect(duringCopy.outcomes[0]!.message).toMatch(/^CANCELLED: .*Nothing was deleted: .* may hold a partial copy/);
      expect(existsSync(join(root, 'cancel-copy', 'restore-my.cnf'))).toBe(false);

      const duringStart = await run(join(root, 'cancel-start'), /^Starting MariaDB/);
      expect(duringStart.outcomes.map((o) => [o.stepId, o.status])).toEqual([
        ['copy', 'ok'],
        ['config', 'ok'],
        ['verify', 'failed'],
      ]);
      expect(duringStart.outcomes[2]!.message).toMatch(/^CANCELLED: .* is restored as copied; the server was stopped/);
      expect(await listening(duringStart.port)).toBe(false);
      expect(existsSync(join(root, 'cancel-start', db, 'users.ibd'))).toBe(true);
      expect(await filesUnder(backup.dir)).toEqual(backupFiles);
    } finally {
      db2.close();
    }
  }, 180_000);

  it('is refused on MySQL: physical backups are MariaDB-only', async () => {
    const mysqlId = await saveConnection(rt, mysqlServer, 'MySQL physical restore');
    const datadir = join(root, 'never');
    await expect(
      invoke(rt, 'actions.preview', { connectionId: mysqlId, request: { planner: 'backup-physical-restore', params: { dir: backup.dir, datadir } } }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/MariaDB-only/) });
    expect(existsSync(datadir)).toBe(false);
  }, 60_000);
});
