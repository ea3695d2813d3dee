import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement } from '../../shared/contract/actions';
import type { BackupResult, TableChecksum } from '../../shared/contract/backup';
import { collectTableChecksums } from '../connections/collectors/backup.collector';
import { withMysqlSession } from '../connections/mysql-session';
import { parseConnectionUrl } from '../host/node/cli/flags';
import { adminConnection, invoke, saveConnection, testRuntime } from '../testing/harness';
import { sandboxDir, sqlServers } from '../testing/servers';
import type { Runtime } from '../services/runtime';

interface Preview {
  plan: { hash: string; steps: Array<{ id: string; sql: string; risk: string; estimate: string; noRollback?: string }>; notes: string[] };
  steps: Array<{ stepId: string; touches: string; details: Record<string, string | number | null> }>;
  before: Measurement;
  writesNothing: true;
}
interface Applied {
  outcomes: Array<{ stepId: string; status: string; message: string }>;
  stoppedAt: string | null;
  after: Measurement | null;
}

const metric = (m: Measurement | null, key: string) => m?.metrics.find((x) => x.key === key)?.value;

describe.each(sqlServers)('restore plans of logical backups on $label', (server) => {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const src = `dbw_pb_rs_${id}`;
  const fresh = `dbw_pb_rn_${id}`;
  const existing = `dbw_pb_re_${id}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;
  let root: string;
  let backup: BackupResult;

  const sums = (db: string): Promise<TableChecksum[]> =>
    withMysqlSession(parseConnectionUrl(`mysql://root@127.0.0.1:${server.port}/${db}`), (s) => collectTableChecksums(s, db));
  const exists = async (db: string): Promise<boolean> => {
    const [rows] = await admin.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [db]);
    return (rows as unknown[]).length > 0;
  };
  /** Binlog events since `from` that name `db` (other databases' writes on a shared server are ignored). */
  const binlogEventsNaming = async (from: { file: string; pos: number } | null, db: string): Promise<string[]> => {
    if (!from) return [];
    const [rows] = await admin.query(`SHOW BINLOG EVENTS IN ? FROM ${from.pos} LIMIT 100000`, [from.file]);
    return (rows as Array<{ Info: string }>).map((r) => String(r.Info)).filter((i) => i.includes(db));
  };
  const binlogAt = async (): Promise<{ file: string; pos: number } | null> => {
    const [[on]] = (await admin.query('SELECT @@log_bin AS b')) as unknown as [[{ b: number }]];
    if (Number(on.b) !== 1) return null;
    const [rows] = await admin.query(/MariaDB/i.test(server.label) ? 'SHOW MASTER STATUS' : 'SHOW BINARY LOG STATUS');
    const r = (rows as Array<{ File: string; Position: number }>)[0]!;
    return { file: r.File, pos: Number(r.Position) };
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`CREATE DATABASE \`${src}\``);
    await admin.query(`CREATE TABLE \`${src}\`.companies LIKE cowrite.companies`);
    await admin.query(`INSERT INTO \`${src}\`.companies SELECT * FROM cowrite.companies`);
    await admin.query(`CREATE TABLE \`${src}\`.users LIKE cowrite.users`);
    await admin.query(`INSERT INTO \`${src}\`.users SELECT * FROM cowrite.users LIMIT 500`);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} restores`);
    mkdirSync(sandboxDir, { recursive: true });
    root = mkdtempSync(join(sandboxDir, 'dbw-pb-restore-'));
    backup = await invoke<BackupResult>(rt, 'backup.run', { connectionId, spec: { database: src, outDir: root, tool: 'mysqldump', verify: true } });
    expect(backup.verified).toBe(true);
  }, 180_000);

  afterAll(async () => {
    rt?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    for (const db of [src, fresh, existing]) await admin?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin?.end();
  });

  it('previews a restore into a new database without writing, then applies and verifies it against the manifest', async () => {
    const request = { planner: 'backup-restore', params: { dir: backup.dir, into: fresh } };
    const at = await binlogAt();
    const p = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(p.writesNothing).toBe(true);
    expect(p.plan.steps.map((s) => s.id)).toEqual(['create', 'load']);
    expect(p.plan.steps[0]!.sql).toBe(`CREATE DATABASE \`${fresh}\``);
    expect(p.plan.steps[1]!.estimate).toMatch(/about \d+\.\d s \(its last restore\)/);
    expect(p.steps.map((s) => [s.touches, s.details.action, s.details.rowsLost])).toEqual([
      [`${fresh}.companies`, 'create', 0],
      [`${fresh}.users`, 'create', 0],
    ]);
    expect(p.plan.notes[0]).toMatch(/does not exist/);
    expect(metric(p.before, 'exists')).toBe(0);
    // The preview wrote nothing: the target is not there and the binlog holds no event naming it.
    expect(await exists(fresh)).toBe(false);
    expect(await binlogEventsNaming(at, fresh)).toEqual([]);

    const messages: string[] = [];
    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: p.plan.hash });
    messages.push(...applied.outcomes.map((o) => o.message));
    expect(applied.outcomes.map((o) => [o.stepId, o.status])).toEqual([
      ['create', 'ok'],
      ['load', 'ok'],
    ]);
    expect(applied.stoppedAt).toBeNull();
    expect(metric(applied.after, 'matching')).toBe(2);
    const verified = await invoke<Measurement>(rt, 'actions.verify', { connectionId, request });
    expect(metric(verified, 'matching')).toBe(2);
    const restored = await sums(fresh);
    expect(restored.map((t) => [t.table, t.rows, t.checksum])).toEqual(backup.manifest.tables.map((t) => [t.table, t.rows, t.checksum]));
    const audit = await invoke<Array<{ planner: string; stepId: string; status: string }>>(rt, 'audit.list', { connectionId });
    expect(audit.filter((a) => a.planner === 'backup-restore').map((a) => [a.stepId, a.status])).toEqual([
      ['load', 'ok'],
      ['create', 'ok'],
    ]);
  }, 180_000);

  it('says what an existing target would lose, leaves it untouched on preview, and keeps its other tables on apply', async () => {
    await admin.query(`CREATE DATABASE \`${existing}\``);
    await admin.query(`CREATE TABLE \`${existing}\`.companies LIKE cowrite.companies`);
    await admin.query(`INSERT INTO \`${existing}\`.companies SELECT * FROM cowrite.companies LIMIT 7`);
    await admin.query(`CREATE TABLE \`${existing}\`.keepme (id INT PRIMARY KEY, v VARCHAR(10))`);
    await admin.query(`INSERT INTO \`${existing}\`.keepme VALUES (1, 'a'), (2, 'b')`);
    const request = { planner: 'backup-restore', params: { dir: backup.dir, into: existing } };
    const before = await sums(existing);
    const at = await binlogAt();
    const p = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(p.plan.steps.map((s) => s.id)).toEqual(['load']);
    expect(p.plan.steps[0]!.risk).toBe('high');
    expect(p.plan.steps[0]!.noRollback).toMatch(/current contents of companies \(7 rows\) are replaced/);
    expect(Object.fromEntries(p.steps.map((s) => [s.touches, [s.details.action, s.details.rowsLost]]))).toEqual({
      [`${existing}.companies`]: ['overwrite', 7],
      [`${existing}.users`]: ['create', 0],
      [`${existing}.keepme`]: ['keep', 0],
    });
    expect(p.plan.notes[0]).toMatch(/exists with 2 table\(s\)\. 1 would be dropped and re-created from the backup, losing the 7 row\(s\)/);
    expect(metric(p.before, 'matching')).toBe(0);
    expect(await sums(existing)).toEqual(before);
    expect(await binlogEventsNaming(at, existing)).toEqual([]);

    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: p.plan.hash });
    expect(applied.outcomes.map((o) => o.status)).toEqual(['ok']);
    expect(metric(applied.after, 'matching')).toBe(2);
    const now = await sums(existing);
    expect(now.map((t) => t.table)).toEqual(['companies', 'keepme', 'users']);
    expect(now.find((t) => t.table === 'keepme')).toEqual(before.find((t) => t.table === 'keepme'));
    expect(now.find((t) => t.table === 'companies')!.rows).toBe(backup.manifest.tables.find((t) => t.table === 'companies')!.rows);
  }, 180_000);

  it('refuses an apply whose target changed since the preview', async () => {
    const into = `${fresh}_x`;
    const request = { planner: 'backup-restore', params: { dir: backup.dir, into } };
    const p = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    await admin.query(`CREATE DATABASE \`${into}\``);
    try {
      await expect(invoke(rt, 'actions.apply', { connectionId, request, planHash: p.plan.hash })).rejects.toMatchObject({ code: 'PLAN_CHANGED' });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${into}\``);
    }
  }, 60_000);
});
