import { describe, expect, it } from 'vitest';
import { MysqlSession } from './mysql-session';
import { sqlServers } from '../testing/servers';
import type { ConnectionConfig } from '../store/connections.repo';

const cfg = (port: number, readTimeoutMs: number): ConnectionConfig => ({
  id: 't',
  name: 't',
  kind: 'mysql',
  host: '127.0.0.1',
  port,
  user: 'root',
  password: '',
  database: 'cowrite',
  socket: '',
  tls: { mode: 'preferred' },
  production: true,
  readTimeoutMs,
});

describe.each(sqlServers)('read session on $label', (server) => {
  it('stops a read at the statement time limit with TIMEOUT', async () => {
    const s = await MysqlSession.open(cfg(server.port, 300));
    try {
      const t0 = Date.now();
      await expect(s.query('SELECT COUNT(*) FROM document_versions a JOIN document_versions b ON a.content < b.content')).rejects.toMatchObject({
        code: 'TIMEOUT',
      });
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await s.close();
    }
  });

  it('refuses statements that could write, and EXPLAIN ANALYZE of a write', async () => {
    const s = await MysqlSession.open(cfg(server.port, 5000));
    try {
      for (const sql of [
        'DELETE FROM users',
        'update users set role = 1',
        'SET GLOBAL max_connections = 1',
        'EXPLAIN ANALYZE DELETE FROM users',
        'ANALYZE TABLE users',
        '/* x */ DROP TABLE users',
      ]) {
        await expect(s.query(sql)).rejects.toMatchObject({ code: 'READ_ONLY' });
      }
      expect(await s.query<{ n: number }>('/* hint */ SELECT 1 AS n')).toEqual([{ n: 1 }]);
      expect((await s.query('EXPLAIN SELECT * FROM users WHERE id = 1')).length).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('says CONNECTION_LOST when the server drops the session mid-query, and a new session works', async () => {
    const s = await MysqlSession.open(cfg(server.port, 30_000));
    const killer = await MysqlSession.open(cfg(server.port, 5000));
    try {
      const id = (await s.query<{ id: number }>('SELECT CONNECTION_ID() AS id'))[0]!.id;
      // The outcome is captured at once, so the rejection is never left unhandled while we wait.
      const running = s.query('SELECT SLEEP(20) AS s').then(
        () => null,
        (e: unknown) => e as { code: string; message: string },
      );
      // Wait until the server shows the statement running, then drop its connection from outside.
      for (let i = 0; i < 50; i++) {
        const rows = await killer.query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ${Number(id)} AND INFO LIKE 'SELECT SLEEP%'`,
        );
        if (Number(rows[0]!.n) > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const admin = await import('mysql2/promise').then((m) => m.createConnection({ host: '127.0.0.1', port: server.port, user: 'root' }));
      try {
        await admin.query(`KILL CONNECTION ${Number(id)}`);
      } finally {
        await admin.end();
      }
      const t0 = Date.now();
      const err = await running;
      expect(err).toMatchObject({ code: 'CONNECTION_LOST' });
      expect(err!.message).toMatch(/127\.0\.0\.1/);
      expect(Date.now() - t0).toBeLessThan(5000);
      const again = await MysqlSession.open(cfg(server.port, 5000));
      try {
        expect(await again.query<{ n: number }>('SELECT 1 AS n')).toEqual([{ n: 1 }]);
      } finally {
        await again.close();
      }
    } finally {
      await s.close().catch(() => undefined);
      await killer.close();
    }
  });
});
