import { readFileSync } from 'node:fs';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, PruningResult } from '../../../shared/contract/partitions';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { corpusPath } from '../../testing/paths';
import { sqlServers } from '../../testing/servers';
import { splitScript } from '../../engines/partitions/partition-ddl';
import type { Runtime } from '../runtime';

const seed = readFileSync(corpusPath('cowrite/seed-partitions.sql'), 'utf8');
const SEED_TABLES = ['ai_generations', 'document_versions', 'user_sessions'];

/** Runs a statement and returns the server's error number, or null when it ran. */
async function errnoOf(conn: mysql.Connection, sql: string): Promise<number | null> {
  try {
    await conn.query(sql);
    return null;
  } catch (e) {
    return (e as { errno?: number }).errno ?? -1;
  }
}

/** Statements whose errors both servers give; each is checked against the state the ones before it left. */
const PROBES = [
  'CREATE TABLE a1 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (5))',
  'CREATE TABLE a2 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN MAXVALUE, PARTITION p2 VALUES LESS THAN (5))',
  "CREATE TABLE a3 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE (DATE_FORMAT(d,'%Y%m')) (PARTITION p1 VALUES LESS THAN (5))",
  'CREATE TABLE a4 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE (d) (PARTITION p1 VALUES LESS THAN (5))',
  'CREATE TABLE a5 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE COLUMNS (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN (5))',
  'CREATE TABLE parent (id int primary key) ENGINE=InnoDB',
  'CREATE TABLE a6 (id int primary key, d datetime, FOREIGN KEY (id) REFERENCES parent(id)) ENGINE=InnoDB PARTITION BY HASH(id) PARTITIONS 2',
  'CREATE TABLE a7 (id int, d datetime, t text, primary key(id,d), FULLTEXT(t)) ENGINE=InnoDB PARTITION BY HASH(id) PARTITIONS 2',
  'CREATE TABLE a8 (id int, g geometry not null, primary key(id), SPATIAL INDEX(g)) ENGINE=InnoDB PARTITION BY HASH(id) PARTITIONS 2',
  'CREATE TABLE a9 (id int primary key) PARTITION BY HASH(id) PARTITIONS 9000',
  'CREATE TABLE a10 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN (50))',
  'CREATE TABLE a11 (id int, d datetime, u int, primary key(id,d), unique key(u)) PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN (10))',
  "CREATE TABLE a12 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE COLUMNS (d) (PARTITION p1 VALUES LESS THAN ('2024-01-01'), PARTITION p2 VALUES LESS THAN ('2023-01-01'))",
  'CREATE TABLE a13 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN MAXVALUE)',
  'ALTER TABLE a13 ADD PARTITION (PARTITION p3 VALUES LESS THAN (100))',
  'ALTER TABLE a13 DROP PARTITION p9',
  'ALTER TABLE a13 REORGANIZE PARTITION p1 INTO (PARTITION p1a VALUES LESS THAN (5))',
  'ALTER TABLE a13 REORGANIZE PARTITION p1,p2 INTO (PARTITION p1a VALUES LESS THAN (5), PARTITION p1b VALUES LESS THAN (20))',
  'CREATE TABLE a14 (id int primary key) PARTITION BY HASH(id) PARTITIONS 4',
  'ALTER TABLE a14 DROP PARTITION p0',
  'CREATE TABLE a15 (id int primary key)',
  'ALTER TABLE a15 ADD PARTITION (PARTITION p3 VALUES LESS THAN (100))',
  'ALTER TABLE a15 REMOVE PARTITIONING',
  'ALTER TABLE a15 TRUNCATE PARTITION p1',
  'CREATE TABLE a16 (id int, f float, primary key(id,f)) PARTITION BY RANGE (f) (PARTITION p1 VALUES LESS THAN (10))',
  'CREATE TABLE a17 (id int, s varchar(10), primary key(id,s)) PARTITION BY HASH (s) PARTITIONS 2',
  "CREATE TABLE a18 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN ('2024-01-01'))",
  "CREATE TABLE a19 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN (TO_DAYS('2024-01-01')), PARTITION p2 VALUES LESS THAN (TO_DAYS('2024-02-01')))",
  'CREATE TABLE a20 (id int, d datetime, primary key(id)) ENGINE=InnoDB',
  'CREATE TABLE a21 (id int, aid int, primary key(id), FOREIGN KEY (aid) REFERENCES a20(id)) ENGINE=InnoDB',
  'ALTER TABLE a20 PARTITION BY HASH(id) PARTITIONS 2',
  'ALTER TABLE a19 EXCHANGE PARTITION p1 WITH TABLE a20',
  'CREATE TABLE a22 (id int, d datetime, primary key(id,d)) PARTITION BY LIST (id) (PARTITION p1 VALUES IN (1,2), PARTITION p2 VALUES IN (2,3))',
  'CREATE TABLE a23 (id int, d timestamp, primary key(id,d)) PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN (10))',
  'CREATE TABLE a24 (id int, d datetime, primary key(id,d)) PARTITION BY RANGE (YEAR(d)) (PARTITION p1 VALUES LESS THAN (2020))',
  'ALTER TABLE a24 REORGANIZE PARTITION p1 INTO (PARTITION p0 VALUES LESS THAN (2019), PARTITION p1 VALUES LESS THAN (2020))',
  'ALTER TABLE a24 ADD PARTITION (PARTITION p2 VALUES LESS THAN (2018))',
  'ALTER TABLE a24 ADD PARTITION (PARTITION p0 VALUES LESS THAN (2030))',
  'ALTER TABLE a24 DROP PARTITION p0, p1',
];

describe.each(sqlServers)('partition preflight against $label', (server) => {
  const DB = `dbw_part_pre_${server.port}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    for (const t of SEED_TABLES) {
      await admin.query(`CREATE TABLE \`${DB}\`.\`${t}\` LIKE cowrite.\`${t}\``);
      await admin.query(`INSERT INTO \`${DB}\`.\`${t}\` SELECT * FROM cowrite.\`${t}\``);
    }
    await admin.query(`USE \`${DB}\``);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} partitions`, { database: DB });
  }, 120_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
    rt?.close();
  });

  it('checks each seed statement first, then runs it: the predicted errno is the server error, and each fix runs', async () => {
    const checked = await invoke<CheckResult>(rt, 'partitions.check', { ddl: seed, connectionId });
    const statements = splitScript(seed);
    expect(checked.statements.map((s) => s.sql)).toEqual(statements.map((s) => s.sql));
    const actual: Array<number | null> = [];
    for (const s of statements) actual.push(await errnoOf(admin, s.sql));
    expect(checked.statements.map((s) => s.predictedErrno)).toEqual(actual);
    expect(actual.slice(0, 3)).toEqual([1503, 1503, 1064]);
    // The routines run, but rotate on YYYYMM arithmetic: preflight says so.
    expect(checked.statements.filter((s) => s.findings.some((f) => f.rule === 'yyyymm-arithmetic'))).toHaveLength(2);
    const fixes = checked.statements.filter((s) => s.fix !== null);
    expect(fixes.map((s) => s.table)).toEqual(SEED_TABLES);
    for (const s of fixes) {
      const again = await invoke<CheckResult>(rt, 'partitions.check', { ddl: s.fix!, connectionId });
      expect(again.statements[0]!.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(await errnoOf(admin, s.fix!), s.fix!).toBeNull();
    }
    expect(fixes.find((s) => s.table === 'user_sessions')!.fixNotes.join(' ')).toMatch(/no longer guarantees token_hash is unique/);
  }, 180_000);

  it('the fixed ai_generations reads at most two partitions for a one-month created_at range; the seed expression reads them all', async () => {
    await admin.query("INSERT INTO ai_generations (document_id, user_id, created_at) VALUES (1, 1, '2024-03-15 10:00:00'), (1, 1, '2024-04-02 10:00:00')");
    const month = (from: string, to: string) => ({
      name: `${from} month`,
      sql: `SELECT COUNT(*) FROM ai_generations WHERE created_at >= '${from}' AND created_at < '${to}'`,
    });
    const fixed = await invoke<PruningResult[]>(rt, 'partitions.pruning', {
      connectionId,
      schema: DB,
      table: 'ai_generations',
      queries: [month('2024-03-01', '2024-04-01'), month('2025-06-01', '2025-07-01')],
    });
    for (const r of fixed) {
      expect(r.error).toBeNull();
      expect(r.partitions!.length).toBeLessThanOrEqual(2);
      expect(r.readsAll).toBe(false);
    }
    expect(fixed[0]!.partitions).toContain('p202403');
    // Keys fixed but YEAR*100+MONTH kept: every partition is read.
    await admin.query('CREATE TABLE ai_arith LIKE cowrite.ai_generations');
    await admin.query(
      'ALTER TABLE ai_arith DROP PRIMARY KEY, ADD PRIMARY KEY (id, created_at) PARTITION BY RANGE (YEAR(created_at) * 100 + MONTH(created_at)) (PARTITION p202401 VALUES LESS THAN (202402), PARTITION p202402 VALUES LESS THAN (202403), PARTITION p202403 VALUES LESS THAN (202404), PARTITION p_future VALUES LESS THAN MAXVALUE)',
    );
    const [arith] = await invoke<PruningResult[]>(rt, 'partitions.pruning', {
      connectionId,
      schema: DB,
      table: 'ai_arith',
      queries: [{ name: 'one month', sql: "SELECT COUNT(*) FROM ai_arith WHERE created_at >= '2024-03-01' AND created_at < '2024-04-01'" }],
    });
    expect(arith!.readsAll).toBe(true);
    expect(arith!.partitions).toHaveLength(4);
  }, 60_000);

  it('predicts the error number of each statement of a battery run in order, as the server gives it', async () => {
    const mismatches: string[] = [];
    for (const sql of PROBES) {
      const checked = await invoke<CheckResult>(rt, 'partitions.check', { ddl: sql, connectionId });
      const predicted = checked.statements[0]!.predictedErrno;
      const actual = await errnoOf(admin, sql);
      if (predicted !== actual) mismatches.push(`${sql}\n  predicted ${predicted}, server ${actual}`);
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
