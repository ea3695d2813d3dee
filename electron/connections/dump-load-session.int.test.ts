import { randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConnection, serverConnection } from '../testing/harness';
import { sqlServers } from '../testing/servers';
import type { ConnectionConfig } from '../store/connections.repo';
import { collectBinlogPosition } from './collectors/backup.collector';
import { DumpLoadSession } from './dump-load-session';
import { withMysqlSession } from './mysql-session';

const cfgOf = (server: (typeof sqlServers)[number], extra: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
  id: 't',
  ...serverConnection(server, 't'),
  ...extra,
});

const never = new AbortController().signal;
const sql = (text: string): Buffer => Buffer.from(text);

describe.each(sqlServers)('a dump load session on $label', (server) => {
  const db = `dbw_dls_${randomBytes(4).toString('hex')}`;
  let admin: mysql.Connection;
  const open = (opts: { skipBinlog?: boolean; signal?: AbortSignal } = {}, extra: Partial<ConnectionConfig> = {}): DumpLoadSession =>
    new DumpLoadSession(cfgOf(server, extra), db, { skipBinlog: opts.skipBinlog, signal: opts.signal ?? never });
  const count = async (table: string): Promise<number> => {
    const [[r]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${db}\`.\`${table}\``)) as unknown as [[{ n: number }]];
    return Number(r.n);
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`CREATE DATABASE \`${db}\``);
    await admin.query(`CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY, v LONGTEXT)`);
    await admin.query(`CREATE TABLE \`${db}\`.after_error (id INT PRIMARY KEY)`);
  });

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin?.end();
  });

  it('runs the statements written to it in chunks cut anywhere, in order, in the dump session it set up, out of the binary log', async () => {
    const before = await withMysqlSession(cfgOf(server), async (s) => collectBinlogPosition(s, s.flavor));
    const s = open({ skipBinlog: true });
    // A row with a ';' and a quoted line break, written a few bytes at a time.
    const text =
      "/*!40101 SET NAMES utf8mb4 */;\nSET autocommit=0;\nINSERT INTO `t` VALUES\n(1,'a;b'),\n(2,'x\\nINSERT INTO `t` VALUES (9,''y'');');\nCOMMIT;\n";
    for (let at = 0; at < text.length; at += 5) s.write(sql(text.slice(at, at + 5)));
    await s.barrier();
    expect(s.queued).toBe(0);
    await s.finish();
    const [rows] = (await admin.query(`SELECT id, v FROM \`${db}\`.t ORDER BY id`)) as unknown as [Array<{ id: number; v: string }>];
    expect(rows).toEqual([
      { id: 1, v: 'a;b' },
      { id: 2, v: "x\nINSERT INTO `t` VALUES (9,'y');" },
    ]);
    const after = await withMysqlSession(cfgOf(server), async (s2) => collectBinlogPosition(s2, s2.flavor));
    expect(after).toEqual(before);
    await admin.query(`DELETE FROM \`${db}\`.t`);
  });

  it('sends a statement larger than one protocol packet (16 MB) in several, or says the server refused it', async () => {
    const [[{ max }]] = (await admin.query('SELECT @@max_allowed_packet AS max')) as unknown as [[{ max: number }]];
    const s = open();
    const big = 'z'.repeat(17 << 20);
    s.write(sql(`INSERT INTO \`t\` VALUES (3,'${big}');\n`));
    if (Number(max) > 18 << 20) {
      await s.finish();
      const [[r]] = (await admin.query(`SELECT LENGTH(v) AS n FROM \`${db}\`.t WHERE id = 3`)) as unknown as [[{ n: number }]];
      expect(Number(r.n)).toBe(big.length);
      await admin.query(`DELETE FROM \`${db}\`.t`);
    } else {
      await expect(s.finish()).rejects.toMatchObject({ code: expect.stringMatching(/SERVER_ERROR|CONNECTION_LOST/) });
      expect(await count('t')).toBe(0);
    }
  }, 60_000);

  it("stops at the first failing statement with the server's error, and runs nothing after it", async () => {
    const s = open();
    s.write(sql('INSERT INTO `t` VALUES (5,NULL);\nINSERT INTO `t` VALUES (5,NULL);\nINSERT INTO `after_error` VALUES (1);\n'));
    await expect(s.barrier()).rejects.toMatchObject({ code: 'SERVER_ERROR', message: expect.stringMatching(/^ERROR 1062 \(23000\): Duplicate entry '5'/) });
    await expect(s.finish()).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    await s.exited;
    expect(await count('after_error')).toBe(0);
    await admin.query(`DELETE FROM \`${db}\`.t`);
  });

  /** The id of the connection running `DO SLEEP(n), '<marker>'` once the server shows it (0 if it never does). */
  const sleeping = async (marker: string): Promise<number> => {
    for (let i = 0; i < 100; i++) {
      const [rows] = (await admin.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE ?', [`DO SLEEP(%${marker}%`])) as unknown as [
        Array<{ id: number }>,
      ];
      if (rows[0]) return Number(rows[0].id);
      await new Promise((r) => setTimeout(r, 50));
    }
    return 0;
  };

  it('fails with CONNECTION_LOST when the server kills its connection mid-statement, and never hangs', async () => {
    const marker = `dls-kill-${db}`;
    const s = open();
    s.write(sql(`DO SLEEP(20), '${marker}';\nINSERT INTO \`after_error\` VALUES (2);\n`));
    const pending = s.barrier().then(
      () => null,
      (e: unknown) => e,
    );
    const id = await sleeping(marker);
    expect(id).toBeGreaterThan(0);
    const t0 = performance.now();
    await admin.query(`KILL ${id}`);
    expect(await pending).toMatchObject({ code: expect.stringMatching(/CONNECTION_LOST|SERVER_ERROR/) });
    expect(performance.now() - t0).toBeLessThan(10_000);
    await expect(s.finish()).rejects.toBeTruthy();
    expect(await count('after_error')).toBe(0);
  }, 60_000);

  it('says CANCELLED when its signal fires, and ends', async () => {
    const marker = `dls-cancel-${db}`;
    const stop = new AbortController();
    const s = open({ signal: stop.signal });
    s.write(sql(`DO SLEEP(20), '${marker}';\n`));
    const pending = s.barrier().catch((e: unknown) => e);
    const id = await sleeping(marker);
    expect(id).toBeGreaterThan(0);
    stop.abort();
    expect(await pending).toMatchObject({ code: 'CANCELLED' });
    await s.exited;
    // The server runs an abandoned statement to its end; this one is stopped so that no other test
    // (the backup lock's long-query check) meets it.
    await admin.query(`KILL QUERY ${id}`).catch(() => undefined);
  }, 60_000);

  it('reports wrong credentials from its first wait', async () => {
    const s = open({}, { password: 'not-the-password', user: 'dbw_no_such_user' });
    s.write(sql('INSERT INTO `after_error` VALUES (3);\n'));
    const err = (await s.barrier().catch((e: unknown) => e)) as { code: string; message: string };
    expect(err.code).toMatch(/AUTH|ACCESS|DENIED/);
    await s.exited;
    expect(await count('after_error')).toBe(0);
  });
});
