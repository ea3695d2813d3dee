import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../services/runtime';
import { adminConnection, invoke, testRuntime, writeCounters, saveConnection, serverConnection } from '../testing/harness';
import { sqlServers } from '../testing/servers';
import { Executor } from './executor';
import { defaultPlanners } from './planners';
import { openMysqlWriter } from '../connections/mysql-writer';
import { AuditRepo } from '../store/audit.repo';
import { ConnectionsRepo } from '../store/connections.repo';
import { aesSecretBox } from '../store/secret-box';
import { openWorkspace } from '../store/workspace.store';

const DB = 'dbw_executor_test';
const request = {
  planner: 'analyze-table',
  params: {
    tables: [
      { schema: DB, table: 'orders' },
      { schema: DB, table: 'customers' },
    ],
  },
};

describe.each(sqlServers)('plan executor on $label', (server) => {
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB};
      CREATE TABLE ${DB}.orders (id INT PRIMARY KEY AUTO_INCREMENT, customer_id INT, total DECIMAL(10,2), KEY (customer_id)) ENGINE=InnoDB;
      CREATE TABLE ${DB}.customers (id INT PRIMARY KEY, name VARCHAR(50)) ENGINE=InnoDB;
      CREATE TABLE ${DB}.items (id INT PRIMARY KEY) ENGINE=InnoDB;
      INSERT INTO ${DB}.customers VALUES (1,'a'),(2,'b'),(3,'c');
      INSERT INTO ${DB}.orders (customer_id, total) VALUES (1,10),(2,20),(3,30),(1,40);`);
    // Let the server's own background statistics recalculation settle before we watch counters.
    await new Promise((r) => setTimeout(r, 1500));
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} sandbox`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
    rt.close();
  });

  it('preview is a dry run: write counters, row counters and the binlog position do not move', async () => {
    const before = await writeCounters(admin);
    const preview = await invoke<{ plan: { steps: Array<{ sql: string }>; hash: string }; writesNothing: boolean; steps: unknown[] }>(rt, 'actions.preview', {
      connectionId,
      request,
    });
    const after = await writeCounters(admin);
    expect(preview.writesNothing).toBe(true);
    expect(preview.plan.steps.map((s) => s.sql)).toEqual([`ANALYZE TABLE \`${DB}\`.\`orders\``, `ANALYZE TABLE \`${DB}\`.\`customers\``]);
    expect(preview.steps).toHaveLength(2);
    // Handler_write is left out on purpose: information_schema reads materialise internal temporary tables, which count there.
    expect(after).toEqual(before);
    expect(await invoke(rt, 'audit.list', { connectionId })).toEqual([]);
  });

  it('apply re-derives the plan, runs every step, audits it, and re-measures', async () => {
    const preview = await invoke<{ plan: { hash: string } }>(rt, 'actions.preview', { connectionId, request });
    const before = await writeCounters(admin);
    const applied = await invoke<{ outcomes: Array<{ status: string; message: string; auditId: number }>; stoppedAt: string | null; after: unknown }>(
      rt,
      'actions.apply',
      {
        connectionId,
        request,
        planHash: preview.plan.hash,
      },
    );
    expect(applied.stoppedAt).toBeNull();
    expect(applied.outcomes.map((o) => o.status)).toEqual(['ok', 'ok']);
    expect(applied.outcomes[0]!.message).toMatch(/status OK/);
    expect(applied.after).not.toBeNull();
    const after = await writeCounters(admin);
    expect(Number(after.Com_analyze) - Number(before.Com_analyze)).toBe(2);
    const audit = await invoke<Array<{ sql: string; status: string; connectionName: string; planHash: string }>>(rt, 'audit.list', { connectionId });
    expect(audit.map((a) => a.sql)).toEqual([`ANALYZE TABLE \`${DB}\`.\`customers\``, `ANALYZE TABLE \`${DB}\`.\`orders\``]);
    expect(audit.every((a) => a.status === 'ok' && a.planHash === preview.plan.hash)).toBe(true);
  });

  it('refuses a plan whose hash changed since preview', async () => {
    await expect(invoke(rt, 'actions.apply', { connectionId, request, planHash: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'PLAN_CHANGED' });
  });

  it('refuses an unknown table instead of skipping it', async () => {
    await expect(
      invoke(rt, 'actions.preview', { connectionId, request: { planner: 'analyze-table', params: { tables: [{ schema: DB, table: 'nope' }] } } }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('asks a production connection for the typed name before any write', async () => {
    const prodId = (
      await invoke<{ id: string }>(rt, 'connections.save', { name: 'prod-like', kind: 'mysql', port: server.port, user: server.user, production: true })
    ).id;
    const preview = await invoke<{ plan: { hash: string } }>(rt, 'actions.preview', { connectionId: prodId, request });
    const before = await writeCounters(admin);
    await expect(invoke(rt, 'actions.apply', { connectionId: prodId, request, planHash: preview.plan.hash })).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
    });
    await expect(invoke(rt, 'actions.apply', { connectionId: prodId, request, planHash: preview.plan.hash, confirmation: 'prod' })).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
    });
    expect(await writeCounters(admin)).toEqual(before);
    const ok = await invoke<{ outcomes: Array<{ status: string }> }>(rt, 'actions.apply', {
      connectionId: prodId,
      request,
      planHash: preview.plan.hash,
      confirmation: 'prod-like',
    });
    expect(ok.outcomes.map((o) => o.status)).toEqual(['ok', 'ok']);
  });

  it('stops at the first error when the server goes away mid-plan, and says which step stopped', async () => {
    const db = openWorkspace(':memory:');
    const connections = new ConnectionsRepo(db, aesSecretBox(Buffer.alloc(32, 9), 't'));
    const audit = new AuditRepo(db);
    const id = connections.save(serverConnection(server, 'flaky')).id;
    // The real writer, whose connection is killed by the server right after the first step.
    const executor = new Executor({
      connections,
      audit,
      planners: defaultPlanners,
      actor: 'test',
      lockWaitSeconds: 5,
      openWriter: async (cfg, lock) => {
        const w = await openMysqlWriter(cfg, lock);
        let n = 0;
        return {
          ...w,
          flavor: w.flavor,
          async execute(sql) {
            const out = await w.execute(sql);
            if (++n === 1) await w.execute('KILL CONNECTION CONNECTION_ID()').catch(() => undefined);
            return out;
          },
        };
      },
    });
    const threeTables = { planner: 'analyze-table' as const, params: { tables: [...request.params.tables, { schema: DB, table: 'items' }] } };
    const preview = await executor.preview(id, threeTables);
    const res = await executor.apply(id, threeTables, preview.plan.hash, undefined, new AbortController().signal, () => undefined);
    // "failed" when the loss was seen before step 2 was sent (the server never got it), "unknown"
    // when it surfaced while sending (the server may have got it): never "ok", and step 3 never runs.
    const second = res.outcomes[1]!.status;
    expect(['failed', 'unknown']).toContain(second);
    expect(res.outcomes.map((o) => o.status)).toEqual(['ok', second, 'skipped']);
    expect(res.stoppedAt).toBe(res.outcomes[1]!.stepId);
    expect(res.outcomes[1]!.message).toMatch(/CONNECTION_LOST|lost|closed/i);
    expect(audit.list(id, 10).map((a) => a.status)).toEqual(['skipped', second, 'ok']);
    db.close();
  });
});
