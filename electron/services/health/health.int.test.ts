import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableHealth } from '../../../shared/contract/health';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';

describe.each(sqlServers)('table health on $label', (server) => {
  const DB = `dbw_purge_health_${server.port}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;
  const checksum = async (): Promise<string> =>
    String(((await admin.query(`CHECKSUM TABLE \`${DB}\`.t`)) as unknown as [Array<{ Checksum: unknown }>])[0][0]!.Checksum);

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\`; CREATE DATABASE \`${DB}\``);
    await admin.query(`CREATE TABLE \`${DB}\`.t (id INT PRIMARY KEY, pad CHAR(200) NOT NULL) ENGINE=InnoDB STATS_AUTO_RECALC=0`);
    await admin.query(`CREATE TABLE \`${DB}\`.n (i INT PRIMARY KEY)`);
    await admin.query(`INSERT INTO \`${DB}\`.n VALUES ${Array.from({ length: 200 }, (_, i) => `(${i})`).join(',')}`);
    await admin.query(`INSERT INTO \`${DB}\`.t SELECT a.i * 200 + b.i, REPEAT('x', 200) FROM \`${DB}\`.n a, \`${DB}\`.n b WHERE a.i < 100`);
    await admin.query(`ANALYZE TABLE \`${DB}\`.t`);
    // Most rows go; with automatic recalculation off the estimate stays at the old count.
    await admin.query(`DELETE FROM \`${DB}\`.t WHERE id % 10 <> 0`);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} health`);
  }, 120_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
    rt?.close();
  });

  it('counts rows exactly, sees the stale estimate and advises ANALYZE, reading only', async () => {
    const sum = await checksum();
    const tables = await invoke<TableHealth[]>(rt, 'health.tables', { connectionId, schema: DB });
    expect(await checksum()).toBe(sum);
    const t = tables.find((x) => x.table === 't')!;
    expect(t.countedRows).toBe(2000);
    expect(t.estimatedRows).toBeGreaterThan(10_000);
    expect(t.estimateErrorPct).toBeGreaterThan(100);
    expect(t.advice).toContain('analyze');
    expect(t.reasons.join(' ')).toMatch(/row estimate \d+ is [\d.]+% off the counted 2000/);
    expect(t.statsAgeDays).not.toBeNull();
    expect(t.fragmentationPct).not.toBeNull();
    expect(tables.find((x) => x.table === 'n')!.countedRows).toBe(200);
  });

  it('OPTIMIZE TABLE through the executor rebuilds the table (recreate + analyze) and leaves its rows unchanged', async () => {
    const sum = await checksum();
    const request = { planner: 'analyze-table', params: { tables: [{ schema: DB, table: 't' }], op: 'optimize' } };
    const preview = await invoke<{ plan: { hash: string; steps: Array<{ sql: string; kind: string; estimate: string }>; notes: string[] } }>(
      rt,
      'actions.preview',
      {
        connectionId,
        request,
      },
    );
    expect(preview.plan.steps.map((s) => s.sql)).toEqual([`OPTIMIZE TABLE \`${DB}\`.\`t\``]);
    expect(preview.plan.steps[0]!.estimate).toMatch(/online: writes go on/);
    const applied = await invoke<{ outcomes: Array<{ status: string; message: string }> }>(rt, 'actions.apply', {
      connectionId,
      request,
      planHash: preview.plan.hash,
    });
    expect(applied.outcomes[0]!.status).toBe('ok');
    // Both servers say what OPTIMIZE does on InnoDB.
    expect(applied.outcomes[0]!.message).toMatch(/recreate \+ analyze/);
    expect(await checksum()).toBe(sum);
    const t = (await invoke<TableHealth[]>(rt, 'health.tables', { connectionId, schema: DB })).find((x) => x.table === 't')!;
    expect(t.estimateErrorPct).toBeLessThan(50);
    expect(t.advice).not.toContain('analyze');
  }, 60_000);
});
