import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Executor } from './executor';
import { defaultPlanners } from './planners';
import { openMysqlWriter } from '../connections/mysql-writer';
import { AuditRepo } from '../store/audit.repo';
import { ConnectionsRepo, type ConnectionConfig } from '../store/connections.repo';
import { aesSecretBox } from '../store/secret-box';
import { openWorkspace } from '../store/workspace.store';
import { applyPurge, previewPurge } from '../testing/purge-plan';
import { adminConnection, invoke, saveConnection, testRuntime, serverConnection } from '../testing/harness';
import { sqlServers, type TestServer } from '../testing/servers';
import type { Runtime } from '../services/runtime';
import { runPurgeJob } from '../services/purge/purge.service';

const CONDITION = 'flag <> 1';
const ROWS = 3000;
const PURGED = 2000;

/** Reads a LOAD DATA default-format (TSV) file back into rows of raw bytes, undoing its escapes. */
function parseTsv(file: Buffer): Array<Array<Buffer | null>> {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < file.length; i++) {
    if (file[i] === 0x0a) {
      lines.push(file.subarray(start, i));
      start = i + 1;
    }
  }
  expect(start).toBe(file.length); // every row ends with a newline
  const esc: Record<number, number> = { 0x30: 0x00, 0x74: 0x09, 0x6e: 0x0a, 0x72: 0x0d, 0x5a: 0x1a, 0x62: 0x08 };
  return lines.map((line) => {
    const fields: Buffer[] = [];
    let f = 0;
    for (let i = 0; i <= line.length; i++) {
      if (i === line.length || line[i] === 0x09) {
        fields.push(line.subarray(f, i));
        f = i + 1;
      }
    }
    return fields.map((raw) => {
      if (raw.length === 2 && raw[0] === 0x5c && raw[1] === 0x4e) return null;
      const out: number[] = [];
      for (let i = 0; i < raw.length; i++) {
        if (raw[i] === 0x5c && i + 1 < raw.length) out.push(esc[raw[++i]!] ?? raw[i]!);
        else out.push(raw[i]!);
      }
      return Buffer.from(out);
    });
  });
}

/** A workspace of its own whose executor's writer the test may wrap (to kill it mid-chunk). */
function ownExecutor(server: TestServer, wrap?: (w: Awaited<ReturnType<typeof openMysqlWriter>>) => Awaited<ReturnType<typeof openMysqlWriter>>) {
  const db = openWorkspace(':memory:');
  const connections = new ConnectionsRepo(db, aesSecretBox(Buffer.alloc(32, 9), 't'));
  const cfg: ConnectionConfig = connections.config(connections.save(serverConnection(server, 'archive')).id);
  const executor = new Executor({
    connections,
    audit: new AuditRepo(db),
    planners: defaultPlanners,
    actor: 'test',
    lockWaitSeconds: 10,
    openWriter: wrap ? async (c, lock) => wrap(await openMysqlWriter(c, lock)) : undefined,
  });
  return { executor, target: { cfg, replica: (ref: string) => connections.config(ref) }, close: () => db.close() };
}

describe.each(sqlServers)('purge archived to a file on $label', (server) => {
  const DB = `dbw_pg_arch_${server.port}`;
  const dir = join(process.env.DBW_SANDBOX_DIR ?? tmpdir(), `dbw-pg-archive-${server.port}-${process.pid}`);
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;
  const spec = (archive: { path: string; format?: 'tsv' | 'csv' | 'jsonl' }, extra: Record<string, unknown> = {}) => ({
    schema: DB,
    table: 'items',
    where: CONDITION,
    chunk: 250,
    archive: { kind: 'file' as const, ...archive },
    ...extra,
  });
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => ((await admin.query(sql, params)) as unknown as [T[]])[0][0]!;
  const checksum = async (table: string): Promise<string> => String((await one<{ Checksum: unknown }>(`CHECKSUM TABLE \`${DB}\`.\`${table}\``)).Checksum);
  const count = async (table: string): Promise<number> => Number((await one<{ n: unknown }>(`SELECT COUNT(*) AS n FROM \`${DB}\`.\`${table}\``)).n);

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} archive`);
  }, 60_000);

  beforeEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP TABLE IF EXISTS \`${DB}\`.items, \`${DB}\`.purged, \`${DB}\`.kept, \`${DB}\`._dbw_purge_checkpoint`);
    // Values that a naive file breaks: tabs, newlines, backslashes, multi-byte text, NUL bytes, NULLs, microseconds, decimals.
    await admin.query(
      `CREATE TABLE \`${DB}\`.items (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, note VARCHAR(200) NULL, body TEXT NOT NULL, raw VARBINARY(16) NULL,
        amount DECIMAL(20,6) NOT NULL, at DATETIME(6) NOT NULL, flag TINYINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
    await admin.query(
      `INSERT INTO \`${DB}\`.items
       SELECT n, IF(n % 7 = 0, NULL, CONCAT('n', n, CHAR(9), 'tab', CHAR(10), 'line\\\\', CHAR(13), 'é€😀')), REPEAT(CONCAT('b', n % 10), n % 5),
              IF(n % 5 = 0, NULL, UNHEX(CONCAT('00', LPAD(HEX(n), 4, '0'), '5C0A09'))), n * 1.000001 - 500,
              TIMESTAMP('2026-01-01 00:00:00') + INTERVAL n SECOND + INTERVAL n MICROSECOND, n % 3
         FROM (SELECT a.d + b.d * 10 + c.d * 100 + e.d * 1000 + 1 AS n
                 FROM (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,
                      (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b,
                      (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c,
                      (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2) e) s
        WHERE n <= ${ROWS}`,
    );
    // The rows the purge must delete and the rows it must keep, copied before it runs.
    await admin.query(`CREATE TABLE \`${DB}\`.purged LIKE \`${DB}\`.items`);
    await admin.query(`INSERT INTO \`${DB}\`.purged SELECT * FROM \`${DB}\`.items WHERE ${CONDITION}`);
    await admin.query(`CREATE TABLE \`${DB}\`.kept LIKE \`${DB}\`.items`);
    await admin.query(`INSERT INTO \`${DB}\`.kept SELECT * FROM \`${DB}\`.items WHERE NOT (${CONDITION})`);
  }, 60_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
    rt?.close();
  });

  it('resumes after a kill between the fsync and the COMMIT: the file holds every deleted row once and loads back to exactly them', async () => {
    expect(await count('purged')).toBe(PURGED);
    const template = join(dir, '%D.%t.tsv');
    const file = join(dir, `${DB}.items.tsv`);
    const dry = await previewPurge(rt, connectionId, spec({ path: template }));
    expect(dry.rows).toBe(PURGED);
    expect(dry.archiveFile).toBe(file);
    expect(dry.chunkSql).toMatch(/SELECT \* FROM `dbw_pg_arch_\d+`\.`items` WHERE [\s\S]* FOR UPDATE/);

    // The real writer, killed by the server right after the 4th chunk's DELETE: its rows are already in the file.
    let deletes = 0;
    const killing = ownExecutor(server, (w) => ({
      ...w,
      async run(sql, params) {
        const out = await w.run(sql, params);
        if (sql.startsWith('DELETE') && ++deletes === 4) await w.execute('KILL CONNECTION CONNECTION_ID()').catch(() => undefined);
        return out;
      },
    }));
    const signal = new AbortController().signal;
    const first = await runPurgeJob(killing.executor, killing.target, spec({ path: template }), { planHash: dry.planHash, signal, progress: () => undefined });
    killing.close();
    expect(first.end).toBe('error');
    expect(first.chunks).toBe(3);
    expect(first.rows).toBe(750);
    expect(first.message).toMatch(/may hold rows past its checkpointed size/);
    const cp = await one<{ archive_file: string; archive_offset: unknown }>(`SELECT archive_file, archive_offset FROM \`${DB}\`._dbw_purge_checkpoint`);
    expect(cp.archive_file).toBe(file);
    // The killed chunk's 250 rows were fsync'd past the checkpointed size; the server rolled their DELETE back.
    expect(statSync(file).size).toBeGreaterThan(Number(cp.archive_offset));
    expect(parseTsv(readFileSync(file)).length).toBe(1000);
    expect(await count('items')).toBe(ROWS - 750);

    const resumedDry = await previewPurge(rt, connectionId, spec({ path: template }, { resume: true }));
    expect(resumedDry.archiveFile).toBe(file);
    expect(resumedDry.rows).toBe(PURGED - 750);
    const plain = ownExecutor(server);
    const second = await runPurgeJob(plain.executor, plain.target, spec({ path: template }, { resume: true }), {
      planHash: null,
      signal,
      progress: () => undefined,
    });
    plain.close();
    expect(second.end).toBe('done');
    expect(first.rows + second.rows).toBe(PURGED);
    expect(second.archived).toBe(second.rows);
    expect(second.archiveFile).toEqual({ path: file, bytes: statSync(file).size, format: 'tsv' });
    expect(await checksum('items')).toBe(await checksum('kept'));

    // The file: one line per deleted row, no row twice, and loaded back it is exactly the deleted rows.
    const rows = parseTsv(readFileSync(file));
    expect(rows.length).toBe(PURGED);
    expect(new Set(rows.map((r) => r[0]!.toString())).size).toBe(PURGED);
    await admin.query(`CREATE TABLE \`${DB}\`.restored LIKE \`${DB}\`.items`);
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      // The binary column goes back as bytes, every other one as the server's own text.
      const values = batch.flatMap((r) => r.map((v, c) => (v === null ? null : c === 3 ? v : v.toString('utf8'))));
      await admin.query(`INSERT INTO \`${DB}\`.restored VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`, values);
    }
    expect(await checksum('restored')).toBe(await checksum('purged'));

    // And the server's own reader, LOAD DATA LOCAL INFILE, where the server allows it (MariaDB's default; MySQL 8+ ships it off).
    const localInfile = Number((await one<{ v: unknown }>('SELECT @@GLOBAL.local_infile AS v')).v) === 1;
    if (localInfile) {
      const loader = await mysql.createConnection({
        host: '127.0.0.1',
        port: server.port,
        user: server.user,
        password: server.password,
        flags: ['+LOCAL_FILES'],
      });
      try {
        await loader.query(`CREATE TABLE \`${DB}\`.loaded LIKE \`${DB}\`.items`);
        await loader.query({
          sql: `LOAD DATA LOCAL INFILE 'archive.tsv' INTO TABLE \`${DB}\`.loaded CHARACTER SET utf8mb4`,
          infileStreamFactory: () => createReadStream(file),
        });
      } finally {
        await loader.end();
      }
      expect(await checksum('loaded')).toBe(await checksum('purged'));
    }
    await admin.query(`DROP TABLE IF EXISTS \`${DB}\`.restored, \`${DB}\`.loaded`);
  }, 180_000);

  it('writes JSON lines and CSV holding exactly the deleted rows, and refuses to append to a file that already holds rows', async () => {
    const jsonl = join(dir, 'items.jsonl');
    const jsonlSpec = spec({ path: jsonl, format: 'jsonl' }, { where: `${CONDITION} AND id <= 900` });
    const dry = await previewPurge(rt, connectionId, jsonlSpec);
    const res = await applyPurge(rt, connectionId, jsonlSpec, dry.planHash);
    expect(res.end).toBe('done');
    expect(res.rows).toBe(600);
    const objects = readFileSync(jsonl, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.length).toBe(600);
    const expected = (
      (await admin.query(`SELECT id, note, CAST(amount AS CHAR) AS amount FROM \`${DB}\`.purged WHERE id <= 900 ORDER BY id`)) as unknown as [
        Array<{ id: number; note: string | null; amount: string }>,
      ]
    )[0];
    expect(objects.map((o) => [o.id, o.note, String(o.amount)])).toEqual(expected.map((e) => [e.id, e.note, String(Number(e.amount))]));

    const csv = join(dir, 'items.csv');
    const rest = spec({ path: csv, format: 'csv' });
    const dry2 = await previewPurge(rt, connectionId, rest);
    const res2 = await applyPurge(rt, connectionId, rest, dry2.planHash);
    expect(res2.rows).toBe(PURGED - 600);
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('id,note,body,raw,amount,at,flag\n')).toBe(true);
    // Quoted newlines inside values: count records by their leading id, not by lines.
    expect(text.match(/\n\d+,/g)!.length).toBe(PURGED - 600);
    expect(await checksum('items')).toBe(await checksum('kept'));

    // A fresh job never appends to a file holding rows: nothing is deleted.
    await admin.query(`INSERT INTO \`${DB}\`.items SELECT * FROM \`${DB}\`.purged WHERE id <= 30`);
    writeFileSync(join(dir, 'taken.tsv'), 'someone else\n');
    const taken = spec({ path: join(dir, 'taken.tsv') });
    const dry3 = await previewPurge(rt, connectionId, taken);
    const res3 = await applyPurge(rt, connectionId, taken, dry3.planHash);
    expect(res3.end).toBe('error');
    expect(res3.message).toMatch(/already holds rows/);
    expect(res3.rows).toBe(0);
    expect(readFileSync(join(dir, 'taken.tsv'), 'utf8')).toBe('someone else\n');
    expect(await count('items')).toBe(ROWS - PURGED + 20);
    // A relative path is refused before anything runs.
    await expect(previewPurge(rt, connectionId, spec({ path: 'rel/items.tsv' }))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(existsSync(join(dir, 'rel'))).toBe(false);
  }, 120_000);

  it("adds the file's columns to a checkpoint table made before purges archived to files, and records the file's committed size in it", async () => {
    await admin.query(
      `CREATE TABLE \`${DB}\`._dbw_purge_checkpoint (job_id CHAR(16) NOT NULL, table_name VARCHAR(200) NOT NULL, condition_sql TEXT NOT NULL,
        last_key VARCHAR(255) NOT NULL, rows_done BIGINT UNSIGNED NOT NULL, chunks_done BIGINT UNSIGNED NOT NULL, updated_at DATETIME(6) NOT NULL,
        PRIMARY KEY (job_id)) ENGINE=InnoDB`,
    );
    const file = join(dir, 'upgraded.tsv');
    const dry = await previewPurge(rt, connectionId, spec({ path: file }));
    const res = await applyPurge(rt, connectionId, spec({ path: file }), dry.planHash);
    expect(res.end).toBe('done');
    expect(res.rows).toBe(PURGED);
    const audit = await invoke<Array<{ stepId: string; status: string }>>(rt, 'audit.list', { connectionId, limit: 5 });
    expect(audit.find((a) => a.stepId === 'checkpoint-upgrade')?.status).toBe('ok');
    const cp = await one<{ archive_offset: unknown }>(`SELECT archive_offset FROM \`${DB}\`._dbw_purge_checkpoint`);
    expect(Number(cp.archive_offset)).toBe(statSync(file).size);
    expect(parseTsv(readFileSync(file)).length).toBe(PURGED);
  }, 60_000);
});
