/**
 * Every way a read or a preview was found to write, replayed through the services the app uses
 * (sql.run, explain.run, advisor.verify, actions.preview) on both servers. Each must be refused or
 * run with no effect, and the server is checked afterwards: table checksums and row counts, the
 * writes performance_schema counts on our tables (MySQL) or the binary log events that name our
 * database (MariaDB), @@GLOBAL.max_connections, and the file INTO OUTFILE would have created.
 */
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlResult } from '../../shared/contract/sql.calls';
import { adminConnection, invoke, saveConnection, testRuntime } from '../testing/harness';
import { sqlServers, type TestServer } from '../testing/servers';
import { detectSqlFlavor } from '../engines/flavor/dialect';
import { ReadGuard } from './read-guard';

const DB = 'dbw_ro_test';
const rt = testRuntime();
afterAll(() => rt.close());

type Run = { runId: string; results: SqlResult[] };
let seq = 0;
const runId = () => `ro-${Date.now()}-${seq++}`;

/** Fixtures: tables (InnoDB and MyISAM), functions that write or set a global, a view calling one, a sequence (MariaDB). */
async function createFixtures(admin: mysql.Connection, mariadb: boolean): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.query(`CREATE TABLE ${DB}.t (id INT PRIMARY KEY AUTO_INCREMENT, msg VARCHAR(64)) ENGINE=InnoDB`);
  await admin.query(`CREATE TABLE ${DB}.m (id INT PRIMARY KEY AUTO_INCREMENT, msg VARCHAR(64)) ENGINE=MyISAM`);
  await admin.query(`INSERT INTO ${DB}.t (msg) VALUES ('a'), ('b'), ('c')`);
  // DETERMINISTIC: MariaDB with a binary log refuses other functions without log_bin_trust_function_creators.
  await admin.query(`CREATE FUNCTION ${DB}.fw() RETURNS INT DETERMINISTIC MODIFIES SQL DATA BEGIN INSERT INTO ${DB}.m (msg) VALUES ('fw'); RETURN 1; END`);
  await admin.query(`CREATE FUNCTION ${DB}.fg() RETURNS INT DETERMINISTIC READS SQL DATA BEGIN SET GLOBAL max_connections = 777; RETURN 1; END`);
  await admin.query(`CREATE FUNCTION ${DB}.fpure(x INT) RETURNS INT DETERMINISTIC NO SQL RETURN x + 1`);
  await admin.query(`CREATE VIEW ${DB}.v AS SELECT id, msg, ${DB}.fw() AS w FROM ${DB}.t`);
  if (mariadb) await admin.query(`CREATE SEQUENCE ${DB}.s`);
}

/** What a write would move, read through an admin connection. */
async function serverState(admin: mysql.Connection, mariadb: boolean): Promise<Record<string, unknown>> {
  const [sums] = await admin.query(`CHECKSUM TABLE ${DB}.t, ${DB}.m`);
  const [[g]] = (await admin.query(
    `SELECT @@GLOBAL.max_connections AS mc, (SELECT COUNT(*) FROM ${DB}.t) AS t, (SELECT COUNT(*) FROM ${DB}.m) AS m,
            (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${DB}') AS tables`,
  )) as unknown as [[Record<string, unknown>]];
  const state: Record<string, unknown> = { ...g, checksums: (sums as Array<{ Checksum: unknown }>).map((r) => String(r.Checksum)) };
  if (mariadb) {
    const [seqRows] = await admin.query(`SELECT next_not_cached_value AS n FROM ${DB}.s`);
    state.sequence = (seqRows as Array<{ n: unknown }>)[0]?.n;
  } else {
    const [io] = await admin.query(
      `SELECT SUM(COUNT_INSERT + COUNT_UPDATE + COUNT_DELETE) AS w FROM performance_schema.table_io_waits_summary_by_table WHERE OBJECT_SCHEMA = ?`,
      [DB],
    );
    state.tableWrites = String((io as Array<{ w: unknown }>)[0]?.w ?? 0);
  }
  return state;
}

/** The binary log position now (MariaDB logs; MySQL runs with skip-log-bin). */
async function binlogPosition(admin: mysql.Connection): Promise<{ file: string; pos: number } | null> {
  const [rows] = await admin.query('SHOW MASTER STATUS');
  const r = (rows as Array<{ File: string; Position: number }>)[0];
  return r ? { file: r.File, pos: Number(r.Position) } : null;
}

/** Binary log events since `from` that name our database (other engineers' writes do not). */
async function binlogEventsOnOurDb(admin: mysql.Connection, from: { file: string; pos: number } | null): Promise<string[]> {
  if (!from) return [];
  const [logs] = await admin.query('SHOW BINARY LOGS');
  const names = (logs as Array<{ Log_name: string }>).map((l) => l.Log_name).filter((n) => n >= from.file);
  const out: string[] = [];
  for (const name of names) {
    const [events] = await admin.query(`SHOW BINLOG EVENTS IN '${name}'${name === from.file ? ` FROM ${from.pos}` : ''}`);
    for (const e of events as Array<{ Info: string | null }>) if (e.Info && e.Info.includes(DB)) out.push(e.Info);
  }
  return out;
}

describe.each(sqlServers)('reads and previews that cannot write, on $label', (server: TestServer) => {
  const mariadb = server.label.startsWith('MariaDB');
  let admin: mysql.Connection;
  let connectionId = '';
  let outfile = '';
  let before: Record<string, unknown> = {};
  let binlog: { file: string; pos: number } | null = null;

  beforeAll(async () => {
    admin = await adminConnection(server);
    await createFixtures(admin, mariadb);
    // MySQL writes files only under secure_file_priv; MariaDB here has no restriction (its tmpdir will do).
    const [[dirs]] = (await admin.query('SELECT @@secure_file_priv AS priv, @@tmpdir AS tmp')) as unknown as [[{ priv: string | null; tmp: string }]];
    const dir = dirs.priv || `${dirs.tmp}/`;
    outfile = `${dir.endsWith('/') ? dir : `${dir}/`}dbw_ro_${process.pid}_${Date.now()}.txt`;
    connectionId = await saveConnection(rt, server, `Read guard ${server.label}`, { database: DB });
    before = await serverState(admin, mariadb);
    binlog = mariadb ? await binlogPosition(admin) : null;
  });

  afterAll(async () => {
    try {
      await admin.query('SET GLOBAL max_connections = ?', [before.mc ?? 151]);
      await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    } finally {
      await admin.end();
    }
  });

  const expectNothingWritten = async () => {
    expect(await serverState(admin, mariadb)).toEqual(before);
    expect(await binlogEventsOnOurDb(admin, binlog)).toEqual([]);
    const [[file]] = (await admin.query('SELECT LOAD_FILE(?) IS NULL AS absent', [outfile])) as unknown as [[{ absent: number }]];
    expect(Number(file.absent)).toBe(1);
  };

  const run = async (sql: string) => (await invoke<Run>(rt, 'sql.run', { connectionId, sql, pageSize: 10, runId: runId() })).results[0]!;

  it('sql.run refuses every bypass, and the server shows no write', async () => {
    const bypasses = [
      `/*M!100000 INSERT INTO ${DB}.t (msg) */ (SELECT 'comment')`,
      `/*M!100000 DELETE FROM ${DB}.t WHERE id = 1 OR */ (SELECT 0)`,
      `/*M!100000 CREATE OR REPLACE TABLE ${DB}.t2 AS */ SELECT 1 AS a`,
      '/*M!100000 SET GLOBAL max_connections = 777 */',
      `/*!50000 INSERT INTO ${DB}.t (msg) */ (SELECT 'bang')`,
      `WITH x AS (SELECT 1) DELETE FROM ${DB}.t WHERE id > 0`,
      `SELECT * FROM ${DB}.t INTO OUTFILE '${outfile}'`,
      `(SELECT * FROM ${DB}.t INTO OUTFILE '${outfile}')`,
      `WITH c AS (SELECT id FROM ${DB}.t) SELECT * FROM c INTO DUMPFILE '${outfile}'`,
      `SELECT ${DB}.fw()`,
      `SELECT ${DB}.fg()`,
      `SELECT * FROM ${DB}.v`,
      `SELECT id FROM ${DB}.t FOR UPDATE`,
      "SELECT GET_LOCK('dbw_ro_test', 0)",
      ...(mariadb ? [`SELECT NEXTVAL(${DB}.s)`, `SELECT NEXT VALUE FOR ${DB}.s`] : []),
    ];
    for (const sql of bypasses) {
      const r = await run(sql);
      expect({ sql, code: r.error?.code }).toEqual({ sql, code: 'READ_ONLY' });
    }
    await expectNothingWritten();
  });

  it('sql.run calls a misspelt verb a syntax error, not a write', async () => {
    const r = await run('SELEC * FROM users');
    expect(r.error).toMatchObject({ code: 'BAD_INPUT', message: 'Not a statement the read session knows: SELEC.' });
  });

  it('sql.run still runs reads: hints, comments, CTEs, UNION, parentheses, a side-effect-free function', async () => {
    for (const sql of [
      `SELECT /*+ MAX_EXECUTION_TIME(5000) */ COUNT(*) AS n FROM ${DB}.t`,
      `/* plain */ WITH c AS (SELECT id FROM ${DB}.t) SELECT COUNT(*) AS n FROM c`,
      `(SELECT id FROM ${DB}.t WHERE id = 1) UNION ALL (SELECT id FROM ${DB}.t WHERE id = 2)`,
      `SELECT ${DB}.fpure(id) AS p FROM ${DB}.t ORDER BY id`,
    ]) {
      const r = await run(sql);
      expect({ sql, error: r.error }).toEqual({ sql, error: null });
      expect(r.totalRows).toBeGreaterThan(0);
    }
    await expectNothingWritten();
  });

  it('explain.run does not evaluate a writing function: ANALYZE / EXPLAIN ANALYZE SELECT f(), EXPLAIN … WHERE id = f()', async () => {
    await expect(invoke(rt, 'explain.run', { connectionId, sql: `SELECT ${DB}.fw()`, mode: 'analyze' })).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(invoke(rt, 'explain.run', { connectionId, sql: `SELECT * FROM ${DB}.t WHERE id = ${DB}.fw()` })).rejects.toMatchObject({
      code: 'READ_ONLY',
    });
    await expect(invoke(rt, 'explain.run', { connectionId, sql: `SELECT ${DB}.fg()`, mode: 'analyze' })).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(invoke(rt, 'explain.run', { connectionId, sql: `DELETE FROM ${DB}.t`, mode: 'analyze' })).rejects.toMatchObject({ code: 'READ_ONLY' });
    // EXPLAIN of a write with nothing to evaluate still estimates.
    const out = await invoke<{ plan: unknown }>(rt, 'explain.run', { connectionId, sql: `DELETE FROM ${DB}.t WHERE id = ${DB}.fpure(0)` });
    expect(out.plan).not.toBeNull();
    await expectNothingWritten();
  });

  it('advisor.verify neither runs a WITH … DELETE nor a writing function, however many runs it times', async () => {
    const request = {
      planner: 'index-advisor',
      params: { add: [{ schema: DB, table: 't', name: 'dbw_ro_msg', columns: [{ name: 'msg' }] }] },
    };
    const out = await invoke<{ notes: string[]; baseline: Array<{ query: string; timingsMs: number[] }> }>(rt, 'advisor.verify', {
      connectionId,
      request,
      runs: 3,
      queries: [
        { name: 'cte_delete', sql: `WITH x AS (SELECT 1) DELETE FROM ${DB}.t WHERE msg = 'a'` },
        { name: 'writes', sql: `SELECT ${DB}.fw() FROM ${DB}.t WHERE msg = 'a'` },
        { name: 'read', sql: `SELECT id FROM ${DB}.t WHERE msg = 'a'` },
      ],
    });
    // MariaDB has no WITH … DELETE (the server rejects it, so it is skipped); MySQL estimates it but does not time it.
    expect(out.baseline.find((b) => b.query === 'cte_delete')?.timingsMs ?? []).toEqual([]);
    expect(out.baseline.find((b) => b.query === 'read')?.timingsMs).toHaveLength(3);
    expect(out.notes.join('\n')).toMatch(/writes: skipped.*Not evaluated on a read session/);
    await expectNothingWritten();
  });

  it('actions.preview of DELETE … WHERE id = f() and of a DELETE on a view calling f says what it did not evaluate', async () => {
    type Preview = { writesNothing: boolean; steps: Array<{ details: Record<string, unknown> }> };
    const byFn = await invoke<Preview>(rt, 'actions.preview', {
      connectionId,
      request: { planner: 'sql-statement', params: { sql: `DELETE FROM ${DB}.t WHERE id = ${DB}.fw()` } },
    });
    expect(String(byFn.steps[0]!.details.explain)).toMatch(/^not run: .*function dbw_ro_test\.fw/);
    expect(byFn.steps[0]!.details[`rows in ${DB}.t`]).toBe(3);
    const onView = await invoke<Preview>(rt, 'actions.preview', {
      connectionId,
      request: { planner: 'sql-statement', params: { sql: `DELETE FROM ${DB}.v WHERE id = 1` } },
    });
    expect(onView.steps[0]!.details[`rows in ${DB}.v`]).toBeNull();
    expect(String(onView.steps[0]!.details[`count of ${DB}.v`])).toMatch(/^not counted: .*view dbw_ro_test\.v/);
    expect(String(onView.steps[0]!.details.explain)).toMatch(/^not run: /);
    const pure = await invoke<Preview>(rt, 'actions.preview', {
      connectionId,
      request: { planner: 'sql-statement', params: { sql: `DELETE FROM ${DB}.t WHERE id = ${DB}.fpure(0)` } },
    });
    expect(String(pure.steps[0]!.details.explain)).toMatch(/^t: type=/);
    await expectNothingWritten();
  });

  it('actions.preview of ANALYZE of a write refuses the stored function it calls, not a name in a string', async () => {
    const preview = (sql: string) =>
      invoke(rt, 'actions.preview', { connectionId, request: { planner: 'explain-analyze', params: { sql } } }).catch(
        (e: unknown) => e as { code: string; message: string },
      );
    const calls = await preview(`DELETE FROM ${DB}.t WHERE id = ${DB}.fw()`);
    expect(calls).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining(`stored functions (${DB}.fw)`) });
    const quoted = await preview(`DELETE FROM ${DB}.t WHERE msg = '${DB}.fw()'`);
    expect(JSON.stringify(quoted)).not.toContain('stored functions');
    await expectNothingWritten();
  });

  it('the read-only transaction alone stops DML, DDL and writes inside functions (the server layer, without the classifier)', async () => {
    const conn = await adminConnection(server, DB);
    try {
      const [[v]] = (await conn.query('SELECT VERSION() AS v, @@version_comment AS c')) as unknown as [[{ v: string; c: string }]];
      const guard = await ReadGuard.install(conn, detectSqlFlavor(v.v, v.c));
      const plain = { verb: 'SELECT', executes: true, explainsWrite: null, calls: [], names: [] };
      for (const sql of [
        `INSERT INTO ${DB}.t (msg) VALUES ('server')`,
        `INSERT INTO ${DB}.m (msg) VALUES ('server')`,
        `SELECT ${DB}.fw()`,
        `SELECT COUNT(*) FROM ${DB}.v`,
        `CREATE TABLE ${DB}.ddl (a INT)`,
        `CREATE TEMPORARY TABLE ${DB}.tmp (a INT)`,
        ...(mariadb ? [`SELECT NEXTVAL(${DB}.s)`] : []),
      ]) {
        await expect(guard.within(plain, () => conn.query(sql))).rejects.toMatchObject({ code: 'READ_ONLY', details: { errno: 1792 } });
      }
    } finally {
      await conn.end();
    }
    await expectNothingWritten();
  });
});
