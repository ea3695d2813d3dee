/**
 * The read-only account plan on both servers: previewed (writes nothing), applied through the
 * executor, verified with SHOW GRANTS; then the account reads what the app needs and the server
 * refuses it every write, file and global change on its own.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlResult } from '../../../shared/contract/sql.calls';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';

const DB = 'dbw_ro_test_account';
const USER = `dbw_ro_${process.pid}`;
const PASSWORD = 'Read-only-pass-2026';
const rt = testRuntime();
afterAll(() => rt.close());

interface Preview {
  plan: { hash: string; steps: Array<{ id: string; sql: string; rollback: string | null }> };
  before: { metrics: Array<{ key: string; value: unknown }> };
  writesNothing: boolean;
}
interface Applied {
  outcomes: Array<{ stepId: string; status: string; message: string }>;
  stoppedAt: string | null;
  after: { metrics: Array<{ key: string; value: unknown }> } | null;
}

describe.each(sqlServers)('read-only account plan on $label', (server) => {
  const mariadb = server.label.startsWith('MariaDB');
  let admin: mysql.Connection;
  let connectionId = '';
  const request = { planner: 'read-only-account', params: { user: USER, host: '%', password: PASSWORD } };

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP USER IF EXISTS '${USER}'@'%'`);
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.query(`CREATE DATABASE ${DB}`);
    await admin.query(`CREATE TABLE ${DB}.t (id INT PRIMARY KEY, msg VARCHAR(20))`);
    await admin.query(`INSERT INTO ${DB}.t VALUES (1, 'a')`);
    await admin.query(`CREATE FUNCTION ${DB}.f() RETURNS INT DETERMINISTIC NO SQL RETURN 1`);
    connectionId = await saveConnection(rt, server, `Account ${server.label}`);
  });

  afterAll(async () => {
    try {
      await admin.query(`DROP USER IF EXISTS '${USER}'@'%'`);
      await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    } finally {
      await admin.end();
    }
  });

  it('previews CREATE USER and GRANT without creating anything, then applies and verifies the grants', async () => {
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(preview.writesNothing).toBe(true);
    expect(preview.plan.steps.map((s) => s.id)).toEqual(['create-user', 'grant']);
    expect(preview.plan.steps[0]!.sql).toBe(`CREATE USER '${USER}'@'%' IDENTIFIED BY '${PASSWORD}'`);
    expect(preview.plan.steps[0]!.rollback).toBe(`DROP USER '${USER}'@'%'`);
    expect(preview.plan.steps[1]!.sql).toBe(`GRANT SELECT, PROCESS, SHOW VIEW, REPLICATION CLIENT${mariadb ? ', SLAVE MONITOR' : ''} ON *.* TO '${USER}'@'%'`);
    expect(preview.before.metrics.find((m) => m.key === 'account')?.value).toBe('absent');
    const [[n]] = (await admin.query('SELECT COUNT(*) AS n FROM mysql.user WHERE User = ?', [USER])) as unknown as [[{ n: number }]];
    expect(Number(n.n)).toBe(0);

    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
    expect(applied.stoppedAt).toBeNull();
    expect(applied.outcomes.map((o) => o.status)).toEqual(['ok', 'ok']);
    expect(applied.after?.metrics.find((m) => m.key === 'account')?.value).toBe('exists');
    const grants = String(applied.after?.metrics.find((m) => m.key === 'grants')?.value);
    // MariaDB shows REPLICATION CLIENT under its 10.5+ name, BINLOG MONITOR.
    expect(grants).toContain(
      mariadb ? 'GRANT SELECT, PROCESS, BINLOG MONITOR, SHOW VIEW, SLAVE MONITOR ON *.*' : 'GRANT SELECT, PROCESS, REPLICATION CLIENT, SHOW VIEW ON *.*',
    );
    expect(grants).not.toMatch(/FILE|SUPER|INSERT|UPDATE|DELETE|EXECUTE|PASSWORD/);
    // A second preview refuses: the account exists.
    await expect(invoke(rt, 'actions.preview', { connectionId, request })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('the account reads what the app needs, and the server refuses it every write on its own', async () => {
    const [[plugin]] = (await admin.query('SELECT plugin FROM mysql.user WHERE User = ?', [USER])) as unknown as [[{ plugin: string }]];
    expect(plugin.plugin).toBe(mariadb ? 'mysql_native_password' : 'caching_sha2_password');
    const ro = await mysql.createConnection({ host: server.host, port: server.port, user: USER, password: PASSWORD });
    try {
      const [rows] = await ro.query(`SELECT msg FROM ${DB}.t`);
      expect(rows).toEqual([{ msg: 'a' }]);
      await ro.query('SHOW FULL PROCESSLIST');
      await ro.query('SHOW REPLICA STATUS');
      // The read guard needs function bodies and view definitions.
      const [defs] = await ro.query('SELECT ROUTINE_DEFINITION AS d FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?', [DB]);
      expect(defs).toEqual([{ d: 'RETURN 1' }]);
      for (const sql of [
        `INSERT INTO ${DB}.t VALUES (2, 'b')`,
        `DELETE FROM ${DB}.t`,
        `CREATE TABLE ${DB}.t2 (a INT)`,
        'SET GLOBAL max_connections = 777',
        `SELECT * FROM ${DB}.t INTO OUTFILE 'dbw_ro_account_${process.pid}.txt'`,
        `SELECT ${DB}.f()`,
      ]) {
        await expect(ro.query(sql), sql).rejects.toMatchObject({ errno: expect.any(Number) });
      }
    } finally {
      await ro.end();
    }
    const [[row]] = (await admin.query(`SELECT COUNT(*) AS n, @@GLOBAL.max_connections AS mc FROM ${DB}.t`)) as unknown as [[{ n: number; mc: number }]];
    expect(Number(row.n)).toBe(1);
    expect(Number(row.mc)).not.toBe(777);
  });

  it('a connection saved with the account runs reads in the editor', async () => {
    const id = await invoke<{ id: string }>(rt, 'connections.save', {
      name: `RO ${server.label}`,
      kind: 'mysql',
      port: server.port,
      user: USER,
      password: PASSWORD,
    });
    const run = await invoke<{ results: SqlResult[] }>(rt, 'sql.run', {
      connectionId: id.id,
      sql: `SELECT COUNT(*) AS n FROM ${DB}.t`,
      pageSize: 10,
      runId: `acct-${Date.now()}`,
    });
    expect(run.results[0]!.error).toBeNull();
    expect(Number(run.results[0]!.rows[0]![0])).toBe(1);
  });
});
