/**
 * The monitor on a real MariaDB replica (scripts/sandbox/replica.sh): with its SQL thread stopped
 * and writes made on the primary, the sampled lag rises and the "replica stopped" and
 * "replication lag" rules fire after their sustained-for time; once the SQL thread runs again the
 * lag recovers and both alerts clear. The replica's status read shows the thread states and the
 * received GTID position. The replica's threads are restarted and the test table dropped whatever happens.
 */
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule, MonitorSample } from '../../../shared/contract/monitor';
import { readReplicaChannels } from '../../connections/collectors/server-status.collector';
import { MysqlSession } from '../../connections/mysql-session';
import { defaultRules } from '../../engines/monitor/default-rules';
import { adminConnection, invoke, saveConnection, testRuntime, serverConnection } from '../../testing/harness';
import { mariadbReplicaServer as replicaServer, mariadbServer as primaryServer } from '../../testing/servers';
import type { Runtime } from '../runtime';
import { until } from '../../testing/wait';

type StatusRow = Record<string, unknown>;

async function replicaStatus(conn: mysql.Connection): Promise<StatusRow> {
  const [rows] = await conn.query('SHOW SLAVE STATUS');
  const row = (rows as StatusRow[])[0];
  if (!row) throw new Error(`127.0.0.1:${replicaServer.port} is no replica: run scripts/sandbox/replica.sh start`);
  return row;
}

/** A default rule made quick enough for a test: sustained for 2 s, no cooldown. */
function quick(id: string, threshold?: number): AlertRule {
  const rule = defaultRules.find((r) => r.id === id)!;
  return {
    ...rule,
    id: `it_${id}`,
    source: 'user',
    params: threshold === undefined ? rule.params : rule.params.map((p) => ({ ...p, range: [0, 86_400] as [number, number], value: threshold })),
    forSec: 2,
    cooldownSec: 0,
  };
}

describe('monitor on the MariaDB replica', () => {
  let rt: Runtime;
  let primary: mysql.Connection;
  let replica: mysql.Connection;
  let connectionId: string;
  const table = `dbw_repl.t_${process.pid}`;

  beforeAll(async () => {
    rt = testRuntime();
    primary = await adminConnection(primaryServer);
    replica = await adminConnection(replicaServer);
    await replicaStatus(replica);
    // Earlier tests ran account statements and DDL on the primary that this filtered replica may
    // have stopped on; the test starts it from the primary's current position, as replica.sh does.
    const [posRows] = await primary.query('SELECT @@GLOBAL.gtid_binlog_pos AS p');
    await replica.query('STOP SLAVE');
    await replica.query('SET GLOBAL gtid_slave_pos = ?', [String((posRows as Array<{ p: string }>)[0]!.p)]);
    await replica.query('START SLAVE');
    connectionId = await saveConnection(rt, replicaServer, 'replica');
    await primary.query(`CREATE DATABASE IF NOT EXISTS dbw_repl; CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=InnoDB`);
    await until('the table to reach the replica', async () => {
      const [rows] = await replica.query(`SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'dbw_repl' AND TABLE_NAME = ?`, [
        table.split('.')[1],
      ]);
      return Number((rows as Array<{ n: number }>)[0]!.n) === 1 || null;
    });
  });
  afterAll(async () => {
    await replica.query('START SLAVE').catch(() => undefined);
    await primary.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await invoke(rt, 'monitor.saveRules', { rules: [] }).catch(() => undefined);
    await primary.end();
    await replica.end();
    rt.close();
  });

  it('reads the replica status: both threads running, the source, the received GTID position', async () => {
    const session = await MysqlSession.open({ id: 'it-replica', ...serverConnection(replicaServer, 'replica') });
    try {
      await primary.query(`INSERT INTO ${table} (v) VALUES (1)`);
      const [[pos]] = (await primary.query('SELECT @@GLOBAL.gtid_binlog_pos AS p')) as unknown as [[{ p: string }]];
      const channels = await until('the replica to receive the insert', async () => {
        const read = await readReplicaChannels(session, session.flavor.capabilities.replicaStatusSyntax);
        return read[0]?.receivedGtid === pos.p ? read : null;
      });
      expect(channels).toHaveLength(1);
      const [c] = channels;
      expect(c!.ioRunning).toBe('Yes');
      expect(c!.sqlRunning).toBe('Yes');
      expect(c!.sourceHost).toBe('127.0.0.1');
      expect(c!.receivedGtid).toMatch(/^\d+-\d+-\d+/);
      expect(c!.readPosition).toMatch(/binlog\.\d+:\d+$/);
      await until('the replica to apply it', async () => {
        const [r] = await readReplicaChannels(session, session.flavor.capabilities.replicaStatusSyntax);
        return r && r.executedPosition === r.readPosition ? r : null;
      });
    } finally {
      await session.close();
    }
  });

  it('a stopped SQL thread with writes on the primary raises the lag and fires both alerts; restarting it clears them', async () => {
    await invoke(rt, 'monitor.saveRules', { rules: [quick('replica_stopped'), quick('replication_lag', 2)] });
    const first = await invoke<{ sample: MonitorSample }>(rt, 'monitor.sample', { connectionId });
    expect(first.sample.metrics.replica_running).toBe(1);
    let writer: ReturnType<typeof setInterval> | undefined;
    try {
      await replica.query('STOP SLAVE SQL_THREAD');
      const stoppedAt = Date.now();
      // Writes keep arriving while the SQL thread is stopped: the IO thread receives them, nothing applies them.
      writer = setInterval(() => void primary.query(`INSERT INTO ${table} (v) VALUES (2)`).catch(() => undefined), 300);
      await primary.query(`INSERT INTO ${table} (v) VALUES (2)`);

      const events: AlertEvent[] = [];
      const lags: number[] = [];
      await until('both alerts to fire', async () => {
        const r = await invoke<{ events: AlertEvent[]; sample: MonitorSample }>(rt, 'monitor.sample', { connectionId });
        events.push(...r.events);
        expect(r.sample.metrics.replica_running).toBe(0);
        if (r.sample.metrics.replication_lag_s !== null) lags.push(r.sample.metrics.replication_lag_s);
        const fired = events.filter((e) => e.state === 'firing').map((e) => e.ruleId);
        return fired.includes('it_replica_stopped') && fired.includes('it_replication_lag') ? true : null;
      });
      const stopped = events.find((e) => e.ruleId === 'it_replica_stopped' && e.state === 'firing')!;
      const lagging = events.find((e) => e.ruleId === 'it_replication_lag' && e.state === 'firing')!;
      for (const e of [stopped, lagging]) {
        expect(Date.parse(e.at) - Date.parse(e.since)).toBeGreaterThanOrEqual(2000);
        expect(Date.parse(e.at)).toBeGreaterThanOrEqual(stoppedAt + 2000 - 1000);
      }
      expect(lagging.value).toBeGreaterThan(2);
      // The lag rose while the SQL thread was stopped.
      expect(lags.length).toBeGreaterThanOrEqual(2);
      expect(lags.at(-1)!).toBeGreaterThan(lags[0]!);
      expect(events.filter((e) => e.state === 'firing')).toHaveLength(2);

      clearInterval(writer);
      writer = undefined;
      await replica.query('START SLAVE SQL_THREAD');
      const cleared = await until('both alerts to clear', async () => {
        const r = await invoke<{ events: AlertEvent[]; sample: MonitorSample }>(rt, 'monitor.sample', { connectionId });
        events.push(...r.events);
        const resolved = events.filter((e) => e.state === 'resolved').map((e) => e.ruleId);
        return resolved.includes('it_replica_stopped') && resolved.includes('it_replication_lag') ? r.sample : null;
      });
      expect(cleared.metrics.replica_running).toBe(1);
      expect(cleared.metrics.replication_lag_s ?? 0).toBeLessThanOrEqual(2);
      const history = await invoke<AlertEvent[]>(rt, 'monitor.alertHistory', { connectionId, limit: 10 });
      expect(history.filter((e) => e.ruleId === 'it_replica_stopped').map((e) => e.state)).toEqual(['resolved', 'firing']);
      expect(history.filter((e) => e.ruleId === 'it_replication_lag').map((e) => e.state)).toEqual(['resolved', 'firing']);
      // Every row written on the primary was applied.
      const count = async (c: mysql.Connection) => Number(((await c.query(`SELECT COUNT(*) AS n FROM ${table}`))[0] as Array<{ n: number }>)[0]!.n);
      const onPrimary = await count(primary);
      await until('the replica to catch up', async () => ((await count(replica)) === onPrimary ? true : null));
    } finally {
      if (writer) clearInterval(writer);
      await replica.query('START SLAVE SQL_THREAD').catch(() => undefined);
      await invoke(rt, 'monitor.saveRules', { rules: [] });
    }
  }, 90_000);
});
