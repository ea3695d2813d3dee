import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupResult, VerifyReport } from '../../../shared/contract/backup';
import { adminConnection, invoke, testRuntime } from '../../testing/harness';
import { sandboxDir, sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';

/**
 * A backup of a database that is being written while it is taken: its checksums must read the
 * dump's own snapshot, or the tables written meanwhile never verify.
 */
describe.each(sqlServers)('a backup taken while the database is written, on $label', (server) => {
  const db = `dbw_bklive_${randomBytes(4).toString('hex')}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let root: string;
  let connectionId: string;

  /** Inserts and updates rows until stopped; resolves to the statements run and the slowest one's ms. */
  const startWriter = async (): Promise<{ stop: () => Promise<{ statements: number; slowestMs: number }> }> => {
    const c = await adminConnection(server, db);
    let running = true;
    let statements = 0;
    let slowestMs = 0;
    const loop = (async () => {
      while (running) {
        const t0 = Date.now();
        await c.query('INSERT INTO orders (customer, amount, note) VALUES (?, ?, REPEAT(?, 40))', [statements % 97, statements, 'n']);
        await c.query('UPDATE counters SET hits = hits + 1 WHERE id = ?', [1 + (statements % 5)]);
        slowestMs = Math.max(slowestMs, Date.now() - t0);
        statements++;
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        await c.end();
        return { statements, slowestMs };
      },
    };
  };

  const count = async (table: string): Promise<number> => {
    const [[row]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${db}\`.\`${table}\``)) as unknown as [[{ n: number }]];
    return Number(row.n);
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`CREATE DATABASE \`${db}\``);
    await admin.query(
      `CREATE TABLE \`${db}\`.orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer INT NOT NULL, amount INT NOT NULL, note VARCHAR(200), KEY (customer))`,
    );
    await admin.query(`CREATE TABLE \`${db}\`.counters (id INT PRIMARY KEY, hits BIGINT NOT NULL)`);
    await admin.query(`INSERT INTO \`${db}\`.counters VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0)`);
    // Enough rows that the dump takes a while: 40,000 orders.
    await admin.query(
      `INSERT INTO \`${db}\`.orders (customer, amount, note) SELECT a.n % 97, a.n, REPEAT('x', 150) FROM
        (SELECT (d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d) * 4 + d5.d AS n FROM
          (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) d1,
          (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) d2,
          (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) d3,
          (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) d4,
          (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) d5) a`,
    );
    rt = testRuntime();
    connectionId = (
      await invoke<{ id: string }>(rt, 'connections.save', {
        name: `${server.label} live`,
        kind: 'mysql',
        port: server.port,
        user: server.user,
        password: server.password,
      })
    ).id;
    mkdirSync(sandboxDir, { recursive: true });
    root = mkdtempSync(join(sandboxDir, 'dbw-bk-live-'));
  }, 60_000);

  afterAll(async () => {
    rt?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    await admin?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin?.end();
  });

  it.each(['mysqldump', 'mydumper'] as const)(
    'with %s: verifies, its checksums read in the dump snapshot, and writes wait only for the lock',
    async (tool) => {
      const before = await count('orders');
      const writer = await startWriter();
      await new Promise((r) => setTimeout(r, 300)); // the writer is going when the backup starts
      const taken = await invoke<BackupResult>(rt, 'backup.run', { connectionId, spec: { database: db, outDir: root, tool, verify: true } }).catch(
        (e: Error) => e,
      );
      const done = await writer.stop();
      if (taken instanceof Error) throw taken;
      const r = taken;
      const after = await count('orders');
      const dumped = r.manifest.tables.find((t) => t.table === 'orders')!.rows;
      // The writer wrote before, during and after the dump; the backup holds one instant of it.
      expect(dumped).toBeGreaterThan(before);
      expect(dumped).toBeLessThan(after);
      expect(done.statements).toBeGreaterThan(20);
      // Read after the dump, the checksums would count the rows written meanwhile: orders and counters would differ.
      expect(r.verification?.differing).toEqual([]);
      expect(r.verified).toBe(true);
      expect(r.verification?.caveat).toBeUndefined();
      expect(r.manifest.consistency).toMatchObject({ checksums: 'dump-snapshot' });
      const lockMs = (r.manifest.consistency as { lockMs: number }).lockMs;
      expect(lockMs).toBeLessThan(5000);
      expect(done.slowestMs).toBeLessThan(lockMs + 3000);
    },
    240_000,
  );

  it('without the RELOAD privilege: the backup is taken, its checksums read after the dump, and the manifest says why', async () => {
    const user = `dbw_bklive_${randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'pw-${user}'`);
    try {
      await admin.query(`GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON \`${db}\`.* TO '${user}'@'%'`);
      await admin.query(`GRANT PROCESS ON *.* TO '${user}'@'%'`);
      const id = (
        await invoke<{ id: string }>(rt, 'connections.save', {
          name: `${server.label} no reload`,
          kind: 'mysql',
          port: server.port,
          user,
          password: `pw-${user}`,
        })
      ).id;
      const r = await invoke<BackupResult>(rt, 'backup.run', { connectionId: id, spec: { database: db, outDir: root, tool: 'mysqldump', verify: false } });
      expect(r.manifest.consistency).toEqual({ checksums: 'after-dump', reason: expect.stringMatching(/RELOAD privilege/) });
      // Nor may it read the binlog position: where the server logs, the manifest says why it has none (not that logging is off).
      const [[{ logBin }]] = (await admin.query('SELECT @@log_bin AS logBin')) as unknown as [[{ logBin: number }]];
      expect(r.manifest.binlog.file).toBeNull();
      if (Number(logBin) === 1) expect(r.manifest.binlog.unreadable).toMatch(/^SHOW (MASTER|BINARY LOG) STATUS was refused: .*denied/i);
      else expect(r.manifest.binlog.unreadable).toBeUndefined();
      expect(r.manifest.tables.find((t) => t.table === 'orders')!.rows).toBe(await count('orders'));
      // Taken so while the database is written, its verification fails, and the report says why the tables may differ.
      const writer = await startWriter();
      await new Promise((res) => setTimeout(res, 300));
      const live = await invoke<BackupResult>(rt, 'backup.run', {
        connectionId: id,
        spec: { database: db, outDir: root, tool: 'mysqldump', verify: false },
      }).catch((e: Error) => e);
      await writer.stop();
      if (live instanceof Error) throw live;
      const report = await invoke<VerifyReport>(rt, 'backup.verify', { connectionId, dir: live.dir });
      expect(report.verified).toBe(false);
      expect(report.differing).toContain('orders');
      expect(report.caveat).toMatch(/^This backup's checksums were read after its dump \(the account may not take FLUSH TABLES WITH READ LOCK/);
    } finally {
      await admin.query(`DROP USER '${user}'@'%'`);
    }
  }, 120_000);
});
