import { randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConnection } from '../testing/harness';
import { sqlServers } from '../testing/servers';
import type { ConnectionConfig } from '../store/connections.repo';
import { takeBackupLock, type BackupLock } from './backup-lock';
import { MysqlSession } from './mysql-session';

const cfgOf = (server: (typeof sqlServers)[number], database: string): ConnectionConfig => ({
  id: 't',
  name: 't',
  kind: 'mysql',
  host: server.host,
  port: server.port,
  user: server.user,
  password: server.password,
  database,
  socket: '',
  tls: { mode: 'preferred' },
  production: true,
  readTimeoutMs: 30_000,
});

const lockOf = (outcome: Awaited<ReturnType<typeof takeBackupLock>>): BackupLock => {
  if ('refused' in outcome) throw new Error(`refused: ${outcome.refused}`);
  return outcome.lock;
};

/** Resolves once `p` settles, or to 'pending' after `ms`. */
const settledWithin = <T>(p: Promise<T>, ms: number): Promise<'settled' | 'pending'> =>
  Promise.race([p.then(() => 'settled' as const), new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

describe.each(sqlServers)('the backup lock on $label', (server) => {
  const db = `dbw_bklock_${randomBytes(4).toString('hex')}`;
  let admin: mysql.Connection;
  let writer: mysql.Connection;

  beforeAll(async () => {
    admin = await adminConnection(server);
    writer = await adminConnection(server, undefined);
    await admin.query(`CREATE DATABASE \`${db}\``);
    await admin.query(`CREATE TABLE \`${db}\`.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)`);
    await admin.query(`INSERT INTO \`${db}\`.t (v) VALUES (1), (2), (3)`);
  }, 30_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await writer?.end();
    await admin?.end();
  });

  it('holds commits while held; a snapshot opened under it sees the rows committed before, not those after', async () => {
    const session = await MysqlSession.open(cfgOf(server, db));
    try {
      const lock = lockOf(await takeBackupLock(cfgOf(server, db), { longQuerySeconds: 60, lockWaitSeconds: 2, maxHoldMs: 20_000 }));
      await session.holdSnapshot();
      const insert = writer.query(`INSERT INTO \`${db}\`.t (v) VALUES (4)`);
      expect(await settledWithin(insert, 700)).toBe('pending'); // waiting for the global read lock
      const { heldMs, expired } = await lock.release();
      expect(expired).toBe(false);
      expect(heldMs).toBeGreaterThanOrEqual(600);
      await insert;
      const [row] = await session.query<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${db}\`.t`);
      expect(Number(row!.n)).toBe(3); // the snapshot predates the insert
      const [[now]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${db}\`.t`)) as unknown as [[{ n: number }]];
      expect(Number(now.n)).toBe(4);
      // Still a read session: a write in the held snapshot is refused (by the guard, and the transaction is READ ONLY).
      await expect(session.query(`DELETE FROM \`${db}\`.t`)).rejects.toMatchObject({ code: expect.stringMatching(/READ_ONLY|BAD_INPUT/) });
    } finally {
      await session.close();
    }
  }, 30_000);

  it('lets go by itself after maxHoldMs, and says so', async () => {
    const lock = lockOf(await takeBackupLock(cfgOf(server, db), { longQuerySeconds: 60, lockWaitSeconds: 2, maxHoldMs: 300 }));
    await new Promise((r) => setTimeout(r, 500));
    expect(await settledWithin(writer.query(`INSERT INTO \`${db}\`.t (v) VALUES (5)`), 3000)).toBe('settled');
    expect(await lock.release()).toMatchObject({ expired: true });
  }, 30_000);

  it('is not taken while a query has run for longQuerySeconds, naming it', async () => {
    const sleeper = await adminConnection(server);
    try {
      const sleeping = sleeper.query('SELECT SLEEP(4) AS dbw_long_query').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1500));
      const outcome = await takeBackupLock(cfgOf(server, db), { longQuerySeconds: 1, lockWaitSeconds: 2, maxHoldMs: 5000 });
      expect(outcome).toMatchObject({ refused: expect.stringMatching(/a query has run for \d+ s \(connection \d+: SELECT SLEEP\(4\)/) });
      // Nothing was locked: a write goes through at once.
      expect(await settledWithin(writer.query(`INSERT INTO \`${db}\`.t (v) VALUES (6)`), 3000)).toBe('settled');
      await sleeping;
    } finally {
      await sleeper.end();
    }
  }, 30_000);

  it('gives up after lockWaitSeconds when a session holds a table write lock, and holds nothing', async () => {
    const holder = await adminConnection(server);
    try {
      await holder.query(`LOCK TABLES \`${db}\`.t WRITE`);
      const t0 = Date.now();
      const outcome = await takeBackupLock(cfgOf(server, db), { longQuerySeconds: 60, lockWaitSeconds: 1, maxHoldMs: 5000 });
      expect(outcome).toMatchObject({ refused: expect.stringMatching(/waited 1 s/) });
      expect(Date.now() - t0).toBeLessThan(10_000);
      await holder.query('UNLOCK TABLES');
      expect(await settledWithin(writer.query(`INSERT INTO \`${db}\`.t (v) VALUES (7)`), 3000)).toBe('settled');
    } finally {
      await holder.end();
    }
  }, 30_000);

  it('is refused, with the reason, to an account without the RELOAD privilege', async () => {
    const user = `dbw_bklock_${randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'pw-${user}'`);
    try {
      await admin.query(`GRANT SELECT ON \`${db}\`.* TO '${user}'@'%'`);
      const outcome = await takeBackupLock(
        { ...cfgOf(server, db), user, password: `pw-${user}` },
        { longQuerySeconds: 60, lockWaitSeconds: 1, maxHoldMs: 5000 },
      );
      expect(outcome).toMatchObject({ refused: expect.stringMatching(/RELOAD privilege/) });
    } finally {
      await admin.query(`DROP USER '${user}'@'%'`);
    }
  }, 30_000);
});
