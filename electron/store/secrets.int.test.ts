import type mysql from 'mysql2/promise';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../services/runtime';
import { adminConnection, invoke } from '../testing/harness';
import { sqlServers } from '../testing/servers';
import { aesSecretBox } from './secret-box';

const runtimeOn = (dir: string, keyByte: number): Runtime =>
  createRuntime({ workspaceDir: dir, host: 'node', secrets: aesSecretBox(Buffer.alloc(32, keyByte), 'test', 'the test key'), version: 'test' });

interface Applied {
  outcomes: Array<{ status: string; message: string }>;
}

describe.each(sqlServers)('secrets against $label', (server) => {
  const user = `dbw_sec_${process.pid}_${server.port}`;
  const dir = mkdtempSync(join(tmpdir(), 'dbw-it-secrets-'));
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP USER IF EXISTS ?@'%'`, [user]);
    rt = runtimeOn(dir, 5);
    connectionId = (
      await invoke<{ id: string }>(rt, 'connections.save', { name: 'admin', kind: 'mysql', port: server.port, user: server.user, password: server.password })
    ).id;
  });

  afterAll(async () => {
    rt.close();
    await admin.query(`DROP USER IF EXISTS ?@'%'`, [user]);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  const apply = async (sql: string): Promise<Applied> => {
    const request = { planner: 'sql-statement', params: { sql } };
    const preview = await invoke<{ plan: { hash: string } }>(rt, 'actions.preview', { connectionId, request });
    return invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
  };

  it('audits password changes run through the executor with the passwords redacted, failures and their server errors included', async () => {
    const setPassword = server.label.startsWith('MariaDB')
      ? `SET PASSWORD FOR '${user}'@'%' = PASSWORD('it-pw-3')`
      : `SET PASSWORD FOR '${user}'@'%' = 'it-pw-3'`;
    expect((await apply(`CREATE USER '${user}'@'%' IDENTIFIED BY 'it-pw-1'`)).outcomes[0]!.status).toBe('ok');
    expect((await apply(`ALTER USER '${user}'@'%' IDENTIFIED BY 'it-pw-2\\'s'`)).outcomes[0]!.status).toBe('ok');
    expect((await apply(setPassword)).outcomes[0]!.status).toBe('ok');
    // A syntax error whose message quotes the statement from the secret on.
    const failed = await apply(`CREATE USER '${user}_x'@'%' IDENTIFIED BY 'it-pw-4' REPLACE 'it-pw-old' NEVR`);
    expect(failed.outcomes[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/syntax/) });

    const audit = await invoke<Array<{ sql: string; message: string; planTitle: string }>>(rt, 'audit.list', { connectionId, limit: 10 });
    expect(audit.map((a) => a.sql)).toEqual([
      `CREATE USER '${user}_x'@'%' IDENTIFIED BY '<redacted>' REPLACE '<redacted>' NEVR`,
      setPassword.replace(/'it-pw-3'/, "'<redacted>'"),
      `ALTER USER '${user}'@'%' IDENTIFIED BY '<redacted>'`,
      `CREATE USER '${user}'@'%' IDENTIFIED BY '<redacted>'`,
    ]);
    expect(audit[0]!.message).toMatch(/near .*<redacted>/);
    expect(JSON.stringify(audit)).not.toMatch(/it-pw/);
    rt.close();
    // Closed cleanly: SQLite has folded the WAL into the database file and removed it.
    const bytes = readFileSync(join(dir, 'workspace.sqlite'));
    expect(bytes.includes('it-pw')).toBe(false);
    rt = runtimeOn(dir, 5);
  });

  it('a saved password sealed with another key is SECRET_UNREADABLE through the API, and works again once re-entered', async () => {
    const id = (await invoke<{ id: string }>(rt, 'connections.save', { name: 'app user', kind: 'mysql', port: server.port, user, password: 'it-pw-3' })).id;
    await expect(invoke(rt, 'connections.test', { id })).resolves.toMatchObject({ ok: true });
    rt.close();

    rt = runtimeOn(dir, 6);
    expect(rt.keyStatus).toMatchObject({ state: 'changed', unreadable: 1 });
    await expect(invoke(rt, 'connections.test', { id })).rejects.toMatchObject({
      code: 'SECRET_UNREADABLE',
      message: expect.stringMatching(/"app user" cannot be opened: the test key is not the key they were sealed with/),
    });
    // The editor and the executor get the same typed error, not a cipher message.
    await expect(invoke(rt, 'actions.preview', { connectionId: id, request: { planner: 'sql-statement', params: { sql: 'DO 1' } } })).rejects.toMatchObject({
      code: 'SECRET_UNREADABLE',
    });
    const list = await invoke<Array<{ id: string; secretUnreadable: boolean }>>(rt, 'connections.list', {});
    expect(list.find((c) => c.id === id)?.secretUnreadable).toBe(true);

    await invoke(rt, 'connections.save', { id, name: 'app user', kind: 'mysql', port: server.port, user, password: 'it-pw-3' });
    await expect(invoke(rt, 'connections.test', { id })).resolves.toMatchObject({ ok: true });
    expect(await invoke(rt, 'connections.keyStatus', {})).toEqual({ state: 'ok', unreadable: 0, message: null });
  });
});
