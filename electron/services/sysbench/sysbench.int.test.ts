/**
 * sysbench driven by the app on both servers: the scratch plan previewed (password redacted),
 * applied through the executor, prepare/run/cleanup, the report's query total equal to what
 * performance_schema counted for the run's account, the server sampled each second, and nothing
 * left behind (no dbw_sb_ database or account).
 */
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../shared/contract/plan';
import type { SysbenchResult } from '../../../shared/contract/sysbench';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';

interface Preview {
  preview: { plan: Plan; steps: Array<{ stepId: string; details: Record<string, unknown> }>; writesNothing: true };
  scratch: string;
  estimatedBytes: number;
  sysbenchVersion: string;
}

describe.each(sqlServers)('sysbench runs on $label', (server) => {
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;

  const leftovers = async (scratch: string): Promise<{ databases: number; accounts: number }> => {
    const [d] = await admin.query('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [scratch]);
    const [u] = await admin.query('SELECT COUNT(*) AS n FROM mysql.user WHERE User = ?', [scratch]);
    return { databases: Number((d as Array<{ n: number }>)[0]!.n), accounts: Number((u as Array<{ n: number }>)[0]!.n) };
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `sysbench ${server.label}`);
  }, 60_000);
  afterAll(async () => {
    rt?.close();
    await admin?.end();
  });

  it("runs oltp_read_only with exactly the queries the server counted for the run's account, and leaves nothing behind", async () => {
    const spec = { workload: 'oltp_read_only', tables: 2, tableSize: 300, threads: 2, timeSec: 3 };
    const preview = await invoke<Preview>(rt, 'sysbench.preview', { connectionId, spec });
    expect(preview.scratch).toMatch(/^dbw_sb_[0-9a-f]{12}$/);
    expect(preview.preview.plan.steps.map((s) => s.id)).toEqual(['database', 'account', 'grant']);
    expect(preview.preview.plan.steps[1]!.sql).toContain("IDENTIFIED BY '<redacted>'");
    expect(preview.preview.plan.notes.join(' ')).toContain('2 table(s) sbtest1…sbtest2 of 300 row(s)');
    // The preview wrote nothing.
    expect(await leftovers(preview.scratch)).toEqual({ databases: 0, accounts: 0 });

    const r = await invoke<SysbenchResult>(rt, 'sysbench.run', { connectionId, planHash: preview.preview.plan.hash });
    expect(r.scratch).toBe(preview.scratch);
    const t = r.report.totals;
    expect(t.transactions).toBeGreaterThan(0);
    expect(t.writes).toBe(0);
    // oltp_read_only: 14 reads and BEGIN/COMMIT per transaction.
    expect(t.reads).toBe(14 * t.transactions);
    expect(t.other).toBe(2 * t.transactions);
    expect(t.queries).toBe(t.reads + t.writes + t.other);
    // What sysbench says it ran is what the server ran for its account, to the statement.
    expect(r.server.statements).toBe(t.queries);
    expect(r.report.intervals.length).toBeGreaterThanOrEqual(2);
    expect(r.report.intervals.every((iv) => iv.threads === 2 && iv.tps > 0)).toBe(true);
    expect(r.report.histogram.reduce((a, b) => a + b.count, 0)).toBe(r.report.totals.events);
    expect(r.report.latency.minMs).toBeLessThanOrEqual(r.report.latency.p95Ms);
    expect(r.report.latency.p95Ms).toBeLessThanOrEqual(r.report.latency.maxMs);
    // The server's own view while it ran: at least sysbench's rate of statements.
    expect(r.server.samples.length).toBeGreaterThanOrEqual(2);
    const busiest = Math.max(...r.server.samples.map((s) => s.qps ?? 0));
    expect(busiest).toBeGreaterThan(0.5 * Math.max(...r.report.intervals.map((iv) => iv.qps)));
    // Two tables' files, read live (MySQL's information_schema.TABLES would still say 16 KiB).
    expect(r.preparedBytes).toBeGreaterThanOrEqual(2 * 64 * 1024);
    expect(r.dropped).toBe(true);
    expect(await leftovers(r.scratch)).toEqual({ databases: 0, accounts: 0 });
    // The audit log has the create and drop steps, the password redacted.
    const audit = await invoke<Array<{ sql: string }>>(rt, 'audit.list', { connectionId, limit: 50 });
    const mine = audit.filter((a) => a.sql.includes(r.scratch));
    expect(mine.length).toBe(5);
    expect(mine.some((a) => a.sql.includes("IDENTIFIED BY '<redacted>'"))).toBe(true);
  }, 120_000);

  it('refuses a run that was not previewed', async () => {
    await expect(invoke(rt, 'sysbench.run', { connectionId, planHash: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'PLAN_CHANGED' });
  });

  it('names the refused step when the connection may not create accounts, and drops the database it did create', async () => {
    const limited = `dbw_sblimited_${server.port}`;
    await admin.query(`DROP USER IF EXISTS '${limited}'@'%'`);
    await admin.query(`CREATE USER '${limited}'@'%'`);
    try {
      await admin.query(`GRANT SELECT, CREATE, DROP ON *.* TO '${limited}'@'%'`);
      const id = await saveConnection(rt, { ...server, user: limited }, `sysbench limited ${server.label}`);
      const spec = { workload: 'oltp_point_select', tables: 1, tableSize: 10, threads: 1, timeSec: 1 };
      const preview = await invoke<Preview>(rt, 'sysbench.preview', { connectionId: id, spec });
      const run = invoke(rt, 'sysbench.run', { connectionId: id, planHash: preview.preview.plan.hash });
      await expect(run).rejects.toMatchObject({
        code: 'SERVER_ERROR',
        message: expect.stringMatching(/scratch database could not be created: CREATE USER .*<redacted>/),
      });
      expect(await leftovers(preview.scratch)).toEqual({ databases: 0, accounts: 0 });
    } finally {
      await admin.query(`DROP USER IF EXISTS '${limited}'@'%'`);
    }
  }, 60_000);

  it('stops a run that is cancelled and still drops its scratch', async () => {
    const spec = { workload: 'oltp_point_select', tables: 1, tableSize: 100, threads: 1, timeSec: 30 };
    const preview = await invoke<Preview>(rt, 'sysbench.preview', { connectionId, spec });
    const requestId = `cancel-${Math.random().toString(36).slice(2)}`;
    const running = rt.dispatcher.dispatch('sysbench.run', { connectionId, planHash: preview.preview.plan.hash }, requestId);
    // Cancel once sysbench reports its first second.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no progress within 20 s')), 20_000);
      const onProgress = (e: { requestId: string; message?: string }): void => {
        if (e.requestId === requestId && /tps/.test(e.message ?? '')) {
          clearTimeout(timer);
          rt.events.off('progress', onProgress);
          resolve();
        }
      };
      rt.events.on('progress', onProgress);
    });
    const started = Date.now();
    await invoke(rt, 'system.cancel', { requestId });
    const r = await running;
    expect(r.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await leftovers(preview.scratch)).toEqual({ databases: 0, accounts: 0 });
  }, 60_000);
});
