/**
 * The monitor on both servers through the runtime's dispatcher: samples whose deltas agree with
 * counters read independently around them, a lock wait forced with two sessions that shows in
 * the tree with the right root blocker and is freed by a kill plan, a long transaction's age,
 * and an alert that fires after its sustained-for time when many connections are opened and
 * clears after they close. Every database, connection and rule set made here is removed again.
 */
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivitySnapshot, AlertEvent, AlertRule, MonitorSample } from '../../../shared/contract/monitor';
import { MysqlSession } from '../../connections/mysql-session';
import { adminConnection, globalStatus as status, invoke, saveConnection, testRuntime, threadId, serverConnection } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';
import { Sampler } from './sampler';
import { defaultRules } from '../../engines/monitor/default-rules';
import { sleep, until } from '../../testing/wait';

describe.each(sqlServers)('monitor on $label', (server) => {
  let rt: Runtime;
  let admin: mysql.Connection;
  let connectionId: string;
  const db = `dbw_mon_${process.pid}_${server.port}`;

  beforeAll(async () => {
    rt = testRuntime();
    admin = await adminConnection(server);
    connectionId = await saveConnection(rt, server, `monitor ${server.label}`);
    await admin.query(
      `DROP DATABASE IF EXISTS \`${db}\`; CREATE DATABASE \`${db}\`; CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB; INSERT INTO \`${db}\`.t VALUES (1, 0), (2, 0)`,
    );
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin.end();
    rt.close();
  });

  it('sample deltas agree with Questions read independently before and after the sample', async () => {
    const session = await MysqlSession.open({ id: 'it', ...serverConnection(server, 'it') });
    const worker = await adminConnection(server);
    const statements = 40;
    try {
      const sampler = new Sampler({
        local: true,
        rules: defaultRules,
        // Between the sampler's two reads: a known number of statements.
        sleep: async () => {
          for (let i = 0; i < statements; i++) await worker.query('SELECT 1');
          await sleep(500);
        },
      });
      const outerBefore = await status(admin, 'Questions');
      const t0 = Date.now();
      const { sample } = await sampler.tick(session);
      const outerSec = (Date.now() - t0) / 1000;
      const outerAfter = await status(admin, 'Questions');
      const counted = sample.metrics.qps! * sample.intervalSec;
      // The sampler saw at least our statements and at most what the outer reads saw.
      expect(counted).toBeGreaterThanOrEqual(statements);
      expect(counted).toBeLessThanOrEqual(outerAfter - outerBefore);
      expect(sample.intervalSec).toBeGreaterThan(0.4);
      expect(sample.intervalSec).toBeLessThanOrEqual(outerSec + 0.01);
      const [[vars]] = (await admin.query('SELECT @@max_connections AS m')) as unknown as [[{ m: number }]];
      expect(sample.metrics.max_connections).toBe(Number(vars.m));
      expect(sample.metrics.threads_connected).toBeGreaterThanOrEqual(3);
      expect(sample.metrics.host_memory_pct).toBeGreaterThan(0);

      // The second tick needs one read: its interval runs from the first tick's second read.
      await worker.query('SELECT 1');
      const next = await sampler.tick(session);
      expect(Date.parse(next.sample.at)).toBeGreaterThan(Date.parse(sample.at));
      expect(next.sample.metrics.qps).toBeGreaterThan(0);
    } finally {
      await worker.end();
      await session.close();
    }
  });

  it('the service keeps samples in the history and answers ranges', async () => {
    const a = await invoke<{ sample: MonitorSample }>(rt, 'monitor.sample', { connectionId });
    const b = await invoke<{ sample: MonitorSample }>(rt, 'monitor.sample', { connectionId });
    expect(Date.parse(b.sample.at)).toBeGreaterThan(Date.parse(a.sample.at));
    const h = await invoke<{ samples: MonitorSample[]; bucketSec: number }>(rt, 'monitor.history', { connectionId, rangeSec: 300 });
    expect(h.bucketSec).toBe(0);
    expect(h.samples.map((s) => s.at)).toEqual(expect.arrayContaining([a.sample.at, b.sample.at]));
  });

  it('a forced lock wait shows in the tree under its root blocker, the blocker’s transaction shows its age, and a kill plan frees the waiter', async () => {
    const blocker = await adminConnection(server, db);
    const waiter = await adminConnection(server, db);
    try {
      const blockerId = await threadId(blocker);
      const waiterId = await threadId(waiter);
      await blocker.query('BEGIN');
      await blocker.query('UPDATE t SET v = v + 1 WHERE id = 1');
      await waiter.query('SET SESSION innodb_lock_wait_timeout = 60');
      const waiting = waiter.query('UPDATE t SET v = v + 10 WHERE id = 1');
      await sleep(2100);

      const snap = await until(
        'the lock wait',
        async () => {
          const s = await invoke<ActivitySnapshot>(rt, 'monitor.activity', { connectionId, filter: { hideIdle: false } });
          return s.lockWaits.some((w) => w.waitingThread === waiterId) ? s : null;
        },
        20_000,
        250,
      );
      const wait = snap.lockWaits.find((w) => w.waitingThread === waiterId)!;
      expect(wait.blockingThread).toBe(blockerId);
      expect(wait.waitingQuery).toContain('v + 10');
      expect(wait.lockedTable).toContain(db);
      const root = snap.lockTree.find((n) => n.thread === blockerId);
      expect(root?.waiters.map((w) => w.thread)).toContain(waiterId);
      const trx = snap.transactions.find((t) => t.threadId === blockerId)!;
      expect(trx.ageSec).toBeGreaterThanOrEqual(2);
      expect(trx.rowsModified).toBe(1);
      expect(snap.sessions.some((s) => s.id === waiterId && s.info?.includes('v + 10'))).toBe(true);

      const request = { planner: 'kill-session', params: { processId: blockerId, scope: 'connection' } };
      const preview = await invoke<{
        plan: { hash: string; steps: Array<{ sql: string; description: string }> };
        steps: Array<{ details: Record<string, unknown> }>;
      }>(rt, 'actions.preview', { connectionId, request });
      expect(preview.plan.steps[0]!.sql).toBe(`KILL CONNECTION ${blockerId}`);
      expect(preview.plan.steps[0]!.description).toContain('rolls back its transaction (1 row(s) modified');
      expect(preview.steps[0]!.details['sessions waiting on its locks']).toBe(1);
      // The preview wrote nothing: the waiter still waits.
      const still = await invoke<ActivitySnapshot>(rt, 'monitor.activity', { connectionId, filter: { hideIdle: false } });
      expect(still.lockWaits.some((w) => w.waitingThread === waiterId)).toBe(true);

      const applied = await invoke<{ outcomes: Array<{ status: string; auditId: number }> }>(rt, 'actions.apply', {
        connectionId,
        request,
        planHash: preview.plan.hash,
      });
      expect(applied.outcomes.map((o) => o.status)).toEqual(['ok']);
      await waiting; // resolves once the blocker's locks are released
      const [[row]] = (await admin.query(`SELECT v FROM \`${db}\`.t WHERE id = 1`)) as unknown as [[{ v: number }]];
      expect(row.v).toBe(10); // the blocker's +1 was rolled back, the waiter's +10 went through
      const audit = await invoke<Array<{ planner: string; sql: string }>>(rt, 'audit.list', { connectionId, limit: 5 });
      expect(audit[0]).toMatchObject({ planner: 'kill-session', sql: `KILL CONNECTION ${blockerId}` });
      // The session is gone: the same plan now fails to derive, it cannot hit a reused id blindly.
      await expect(invoke(rt, 'actions.preview', { connectionId, request })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      blocker.destroy();
      await waiter.end().catch(() => waiter.destroy());
    }
  });

  it('KILL QUERY ends only the statement and leaves the session', async () => {
    const busy = await adminConnection(server);
    try {
      const id = await threadId(busy);
      const started = Date.now();
      const running = busy.query('SELECT SLEEP(30)').catch((e: Error) => e);
      const request = { planner: 'kill-session', params: { processId: id, scope: 'query' } };
      const preview = await until(
        'the running statement',
        async () => {
          const p = await invoke<{ plan: { hash: string; steps: Array<{ sql: string; description: string }> } }>(rt, 'actions.preview', {
            connectionId,
            request,
          });
          return p.plan.steps[0]!.description.includes('SLEEP(30)') ? p : null;
        },
        20_000,
        250,
      );
      expect(preview.plan.steps[0]!.sql).toBe(`KILL QUERY ${id}`);
      await invoke(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
      const result = await running;
      // MySQL reports the interruption as an error, MariaDB returns SLEEP()'s 1: either way it ended early.
      expect(Date.now() - started).toBeLessThan(15_000);
      if (result instanceof Error) expect(result.message).toMatch(/interrupted/i);
      await expect(busy.query('SELECT 1')).resolves.toBeDefined();
    } finally {
      await busy.end();
    }
  });

  it('an alert on many connections fires after its sustained-for time and clears after they close', async () => {
    const baseline = await status(admin, 'Threads_connected');
    const [[vars]] = (await admin.query('SELECT @@max_connections AS m')) as unknown as [[{ m: number }]];
    const extra = 25;
    // Half-way between the baseline and the forced level, so other clients' comings and goings do not decide it.
    const threshold = Math.round(((baseline + extra / 2) / Number(vars.m)) * 1000) / 10;
    const rule: AlertRule = {
      ...defaultRules.find((r) => r.id === 'connections_near_max')!,
      id: 'it_connections',
      source: 'user',
      params: [{ name: 'threshold', summary: 'share of max_connections', unit: '%', range: [0, 100], value: threshold }],
      forSec: 3,
      cooldownSec: 0,
    };
    await invoke(rt, 'monitor.saveRules', { rules: [rule] });
    const opened: mysql.Connection[] = [];
    try {
      const events: AlertEvent[] = [];
      await invoke(rt, 'monitor.sample', { connectionId });
      for (let i = 0; i < extra; i++) opened.push(await adminConnection(server));
      const forcedAt = Date.now();
      const firing = await until(
        'the alert to fire',
        async () => {
          const r = await invoke<{ events: AlertEvent[]; sample: MonitorSample }>(rt, 'monitor.sample', { connectionId });
          events.push(...r.events);
          return r.events.find((e) => e.ruleId === 'it_connections' && e.state === 'firing');
        },
        20_000,
        250,
      );
      expect(Date.parse(firing.at) - Date.parse(firing.since)).toBeGreaterThanOrEqual(3000);
      expect(Date.parse(firing.at)).toBeGreaterThanOrEqual(forcedAt + 3000 - 1000);
      expect(firing.message).toMatch(/Connections at [\d.]+ % of max_connections/);
      expect(events.filter((e) => e.state === 'firing')).toHaveLength(1);

      await Promise.all(opened.splice(0).map((c) => c.end()));
      const resolved = await until(
        'the alert to clear',
        async () => {
          const r = await invoke<{ events: AlertEvent[] }>(rt, 'monitor.sample', { connectionId });
          return r.events.find((e) => e.ruleId === 'it_connections' && e.state === 'resolved');
        },
        20_000,
        250,
      );
      expect(Date.parse(resolved.at)).toBeGreaterThan(Date.parse(firing.at));
      const history = await invoke<AlertEvent[]>(rt, 'monitor.alertHistory', { connectionId, limit: 10 });
      expect(history.filter((e) => e.ruleId === 'it_connections').map((e) => e.state)).toEqual(['resolved', 'firing']);
    } finally {
      await Promise.all(opened.map((c) => c.end()));
      await invoke(rt, 'monitor.saveRules', { rules: [] });
    }
  });
});
