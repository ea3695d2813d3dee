/**
 * The shard migration's replica-lag gate on the real MariaDB replica (scripts/sandbox/replica.sh)
 * and the Spider front (scripts/sandbox/spider.sh): with the replica applying, every range runs;
 * with its SQL thread stopped and a backlog growing, the range after the first is held, and the
 * migration stops there when the hold outlasts its limit, having copied only the first range.
 */
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShardMigrateParams } from '../../shared/contract/shards';
import { adminConnection, invoke, saveConnection, testRuntime } from '../testing/harness';
import { mariadbReplicaServer, mariadbServer, spiderServers } from '../testing/servers';
import type { Runtime } from '../services/runtime';

const SRC = 'dbw_shard_gate_src';
const DB = 'dbw_shard_gate';
const MARK = `dbw_repl.dbw_shard_gate_${process.pid}`;

interface Applied {
  stoppedAt: string | null;
  outcomes: Array<{ stepId: string; status: string; message: string }>;
}

describe('shard migration lag gate on the MariaDB replica', () => {
  let rt: Runtime;
  let primary: mysql.Connection;
  let replica: mysql.Connection;
  let front: mysql.Connection;
  let frontId: string;
  let replicaId: string;

  const dropFront = async (): Promise<void> => {
    await front?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await front?.query(`DROP DATABASE IF EXISTS \`${DB}_src\``);
    await front?.query(`DROP SERVER IF EXISTS \`${DB}_source\``);
  };

  beforeAll(async () => {
    primary = await adminConnection(mariadbServer);
    replica = await adminConnection(mariadbReplicaServer);
    try {
      front = await adminConnection(spiderServers.front);
    } catch (e) {
      throw new Error(`The Spider sandbox is not running (scripts/sandbox/spider.sh start; front ${spiderServers.front.port}): ${(e as Error).message}`);
    }
    const [st] = (await replica.query('SHOW SLAVE STATUS')) as [unknown[], unknown];
    if (st.length === 0) throw new Error(`127.0.0.1:${mariadbReplicaServer.port} is no replica: run scripts/sandbox/replica.sh start`);
    // Start the filtered replica from the primary's current position, as replica.sh does.
    const [pos] = (await primary.query('SELECT @@GLOBAL.gtid_binlog_pos AS p')) as [Array<{ p: string }>, unknown];
    await replica.query('STOP SLAVE');
    await replica.query('SET GLOBAL gtid_slave_pos = ?', [String(pos[0]!.p)]);
    await replica.query('START SLAVE');
    await primary.query(`DROP DATABASE IF EXISTS \`${SRC}\``);
    await primary.query(`CREATE DATABASE \`${SRC}\``);
    await primary.query(`CREATE TABLE \`${SRC}\`.t (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL) ENGINE=InnoDB`);
    await primary.query(`INSERT INTO \`${SRC}\`.t SELECT seq, CONCAT('v', seq) FROM \`${SRC}\`.seq_1_to_300`);
    await primary.query('CREATE DATABASE IF NOT EXISTS dbw_repl');
    await primary.query(`CREATE TABLE IF NOT EXISTS ${MARK} (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME(3)) ENGINE=InnoDB`);
    await dropFront();
    await front.query(`CREATE DATABASE \`${DB}\``);
    await front.query(`CREATE TABLE \`${DB}\`.t (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL) ENGINE=InnoDB`);
    rt = testRuntime();
    frontId = await saveConnection(rt, spiderServers.front, 'front', { database: DB });
    replicaId = await saveConnection(rt, mariadbReplicaServer, 'replica');
  }, 60_000);

  afterAll(async () => {
    await replica?.query('START SLAVE SQL_THREAD').catch(() => undefined);
    await dropFront().catch(() => undefined);
    await primary?.query(`DROP DATABASE IF EXISTS \`${SRC}\``);
    await primary?.query(`DROP TABLE IF EXISTS ${MARK}`);
    await primary?.end();
    await replica?.end();
    await front?.end();
    rt?.close();
  }, 60_000);

  const params = (over: Partial<ShardMigrateParams>): ShardMigrateParams => ({
    source: { host: mariadbServer.host, port: mariadbServer.port, user: mariadbServer.user, password: mariadbServer.password, database: SRC },
    targetDatabase: DB,
    tables: [{ table: 't', pk: 'id', min: 1, max: 300, addedKey: null, path: [] }],
    chunkRows: 100,
    sleepMs: 0,
    replicas: [replicaId],
    maxLagSeconds: 30,
    maxWaitMs: 60_000,
    ...over,
  });
  const run = async (p: ShardMigrateParams): Promise<Applied> => {
    await front.query(`DROP TABLE IF EXISTS \`${DB}\`.\`_dbw_shard_checkpoint\``);
    await front.query(`DELETE FROM \`${DB}\`.t`);
    const request = { planner: 'shard-migrate', params: p };
    const preview = await invoke<{ plan: { hash: string } }>(rt, 'actions.preview', { connectionId: frontId, request });
    return invoke<Applied>(rt, 'actions.apply', { connectionId: frontId, request, planHash: preview.plan.hash });
  };
  const copied = async (): Promise<number> => {
    const [r] = (await front.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.t`)) as [Array<{ n: number }>, unknown];
    return Number(r[0]!.n);
  };

  it('copies every range while the replica keeps up', async () => {
    const res = await run(params({}));
    expect(res.stoppedAt).toBeNull();
    expect(await copied()).toBe(300);
  }, 120_000);

  it('holds the next range while the stopped replica falls behind, then stops before it when the hold runs out', async () => {
    await replica.query('STOP SLAVE SQL_THREAD');
    try {
      // A backlog the IO thread receives and nothing applies: its age is the replica's lag.
      await primary.query(`INSERT INTO ${MARK} (at) VALUES (NOW(3))`);
      // Wait (bounded) until the IO thread has received it, so the gate's first read already sees the backlog.
      const until = Date.now() + 15_000;
      for (;;) {
        const [rows] = (await replica.query('SHOW SLAVE STATUS')) as [Array<Record<string, unknown>>, unknown];
        const r = rows[0]!;
        if (r.Master_Log_File !== r.Relay_Master_Log_File || String(r.Read_Master_Log_Pos) !== String(r.Exec_Master_Log_Pos)) break;
        if (Date.now() > until) throw new Error('The replica did not receive the primary write within 15 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const t0 = Date.now();
      // The first range goes (the backlog is seen for the first time), the throttle sleeps 1.5 s, the second is held.
      const res = await run(params({ maxLagSeconds: 0, maxWaitMs: 1000, sleepMs: 1500 }));
      expect(res.stoppedAt).toBe('clear:t:101');
      const held = res.outcomes.find((o) => o.stepId === 'clear:t:101')!;
      expect(held.status).toBe('skipped');
      expect(held.message).toMatch(/^Waited 1 s: replica replica lags \d+ s \(limit 0 s\)$/);
      expect(res.outcomes.filter((o) => o.status === 'ok').map((o) => o.stepId)).toContain('checkpoint:t:1');
      expect(await copied()).toBe(100);
      expect(Date.now() - t0).toBeLessThan(30_000);
    } finally {
      await replica.query('START SLAVE SQL_THREAD');
    }
  }, 120_000);
});
