import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Executor } from './executor';
import { defaultPlanners } from './planners';
import { openMysqlWriter } from '../connections/mysql-writer';
import { chunkStatements, rangeParams, boundParams, type PurgeKey } from '../engines/purge/purge-sql';
import { AuditRepo } from '../store/audit.repo';
import { ConnectionsRepo } from '../store/connections.repo';
import { aesSecretBox } from '../store/secret-box';
import { openWorkspace } from '../store/workspace.store';
import { applyPurge, previewPurge } from '../testing/purge-plan';
import { adminConnection, saveConnection, testRuntime, serverConnection } from '../testing/harness';
import { mysqlServer, sqlServers } from '../testing/servers';
import type { Runtime } from '../services/runtime';
import { runPurgeJob } from '../services/purge/purge.service';

// Surplus document versions, on a table keyed like the seed's versions by (document_id, version_number).
const CONDITION = 'version_number % 3 <> 0';
const DOCS = 300;
const VERSIONS = 12;
const PURGED = DOCS * 8;
const KEY: PurgeKey = {
  parts: [
    { column: 'document_id', integer: true },
    { column: 'version_number', integer: true },
  ],
};

describe.each(sqlServers)('purge of a table with a composite primary key on $label', (server) => {
  const DB = `dbw_pg_cpk_${server.port}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;
  const spec = (extra: Record<string, unknown> = {}) => ({ schema: DB, table: 'versions', where: CONDITION, chunk: 50, ...extra });
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => ((await admin.query(sql, params)) as unknown as [T[]])[0][0]!;
  const checksum = async (table: string): Promise<string> => String((await one<{ Checksum: unknown }>(`CHECKSUM TABLE \`${DB}\`.\`${table}\``)).Checksum);
  const count = async (table: string, where = '1'): Promise<number> =>
    Number((await one<{ n: unknown }>(`SELECT COUNT(*) AS n FROM \`${DB}\`.\`${table}\` WHERE ${where}`)).n);
  /** The plan of a statement for the given parameters, as rows with `table`, `type` and `key`. */
  const explain = async (sql: string, params: unknown[]) =>
    (
      (await admin.query(`EXPLAIN ${server === mysqlServer ? 'FORMAT=TRADITIONAL ' : ''}${sql}`, params)) as unknown as [
        Array<{ table: string; type: string; key: string | null }>,
      ]
    )[0];

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} composite`);
  }, 60_000);

  beforeEach(async () => {
    await admin.query(`DROP TABLE IF EXISTS \`${DB}\`.versions, \`${DB}\`.kept, \`${DB}\`.nokey, \`${DB}\`._dbw_purge_checkpoint`);
    await admin.query(
      `CREATE TABLE \`${DB}\`.versions (document_id BIGINT UNSIGNED NOT NULL, version_number INT UNSIGNED NOT NULL, content VARCHAR(100) NOT NULL,
        created_at DATETIME NOT NULL, PRIMARY KEY (document_id, version_number)) ENGINE=InnoDB`,
    );
    const digits =
      'SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9';
    await admin.query(
      `INSERT INTO \`${DB}\`.versions
       SELECT d.n * 7 + 1000, v.n, CONCAT('doc ', d.n, ' v', v.n), TIMESTAMP('2026-01-01') + INTERVAL d.n HOUR + INTERVAL v.n MINUTE
         FROM (SELECT a.d + b.d * 10 + c.d * 100 AS n FROM (${digits}) a, (${digits}) b, (${digits}) c) d,
              (SELECT a.d + b.d * 10 + 1 AS n FROM (${digits}) a, (${digits}) b) v
        WHERE d.n < ${DOCS} AND v.n <= ${VERSIONS}`,
    );
    await admin.query(`CREATE TABLE \`${DB}\`.kept LIKE \`${DB}\`.versions`);
    await admin.query(`INSERT INTO \`${DB}\`.kept SELECT * FROM \`${DB}\`.versions WHERE NOT (${CONDITION})`);
    await admin.query(`ANALYZE TABLE \`${DB}\`.versions`);
  }, 60_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
    rt?.close();
  });

  it('walks the (document_id, version_number) tuples in ascending chunks whose statements use the primary key range', async () => {
    const dry = await previewPurge(rt, connectionId, spec());
    expect(dry.rows).toBe(PURGED);
    expect(dry.keyColumn).toBe('document_id, version_number');
    expect(dry.chunks).toBe(PURGED / 50);
    expect(dry.chunkSql).toContain(
      '(`document_id` > CAST(? AS DECIMAL(65,0)) OR (`document_id` = CAST(? AS DECIMAL(65,0)) AND `version_number` > CAST(? AS DECIMAL(65,0))))',
    );
    // The optimizer's plan for a chunk in the middle of the table: a range on PRIMARY, not a scan.
    const sql = chunkStatements({ schema: DB, table: 'versions', where: CONDITION, chunk: 50, key: KEY, archive: { kind: 'none' } });
    const lo = JSON.stringify(['1350', '6']);
    const hi = JSON.stringify(['1399', '4']);
    for (const row of [...(await explain(sql.remove.next, rangeParams(KEY, lo, hi))), ...(await explain(sql.bound.next, boundParams(KEY, lo)))]) {
      if (row.table !== 'versions') continue;
      expect(row).toMatchObject({ type: 'range', key: 'PRIMARY' });
    }

    const res = await applyPurge(rt, connectionId, spec(), dry.planHash);
    expect(res.end).toBe('done');
    expect(res.rows).toBe(PURGED);
    expect(res.chunks).toBe(dry.chunks);
    expect(res.chunkLog.every((c) => c.rows === 50)).toBe(true);
    expect(JSON.parse(res.lastKey!)).toEqual([String(1000 + (DOCS - 1) * 7), String(VERSIONS - 1)]);
    expect(await checksum('versions')).toBe(await checksum('kept'));
  }, 120_000);

  it('resumes after a kill from the checkpointed tuple, with no chunk done twice and every other row unchanged', async () => {
    const db = openWorkspace(':memory:');
    const connections = new ConnectionsRepo(db, aesSecretBox(Buffer.alloc(32, 9), 't'));
    const cfg = connections.config(connections.save(serverConnection(server, 'composite')).id);
    let deletes = 0;
    const killing = new Executor({
      connections,
      audit: new AuditRepo(db),
      planners: defaultPlanners,
      actor: 'test',
      lockWaitSeconds: 10,
      openWriter: async (c, lock) => {
        const w = await openMysqlWriter(c, lock);
        return {
          ...w,
          async run(sql, params) {
            const out = await w.run(sql, params);
            if (sql.startsWith('DELETE') && ++deletes === 7) await w.execute('KILL CONNECTION CONNECTION_ID()').catch(() => undefined);
            return out;
          },
        };
      },
    });
    const target = { cfg, replica: (ref: string) => connections.config(ref) };
    const signal = new AbortController().signal;
    const first = await runPurgeJob(killing, target, spec({ chunk: 70 }), { planHash: null, signal, progress: () => undefined });
    expect(first.end).toBe('error');
    expect(first.rows).toBe(6 * 70);
    const cp = await one<{ last_key: string }>(`SELECT last_key FROM \`${DB}\`._dbw_purge_checkpoint`);
    // 420 rows at 8 a document: the 6th chunk ends in the middle of the 53rd document, at its 4th surplus version (v5: 1, 2, 4, 5).
    expect(JSON.parse(cp.last_key)).toEqual([String(1000 + 52 * 7), '5']);
    expect(first.lastKey).toBe(cp.last_key);
    const resumedDry = await previewPurge(rt, connectionId, spec({ chunk: 70, resume: true }));
    expect(resumedDry.resumeAfter).toBe(cp.last_key);
    expect(resumedDry.rows).toBe(PURGED - 420);
    const plain = new Executor({ connections, audit: new AuditRepo(db), planners: defaultPlanners, actor: 'test', lockWaitSeconds: 10 });
    const second = await runPurgeJob(plain, target, spec({ chunk: 70, resume: true }), { planHash: null, signal, progress: () => undefined });
    db.close();
    expect(second.end).toBe('done');
    expect(first.rows + second.rows).toBe(PURGED);
    expect(first.chunks + second.chunks).toBe(Math.ceil(PURGED / 70));
    expect(await count('versions', CONDITION)).toBe(0);
    expect(await checksum('versions')).toBe(await checksum('kept'));
  }, 120_000);

  it('refuses a table without a primary key, saying why, before anything runs', async () => {
    await admin.query(`CREATE TABLE \`${DB}\`.nokey (document_id BIGINT UNSIGNED NOT NULL, version_number INT UNSIGNED NOT NULL) ENGINE=InnoDB`);
    await admin.query(`INSERT INTO \`${DB}\`.nokey VALUES (1, 1), (1, 2)`);
    await expect(previewPurge(rt, connectionId, spec({ table: 'nokey' }))).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/has no primary key/),
    });
    expect(await count('nokey')).toBe(2);
  });
});
