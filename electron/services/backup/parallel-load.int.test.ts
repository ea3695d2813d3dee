import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableChecksum } from '../../../shared/contract/backup';
import { collectTableChecksums } from '../../connections/collectors/backup.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import { dumpCommand, parallelLoadCommand } from '../../engines/backup/tool-args';
import { parseConnectionUrl } from '../../host/node/cli/flags';
import { adminConnection } from '../../testing/harness';
import { sandboxDir, sqlServers } from '../../testing/servers';
import { DumpLoadSession } from '../../connections/dump-load-session';
import { loadDumpInParallel, type ParallelLoadOptions } from './parallel-load';
import { runTool, withToolEndpoint } from './tool-runner';

const never = new AbortController().signal;

// The rows go to more copies of the mariadb client, or to dump load sessions that send the statements
// themselves (what a backup's verification uses); the structures always to the client.
const ROWS = ['mariadb clients', 'dump load sessions'] as const;

describe.each(sqlServers.flatMap((s) => ROWS.map((rows) => ({ ...s, rows }))))(
  'restoring a SQL dump on several connections on $label, rows on $rows',
  (server) => {
    const suffix = randomBytes(4).toString('hex');
    const source = `dbw_bk_pl_${suffix}`;
    const scratches: string[] = [];
    const cfg = parseConnectionUrl(`mysql://root@127.0.0.1:${server.port}/`);
    let admin: mysql.Connection;
    let root: string;
    let dump: string;
    let smallInserts: string;
    let expected: TableChecksum[];

    const checksums = (db: string): Promise<TableChecksum[]> => withMysqlSession({ ...cfg, database: db }, (s) => collectTableChecksums(s, db));
    const scratch = async (): Promise<string> => {
      const name = `dbw_bk_pls_${suffix}_${scratches.length}`;
      scratches.push(name);
      await admin.query(`CREATE DATABASE \`${name}\``);
      return name;
    };
    const sessions = server.rows === 'dump load sessions';
    const rowsOn = (db: string): ParallelLoadOptions['rowsClient'] =>
      sessions ? (stop) => new DumpLoadSession(cfg, db, { skipBinlog: true, signal: stop }) : undefined;
    const load = (db: string, file: string, clients: number, signal = never, onTable?: (t: string) => void, partBytes?: number) =>
      withToolEndpoint(cfg, (e) =>
        loadDumpInParallel(parallelLoadCommand(e, db), createReadStream(file), clients, signal, onTable, { partBytes, rowsClient: rowsOn(db) }),
      );

    beforeAll(async () => {
      admin = await adminConnection(server);
      const inSource = async (sql: string): Promise<void> => {
        // Triggers and routines created from inside the database, so their stored text names no schema.
        const c = await adminConnection(server, source);
        try {
          await c.query(sql);
        } finally {
          await c.end();
        }
      };
      mkdirSync(sandboxDir, { recursive: true });
      root = mkdtempSync(join(sandboxDir, 'dbw-bk-pl-'));
      await admin.query(`CREATE DATABASE \`${source}\``);
      await admin.query(`CREATE TABLE \`${source}\`.\`we\`\`ird\` (id INT PRIMARY KEY AUTO_INCREMENT, note VARCHAR(200), b VARBINARY(8), at TIMESTAMP NULL)`);
      await admin.query(`CREATE TABLE \`${source}\`.audit (id INT PRIMARY KEY AUTO_INCREMENT, what VARCHAR(100))`);
      await admin.query(
        `CREATE TABLE \`${source}\`.child (id INT PRIMARY KEY, parent INT NOT NULL, FOREIGN KEY (parent) REFERENCES \`${source}\`.\`we\`\`ird\` (id))`,
      );
      await admin.query(`INSERT INTO \`${source}\`.audit (what) VALUES ('seed')`);
      // Rows with a ';', a quoted line break that reads like an INSERT, binary bytes, NULLs and a TIMESTAMP (session time zone).
      await admin.query(
        `INSERT INTO \`${source}\`.\`we\`\`ird\` (note, b, at) VALUES ('a;b', 0x00ff, '2026-03-29 01:30:00'), ('x\\nINSERT INTO \`audit\` VALUES (9,''x'');', NULL, NULL), (NULL, 0x3b, '2026-10-25 02:30:00')`,
      );
      // id 0 restores as 0 only under the dump's SQL_MODE NO_AUTO_VALUE_ON_ZERO: proof that every connection ran the dump's session settings.
      await admin.query(`SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')`);
      await admin.query(`INSERT INTO \`${source}\`.\`we\`\`ird\` (id, note) VALUES (0, 'zero')`);
      // Enough rows for several INSERT statements (the dump cuts them at about 1 MB).
      await admin.query(
        `INSERT INTO \`${source}\`.\`we\`\`ird\` (note, b) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT CONCAT(REPEAT('r', 100), a.i, '-', b.i), NULL FROM n a, n b`,
      );
      await admin.query(`INSERT INTO \`${source}\`.child SELECT id, id FROM \`${source}\`.\`we\`\`ird\``);
      await inSource("CREATE TRIGGER trg_ai AFTER INSERT ON `we``ird` FOR EACH ROW BEGIN\nINSERT INTO audit (what) VALUES (CONCAT('row ', NEW.id));\nEND");
      await inSource("CREATE PROCEDURE p_count() BEGIN\nINSERT INTO audit (what) VALUES ('counted');\nSELECT COUNT(*) FROM audit;\nEND");
      await inSource('CREATE VIEW v_audit AS SELECT id, what FROM audit');
      expected = await checksums(source);
      dump = join(root, 'dump.sql');
      await withToolEndpoint(cfg, (e) => runTool(dumpCommand(e, source), never, { stdout: [createWriteStream(dump)] }));
      // The same with INSERTs of a few KB: hundreds of statements per table, so hundreds of parts.
      smallInserts = join(root, 'small-inserts.sql');
      await withToolEndpoint(cfg, (e) => {
        const c = dumpCommand(e, source);
        const at = c.args.indexOf('--');
        const args = [...c.args.slice(0, at), '--net-buffer-length=4096', ...c.args.slice(at)];
        return runTool({ ...c, args }, never, { stdout: [createWriteStream(smallInserts)] });
      });
    }, 120_000);

    afterAll(async () => {
      for (const db of [source, ...scratches]) await admin?.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await admin?.end();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it('restores every row, trigger, routine and view, up to three tables at a time, the triggers firing for none of the loaded rows', async () => {
      const db = await scratch();
      const loaded: string[] = [];
      const stats = await load(db, dump, 3, never, (t) => loaded.push(t));
      expect(stats).toMatchObject({ clients: 3, tables: 3 });
      expect(stats.inserts).toBeGreaterThan(3);
      expect(await checksums(db)).toEqual(expected.map((t) => ({ ...t })));
      expect(loaded.sort()).toEqual(['audit', 'child', 'we`ird']);
      const [[objects]] = (await admin.query(
        `SELECT (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?) AS triggers,
              (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?) AS routines,
              (SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?) AS views`,
        [db, db, db],
      )) as unknown as [[{ triggers: number; routines: number; views: number }]];
      expect(objects).toEqual({ triggers: 1, routines: 1, views: 1 });
      const [[audit]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${db}\`.audit`)) as unknown as [[{ n: number }]];
      expect(Number(audit.n)).toBe(1);
    }, 120_000);

    it('splits a large table into parts loaded on several clients at once, its trigger created after every part, each table reported once', async () => {
      const db = await scratch();
      const loaded: string[] = [];
      // One INSERT per part: the trigger table's rows arrive in hundreds of parts that two clients load
      // side by side (a trigger spooled with the last part would run before the parts queued ahead of it).
      const stats = await load(db, smallInserts, 2, never, (t) => loaded.push(t), 1);
      expect(stats).toMatchObject({ clients: 2, tables: 3 });
      expect(stats.parts).toBeGreaterThan(stats.tables);
      expect(stats.parts).toBe(stats.inserts);
      expect(await checksums(db)).toEqual(expected.map((t) => ({ ...t })));
      expect(loaded.sort()).toEqual(['audit', 'child', 'we`ird']);
      const [[audit]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${db}\`.audit`)) as unknown as [[{ n: number }]];
      expect(Number(audit.n)).toBe(1); // the trigger fired for none of the restored rows
      const [[trg]] = (await admin.query('SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?', [db])) as unknown as [
        [{ n: number }],
      ];
      expect(Number(trg.n)).toBe(1);
    }, 120_000);

    it('stops every connection at the first failing statement, naming the table and quoting the server error', async () => {
      const db = await scratch();
      const bad = join(root, 'bad.sql');
      const text = readFileSync(dump, 'utf8');
      const at = text.indexOf('INSERT INTO `child` VALUES');
      expect(at).toBeGreaterThan(0);
      writeFileSync(bad, `${text.slice(0, at)}INSERT INTO \`child\` VALUES (1,1),(1,1);\n${text.slice(at)}`);
      const t0 = performance.now();
      // MariaDB's InnoDB, loading an empty table with UNIQUE_CHECKS=0, reports the duplicate at COMMIT (error 1180).
      await expect(load(db, bad, 3)).rejects.toMatchObject({
        code: 'SERVER_ERROR',
        message: expect.stringMatching(
          sessions ? /^Loading table child: ERROR (1062|1180) \(23000\): / : /^Loading table child: mariadb exited with status 1: .*ERROR (1062|1180)/,
        ),
      });
      expect(performance.now() - t0).toBeLessThan(60_000);
    }, 120_000);

    it('refuses a dump cut in the middle of an INSERT', async () => {
      const db = await scratch();
      const cut = join(root, 'cut.sql');
      const text = readFileSync(dump, 'utf8');
      const at = text.indexOf('INSERT INTO `we``ird` VALUES');
      writeFileSync(cut, text.slice(0, text.indexOf('\n', at + 40_000)));
      await expect(load(db, cut, 2)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    }, 120_000);

    it('says CANCELLED and stops the clients when the signal fires', async () => {
      const db = await scratch();
      const controller = new AbortController();
      controller.abort();
      await expect(load(db, dump, 2, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
      // Stopped as soon as the first table is loaded, so two are still to come.
      const running = new AbortController();
      const t0 = performance.now();
      await expect(load(db, dump, 2, running.signal, () => running.abort())).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(performance.now() - t0).toBeLessThan(30_000);
    }, 120_000);

    it('destroys its source when it stops before reading it, so a dump writing into it is never left waiting', async () => {
      const db = await scratch();
      const cancelled = new AbortController();
      cancelled.abort();
      const source = new PassThrough();
      const pending = withToolEndpoint(cfg, (e) =>
        loadDumpInParallel(parallelLoadCommand(e, db), source, 2, cancelled.signal, undefined, { rowsClient: rowsOn(db) }),
      );
      await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(source.destroyed).toBe(true);
      // A writer would now be told at once instead of waiting for room.
      expect(source.write(Buffer.alloc(16))).toBe(false);
    });
  },
);
