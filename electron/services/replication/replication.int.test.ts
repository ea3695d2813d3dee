/**
 * Replication status on the real MariaDB replica (scripts/sandbox/replica.sh) and on MySQL 9.7:
 * the replica's channel from SHOW ALL SLAVES STATUS with its filter and GTIDs, the primary's view
 * (the replica attached in SHOW SLAVE HOSTS); with the replica's SQL thread stopped and writes
 * on the primary the lag (seconds and transactions) rises and the "SQL thread stopped" finding
 * appears; once it runs again the lag recovers. MySQL 9.7 (no replica: its sandbox runs without
 * a binlog) answers SHOW REPLICA STATUS / SHOW REPLICAS / SHOW BINARY LOG STATUS with no rows,
 * read as a server with no channel. The SQL thread is restarted and the tables dropped whatever happens.
 */
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LagPoint, ReplicationStatus } from '../../../shared/contract/replication';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { mariadbReplicaServer as replicaServer, mariadbServer as primaryServer, mysqlServer } from '../../testing/servers';
import type { Runtime } from '../runtime';
import { until } from '../../testing/wait';

type Read = { status: ReplicationStatus; history: LagPoint[] };

describe('replication status on the MariaDB replica', () => {
  let rt: Runtime;
  let primary: mysql.Connection;
  let replica: mysql.Connection;
  let replicaId: string;
  let primaryId: string;
  const table = `dbw_repl.dbw_repl_rw_st_${process.pid}`;

  beforeAll(async () => {
    rt = testRuntime();
    primary = await adminConnection(primaryServer);
    replica = await adminConnection(replicaServer).catch((e: Error) => {
      throw new Error(`no replica on 127.0.0.1:${replicaServer.port} (${e.message}): run scripts/sandbox/replica.sh start`);
    });
    const [st] = await replica.query('SHOW SLAVE STATUS');
    if (!(st as unknown[]).length) throw new Error(`127.0.0.1:${replicaServer.port} is no replica: run scripts/sandbox/replica.sh start`);
    // Start from the primary's current position, as replica.sh does: statements other tests ran on the primary may have stopped it.
    const [posRows] = await primary.query('SELECT @@GLOBAL.gtid_binlog_pos AS p');
    await replica.query('STOP SLAVE');
    await replica.query('SET GLOBAL gtid_slave_pos = ?', [String((posRows as Array<{ p: string }>)[0]!.p)]);
    await replica.query('START SLAVE');
    replicaId = await saveConnection(rt, replicaServer, 'replica');
    primaryId = await saveConnection(rt, primaryServer, 'primary');
    await primary.query(`CREATE DATABASE IF NOT EXISTS dbw_repl`);
    await primary.query(`CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=InnoDB`);
    await until('the table to reach the replica', async () => {
      const [rows] = await replica.query(`SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'dbw_repl' AND TABLE_NAME = ?`, [
        table.split('.')[1],
      ]);
      return Number((rows as Array<{ n: number }>)[0]!.n) === 1 || null;
    });
  });
  afterAll(async () => {
    await replica?.query('START SLAVE').catch(() => undefined);
    await primary?.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await primary?.end();
    await replica?.end();
    rt?.close();
  });

  it('reads the channel: threads, source, filter, GTIDs received and applied, no backlog', async () => {
    const r = await until('the replica to be caught up', async () => {
      const x = await invoke<Read>(rt, 'replication.status', { connectionId: replicaId, sourceConnectionId: primaryId });
      return x.status.channels[0]?.gtidBehindSource === 0 ? x : null;
    });
    const s = r.status;
    expect(s.server.family).toBe('mariadb');
    expect(s.statements).toContain('SHOW ALL SLAVES STATUS');
    expect(s.channels).toHaveLength(1);
    const c = s.channels[0]!;
    expect(c.channel).toBe('');
    expect(c.ioRunning).toBe('Yes');
    expect(c.sqlRunning).toBe('Yes');
    expect(c.sourceHost).toBe('127.0.0.1');
    expect(c.sourcePort).toBe(primaryServer.port);
    expect(c.usingGtid).toBe('Slave_Pos');
    expect(c.receivedGtid).toMatch(/^\d+-\d+-\d+/);
    expect(c.executedGtid).toBe(c.receivedGtid);
    expect(c.gtidBacklog).toBe(0);
    expect(c.lagSeconds).toBe(0);
    expect(c.lagBasis).toBe('reported');
    expect(c.filters).toContainEqual({ name: 'Replicate_Wild_Do_Table', value: 'dbw_repl.%' });
    expect(s.findings.map((f) => f.id)).toContain('filters');
    expect(s.findings.some((f) => f.severity === 'critical')).toBe(false);
  });

  it("the primary's view lists the replica in its topology and its binlog position", async () => {
    const r = await invoke<Read>(rt, 'replication.status', { connectionId: primaryId });
    expect(r.status.channels).toHaveLength(0);
    expect(r.status.replicas).toContainEqual(expect.objectContaining({ port: replicaServer.port, serverId: expect.any(Number) }));
    expect(r.status.server.binlog?.file).toMatch(/\.\d+$/);
    expect(r.status.server.gtidBinlogPos).toMatch(/^\d+-\d+-\d+/);
  });

  it('with the SQL thread stopped and writes on the primary the lag rises, in seconds and transactions; restarted, it recovers', async () => {
    let writer: ReturnType<typeof setInterval> | undefined;
    try {
      await replica.query('STOP SLAVE SQL_THREAD');
      writer = setInterval(() => void primary.query(`INSERT INTO ${table} (v) VALUES (2)`).catch(() => undefined), 250);
      await primary.query(`INSERT INTO ${table} (v) VALUES (1)`);
      const lags: number[] = [];
      const backlogs: number[] = [];
      let last: Read | undefined;
      await until('the lag to rise for 3 s', async () => {
        last = await invoke<Read>(rt, 'replication.status', { connectionId: replicaId, sourceConnectionId: primaryId });
        const c = last.status.channels[0]!;
        expect(c.sqlRunning).toBe('No');
        if (c.lagSeconds !== null) lags.push(c.lagSeconds);
        if (c.gtidBacklog !== null) backlogs.push(c.gtidBacklog);
        return lags.length >= 2 && lags.at(-1)! >= 3 ? true : null;
      });
      const c = last!.status.channels[0]!;
      expect(c.secondsBehindReported).toBeNull();
      expect(c.lagBasis).toBe('stalled-backlog');
      expect(lags.at(-1)!).toBeGreaterThan(lags[0]!);
      expect(backlogs.at(-1)!).toBeGreaterThan(0);
      expect(backlogs.at(-1)!).toBeGreaterThanOrEqual(backlogs[0]!);
      expect(c.gtidBehindSource!).toBeGreaterThan(0);
      expect(last!.status.findings.find((f) => f.id === 'sql-stopped')?.severity).toBe('critical');
      // The history the chart reads holds the rising points.
      const points = last!.history.filter((p) => p.lagSeconds !== null);
      expect(points.at(-1)!.lagSeconds).toBeGreaterThanOrEqual(3);

      clearInterval(writer);
      writer = undefined;
      await replica.query('START SLAVE SQL_THREAD');
      const recovered = await until('the lag to recover', async () => {
        const x = await invoke<Read>(rt, 'replication.status', { connectionId: replicaId, sourceConnectionId: primaryId });
        const ch = x.status.channels[0]!;
        return ch.sqlRunning === 'Yes' && ch.gtidBacklog === 0 && ch.gtidBehindSource === 0 && (ch.lagSeconds ?? 0) <= 1 ? x : null;
      });
      expect(recovered.status.findings.find((f) => f.id === 'sql-stopped')).toBeUndefined();
      const [[p]] = (await primary.query(`SELECT COUNT(*) AS n FROM ${table}`)) as unknown as [[{ n: number }]];
      const [[q]] = (await replica.query(`SELECT COUNT(*) AS n FROM ${table}`)) as unknown as [[{ n: number }]];
      expect(Number(q.n)).toBe(Number(p.n));
    } finally {
      if (writer) clearInterval(writer);
      await replica.query('START SLAVE SQL_THREAD').catch(() => undefined);
    }
  }, 90_000);
});

describe('replication status on MySQL 9.7 (no replica)', () => {
  let rt: Runtime;
  beforeAll(() => {
    rt = testRuntime();
  });
  afterAll(() => rt.close());

  it('runs the MySQL statements and reads a server with no channel and no replica', async () => {
    const id = await saveConnection(rt, mysqlServer, 'mysql');
    const r = await invoke<Read>(rt, 'replication.status', { connectionId: id });
    expect(r.status.server.family).toBe('mysql');
    expect(r.status.statements).toEqual(expect.arrayContaining(['SHOW REPLICA STATUS', 'SHOW REPLICAS', 'SHOW BINARY LOG STATUS']));
    expect(r.status.statements.some((s) => s.includes('performance_schema.replication_applier_status_by_worker'))).toBe(true);
    expect(r.status.channels).toEqual([]);
    expect(r.status.replicas).toEqual([]);
    expect(r.status.server.gtidMode).toBe('ON');
    expect(r.status.warnings).toEqual([]);
    expect(r.history).toEqual([]);
  });
});
