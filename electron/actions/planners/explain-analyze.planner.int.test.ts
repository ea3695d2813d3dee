import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplainOutcome } from '../../../shared/contract/sql.calls';
import { walk } from '../../engines/explain/plan-node';
import type { Runtime } from '../../services/runtime';
import { adminConnection, invoke, testRuntime, writeCounters, saveConnection } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';

const DB = 'dbw_analyze_write_test';

interface Preview {
  plan: { hash: string; steps: Array<{ id: string; sql: string }>; notes: string[] };
  before: { metrics: Array<{ key: string; value: string | number | null }> };
  writesNothing: boolean;
}
interface Applied {
  outcomes: Array<{ stepId: string; status: string; message: string }>;
  stoppedAt: string | null;
  before: { metrics: Array<{ key: string; value: string | number | null }> };
  after: { metrics: Array<{ key: string; value: string | number | null }> } | null;
}

describe.each(sqlServers)('ANALYZE of a write, rolled back, on $label', (server) => {
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;
  let prodId: string;
  // A multi-table UPDATE: both servers measure it (MySQL's EXPLAIN ANALYZE skips single-table ones).
  const update = `UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.total = o.total * 2 WHERE c.name <> 'z'`;
  const request = (sql: string) => ({ planner: 'explain-analyze', params: { sql, database: DB } });
  const checksum = async () => {
    const [rows] = await admin.query(`CHECKSUM TABLE ${DB}.orders, ${DB}.customers, ${DB}.archive`);
    return rows;
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB};
      CREATE TABLE ${DB}.customers (id INT PRIMARY KEY, name VARCHAR(50)) ENGINE=InnoDB;
      CREATE TABLE ${DB}.orders (id INT PRIMARY KEY AUTO_INCREMENT, customer_id INT, total DECIMAL(10,2), KEY (customer_id)) ENGINE=InnoDB;
      CREATE TABLE ${DB}.archive (id INT PRIMARY KEY, total DECIMAL(10,2)) ENGINE=MyISAM;
      INSERT INTO ${DB}.customers VALUES (1,'a'),(2,'b'),(3,'c');
      INSERT INTO ${DB}.orders (customer_id, total) VALUES (1,10),(2,20),(3,30),(1,40),(2,50);
      INSERT INTO ${DB}.archive VALUES (1, 5);`);
    await new Promise((r) => setTimeout(r, 1500));
    rt = testRuntime();
    const save = (name: string, production: boolean) => saveConnection(rt, server, name, { production });
    connectionId = await save(`${server.label} sandbox`, false);
    prodId = await save('prod-analyze', true);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
    rt.close();
  });

  it('preview shows exactly START TRANSACTION, the ANALYZE and ROLLBACK, and writes nothing', async () => {
    const before = await writeCounters(admin);
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request: request(update) });
    expect(await writeCounters(admin)).toEqual(before);
    expect(preview.writesNothing).toBe(true);
    const analyze = server.label.startsWith('MariaDB') ? 'ANALYZE FORMAT=JSON' : 'EXPLAIN ANALYZE';
    expect(preview.plan.steps.map((s) => s.sql)).toEqual([`USE \`${DB}\``, 'START TRANSACTION', `${analyze} ${update}`, 'ROLLBACK']);
    expect(preview.before.metrics.find((m) => m.key === `rows:${DB}.orders`)?.value).toBe(5);
    expect(preview.before.metrics.find((m) => m.key === `checksum:${DB}.orders`)?.value).toMatch(/^\d+$/);
    expect(await invoke(rt, 'audit.list', { connectionId })).toEqual([]);
  });

  it('apply runs the ANALYZE, rolls it back (rows and checksums unchanged) and the plan has actual rows', async () => {
    const sumBefore = await checksum();
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request: request(update) });
    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request: request(update), planHash: preview.plan.hash });
    expect(applied.stoppedAt).toBeNull();
    expect(applied.outcomes.map((o) => [o.stepId, o.status])).toEqual([
      ['use', 'ok'],
      ['begin', 'ok'],
      ['analyze', 'ok'],
      ['rollback', 'ok'],
    ]);
    expect(await checksum()).toEqual(sumBefore);
    expect(applied.after?.metrics).toEqual(applied.before.metrics);
    const [[row]] = (await admin.query(`SELECT SUM(total) AS s FROM ${DB}.orders`)) as unknown as [[{ s: string }]];
    expect(Number(row.s)).toBe(150);

    const text = applied.outcomes.find((o) => o.stepId === 'analyze')!.message;
    const parsed = await invoke<ExplainOutcome>(rt, 'explain.parse', { text, sql: update, connectionId, database: DB });
    expect(parsed.error).toBeNull();
    const tables = [...walk(parsed.plan!.root)].filter((n) => n.kind === 'table');
    const orders = tables.find((n) => n.table === 'o' || n.table === 'orders');
    // Rows are per loop, and the join order is the optimizer's choice from statistics: orders is
    // read once (5 rows), or as the inner table by customer (5 rows over 3 loops, 1.67 per loop),
    // or scanned once per customer (5 per loop). Any of these reads at most the table's 5 rows a loop.
    const ordersActual = orders?.actual;
    expect(ordersActual?.rows).toBeGreaterThan(1);
    expect(ordersActual?.rows).toBeLessThanOrEqual(5);
    expect(ordersActual!.rows! * (ordersActual!.loops ?? 1)).toBeGreaterThanOrEqual(4.99);
    expect(tables.every((n) => n.actual !== null)).toBe(true);
    const audit = await invoke<Array<{ sql: string; status: string }>>(rt, 'audit.list', { connectionId });
    expect(audit.map((a) => a.sql)).toContain('ROLLBACK');
  });

  it('refuses a statement that touches a non-transactional table, before running anything', async () => {
    const before = await writeCounters(admin);
    await expect(
      invoke(rt, 'actions.preview', { connectionId, request: request('UPDATE archive a JOIN orders o ON o.id = a.id SET a.total = o.total') }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/archive is MyISAM.*non-transactional/) });
    expect(await writeCounters(admin)).toEqual(before);
  });

  it('refuses DDL and other implicitly committing statements', async () => {
    for (const sql of ['ALTER TABLE orders ADD COLUMN x INT', 'TRUNCATE TABLE orders', 'LOCK TABLES orders WRITE']) {
      await expect(invoke(rt, 'actions.preview', { connectionId, request: request(sql) })).rejects.toMatchObject({
        code: 'UNSUPPORTED',
        message: expect.stringMatching(/commits implicitly/),
      });
    }
  });

  it('needs the typed connection name on a production connection', async () => {
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId: prodId, request: request(update) });
    const before = await writeCounters(admin);
    await expect(invoke(rt, 'actions.apply', { connectionId: prodId, request: request(update), planHash: preview.plan.hash })).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
    });
    expect(await writeCounters(admin)).toEqual(before);
    const sumBefore = await checksum();
    const ok = await invoke<Applied>(rt, 'actions.apply', {
      connectionId: prodId,
      request: request(update),
      planHash: preview.plan.hash,
      confirmation: 'prod-analyze',
    });
    expect(ok.outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(await checksum()).toEqual(sumBefore);
  });
});
