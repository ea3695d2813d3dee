import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShardMigrateParams, ShardPlan } from '../../../shared/contract/shards';
import { splitStatements } from '../../../shared/sql-split';
import { shardMigratePlanner } from '../../actions/planners/shard-migrate.planner';
import { withMysqlSession } from '../../connections/mysql-session';
import { CHECKPOINT_TABLE } from '../../engines/shards/migration';
import { runPlanWithExecutor } from '../../host/node/cli/executor-runner';
import { parseConnectionUrl } from '../../host/node/cli/flags';
import { adminConnection } from '../../testing/harness';
import { corpusPath } from '../../testing/paths';
import { mariadbServer, spiderServers, type TestServer } from '../../testing/servers';
import { shardPlanFrom } from './shards.service';

const DB = 'dbw_shard_it';
const SOURCE = 'cowrite';
const url = (s: TestServer, db: string): string => `mysql://${s.user}:${s.password}@${s.host}:${s.port}/${db}`;
const workloadText = readFileSync(corpusPath('cowrite', 'workload.sql'), 'utf8');

/** Placeholder values for the workload's SELECTs, chosen from the data so each returns rows. */
async function bindings(src: mysql.Connection): Promise<Record<string, unknown[]>> {
  const one = async (sql: string): Promise<Record<string, unknown>> => ((await src.query(sql))[0] as Record<string, unknown>[])[0]!;
  const u = await one('SELECT u.id, u.username, u.email FROM users u JOIN projects p ON p.user_id = u.id ORDER BY u.id LIMIT 1');
  const p = await one(`SELECT id FROM projects WHERE user_id = ${Number(u.id)} ORDER BY id LIMIT 1`);
  const d = await one('SELECT d.id FROM documents d JOIN document_versions v ON v.document_id = d.id ORDER BY d.id LIMIT 1');
  const g = await one('SELECT id, user_id, document_id FROM ai_generations ORDER BY id LIMIT 1');
  const v = await one('SELECT COUNT(*) - 1 AS n FROM document_versions GROUP BY document_id ORDER BY COUNT(*) DESC LIMIT 1');
  const s = await one('SELECT token_hash FROM user_sessions WHERE expires_at > NOW() ORDER BY id LIMIT 1');
  return {
    login: [u.username, u.email],
    user_info: [u.id],
    session_check: [s.token_hash],
    project_list: [u.id, 1000, 0],
    project_detail: [p.id],
    document_list: [p.id, 1000, 0],
    document_content: [d.id],
    document_versions: [d.id],
    ai_generation_list: [g.user_id, g.document_id],
    ai_generation_status: [g.id],
    ai_generation_completed: [g.user_id],
    document_search: [u.id, '%a%', '%a%'],
    sessions_this_year: [],
    versions_over_limit: [Number(v.n)],
  };
}

/** Rows as sorted JSON lines over the given columns (a SELECT's result as a multiset). */
function canon(rows: Record<string, unknown>[], keep?: ReadonlySet<string>): string[] {
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => !keep || keep.has(k))))).sort();
}

describe('shard plan, Spider export and migration of cowrite into the Spider sandbox (MariaDB)', () => {
  let src: mysql.Connection;
  let front: mysql.Connection;
  const shards: mysql.Connection[] = [];
  let plan: ShardPlan;
  let spiderText: string;
  let params: ShardMigrateParams;
  const workspace = mkdtempSync(join(tmpdir(), 'dbw-shard-it-'));

  const drop = async (): Promise<void> => {
    await front?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await front?.query(`DROP DATABASE IF EXISTS \`${DB}_src\``);
    for (const srv of [`${DB}_source`, ...spiderServers.shards.map((_, i) => `${DB}_s${i}`)]) await front?.query(`DROP SERVER IF EXISTS \`${srv}\``);
    for (const s of shards) await s.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  };

  beforeAll(async () => {
    src = await adminConnection(mariadbServer, SOURCE);
    try {
      front = await adminConnection(spiderServers.front);
      for (const s of spiderServers.shards) shards.push(await adminConnection(s));
    } catch (e) {
      throw new Error(
        `The Spider sandbox is not running (scripts/sandbox/spider.sh start; front ${spiderServers.front.port}, backends ${spiderServers.shards.map((s) => s.port).join(' ')}): ${(e as Error).message}`,
      );
    }
    await drop();
  }, 60_000);

  afterAll(async () => {
    await drop();
    await src?.end();
    await front?.end();
    for (const s of shards) await s.end();
  }, 60_000);

  it('plans cowrite from the server: users.id as user_id, skew counted under MOD equals independent counts', async () => {
    const r = await withMysqlSession(parseConnectionUrl(url(mariadbServer, SOURCE)), (s) =>
      shardPlanFrom({
        schema: { kind: 'live', reader: s, database: SOURCE, flavor: 'mariadb' },
        workload: { kind: 'script', text: workloadText },
        shards: spiderServers.shards.length,
        backends: spiderServers.shards.map((b) => ({ host: b.host, port: b.port, user: b.user, password: b.password })),
        targetDatabase: DB,
      }),
    );
    plan = r.plan;
    expect([plan.root, plan.keyName]).toEqual(['users', 'user_id']);
    for (const e of r.exports) expect(e.issues, e.kind).toEqual([]);
    spiderText = r.exports.find((e) => e.kind === 'spider')!.text;
    const [users] = (await src.query('SELECT SUM(id % 2 = 0) AS even, SUM(id % 2 = 1) AS odd FROM users')) as [Record<string, unknown>[], unknown];
    expect(plan.tables.find((t) => t.table === 'users')!.skew!.perShard).toEqual([Number(users[0]!.even), Number(users[0]!.odd)]);
    const [docs] = (await src.query(
      'SELECT SUM(p.user_id % 2 = 0) AS even, SUM(p.user_id % 2 = 1) AS odd FROM projects p, documents d WHERE d.project_id = p.id',
    )) as [Record<string, unknown>[], unknown];
    expect(plan.tables.find((t) => t.table === 'documents')!.skew!.perShard).toEqual([Number(docs[0]!.even), Number(docs[0]!.odd)]);
    const stats = plan.candidates.find((c) => c.table === 'users')!.stats!;
    const [n] = (await src.query('SELECT COUNT(*) AS n FROM users')) as [Record<string, unknown>[], unknown];
    expect(stats).toMatchObject({ monotonic: true, rows: Number(n[0]!.n), cardinality: Number(n[0]!.n), mostCommonFrequency: 1 / Number(n[0]!.n) });
  }, 120_000);

  it('applies the Spider export to the two backends and the front', async () => {
    const [, afterBackend] = spiderText.split('-- 1. On every shard backend:');
    const [backendPart, frontPart] = afterBackend!.split('-- 2. On the Spider front:');
    for (const s of shards) for (const st of splitStatements(backendPart!)) await s.query(st.sql);
    for (const st of splitStatements(frontPart!)) await front.query(st.sql);
    const [rows] = (await front.query("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND ENGINE = 'SPIDER'", [DB])) as [
      Record<string, unknown>[],
      unknown,
    ];
    expect(Number(rows[0]!.n)).toBe(plan.tables.length);
  }, 120_000);

  it('migrates through the executor; a kill midway resumes from the checkpoints with no duplicate', async () => {
    const frontCfg = parseConnectionUrl(url(spiderServers.front, DB));
    const tables: ShardMigrateParams['tables'] = [];
    for (const t of plan.tables) {
      const [r] = (await src.query(`SELECT MIN(\`${t.auto}\`) AS lo, MAX(\`${t.auto}\`) AS hi FROM \`${t.table}\``)) as [Record<string, unknown>[], unknown];
      tables.push({
        table: t.table,
        pk: t.auto!,
        min: Number(r[0]!.lo ?? 0),
        max: Number(r[0]!.hi ?? 0),
        addedKey: t.role === 'needs-key' ? t.keyColumn : null,
        path: t.path,
      });
    }
    params = {
      source: { host: mariadbServer.host, port: mariadbServer.port, user: mariadbServer.user, password: mariadbServer.password, database: SOURCE },
      targetDatabase: DB,
      tables,
      chunkRows: 8000,
      sleepMs: 0,
      replicas: [],
      maxLagSeconds: 10,
      maxWaitMs: 600_000,
    };
    const derive = () => withMysqlSession(frontCfg, async (s) => (await shardMigratePlanner.derive(params, s, s.flavor)).plan);
    const first = await derive();
    const copies = first.steps.filter((s) => s.id.startsWith('copy:')).length;
    const checkpoints = async (): Promise<number> => {
      const [r] = (await front.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.\`${CHECKPOINT_TABLE}\``).catch(() => [[{ n: 0 }]])) as [
        Record<string, unknown>[],
        unknown,
      ];
      return Number(r[0]!.n);
    };
    const running = runPlanWithExecutor(frontCfg, first, () => undefined, workspace);
    // Kill the executor's connection once a few ranges are recorded: the statement it runs is cut mid-range.
    const deadline = Date.now() + 90_000;
    let killed = false;
    while (!killed && Date.now() < deadline) {
      if ((await checkpoints()) >= 3) {
        const [ids] = (await front.query(
          "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND INFO LIKE 'INSERT INTO `dbw_shard_it`%'",
        )) as [Record<string, unknown>[], unknown];
        if (ids.length > 0) {
          await front.query(`KILL CONNECTION ${Number(ids[0]!.id)}`);
          killed = true;
        }
      }
      if (!killed) await new Promise((r) => setTimeout(r, 50));
    }
    expect(killed).toBe(true);
    const stopped = await running;
    expect(stopped).not.toBeNull();
    const before = await checkpoints();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(copies);
    const resumed = await derive();
    const left = resumed.steps.filter((s) => s.id.startsWith('copy:')).length;
    expect(left).toBeLessThanOrEqual(copies - before);
    expect(left).toBeGreaterThan(0);
    expect(await runPlanWithExecutor(frontCfg, resumed, () => undefined, workspace)).toBeNull();
    const [bad] = (await front.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.\`${CHECKPOINT_TABLE}\` WHERE src_rows <> dst_rows OR src_crc <> dst_crc`)) as [
      Record<string, unknown>[],
      unknown,
    ];
    expect(Number(bad[0]!.n)).toBe(0);
    expect(await checkpoints()).toBe(copies);
  }, 600_000);

  it('per-table counts and checksums match, no key is duplicated, and the backends hold the rows the skew predicted', async () => {
    const m = await withMysqlSession(parseConnectionUrl(url(spiderServers.front, DB)), (s) => shardMigratePlanner.measure(params, s, s.flavor));
    const v = (k: string) => m.metrics.find((x) => x.key === k)?.value;
    for (const t of plan.tables) {
      const [r] = (await src.query(`SELECT COUNT(*) AS n FROM \`${t.table}\``)) as [Record<string, unknown>[], unknown];
      expect(v(`rows:${t.table}`), t.table).toBe(Number(r[0]!.n));
      expect(v(`source-rows:${t.table}`), t.table).toBe(Number(r[0]!.n));
      expect(v(`crc:${t.table}`), t.table).toBe(v(`source-crc:${t.table}`));
      const [d] = (await front.query(`SELECT COUNT(*) AS n, COUNT(DISTINCT \`${t.auto}\`) AS k FROM \`${DB}\`.\`${t.table}\``)) as [
        Record<string, unknown>[],
        unknown,
      ];
      expect(Number(d[0]!.k), t.table).toBe(Number(d[0]!.n));
    }
    for (const t of plan.tables.filter((x) => x.skew)) {
      const perBackend: number[] = [];
      for (const s of shards) {
        const [r] = (await s.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.\`${t.table}\``)) as [Record<string, unknown>[], unknown];
        perBackend.push(Number(r[0]!.n));
      }
      expect(perBackend, t.table).toEqual(t.skew!.perShard);
    }
  }, 300_000);

  it('every workload SELECT gives through the front the same rows as on the source', async () => {
    const values = await bindings(src);
    await front.query(`USE \`${DB}\``);
    let compared = 0;
    for (const q of splitStatements(workloadText)) {
      if (!/^\s*SELECT/i.test(q.sql)) continue;
      const name = q.comments.map((c) => c.split('|')[0]!.trim()).find((n) => n in values)!;
      expect(name, q.sql).toBeDefined();
      const [a] = (await src.query(q.sql, values[name])) as [Record<string, unknown>[], unknown];
      const [b] = (await front.query(q.sql, values[name])) as [Record<string, unknown>[], unknown];
      const keep = new Set(Object.keys(a[0] ?? {}));
      expect(a.length, name).toBeGreaterThan(0);
      expect(canon(b, keep), name).toEqual(canon(a, keep));
      compared++;
    }
    expect(compared).toBe(14);
  }, 300_000);
});
