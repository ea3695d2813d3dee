/**
 * The renderer's preview → apply flow (renderer/src/app/plan/plan-flow) and the Audit log store
 * driven through the real runtime: the typed client over a transport that calls the dispatcher,
 * on both SQL servers, so the state each step leaves is what a panel would show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFlow, previewFlow, type PlanFlow } from '../../../renderer/src/app/plan/plan-flow';
import { useAudit } from '../../../renderer/src/features/audit/audit.store';
import { adminConnection, saveConnection, testRuntime } from '../../testing/harness';
import { installRuntimeClient } from '../../testing/renderer-client';
import { sqlServers } from '../../testing/servers';

const rt = testRuntime();
installRuntimeClient(rt);
afterAll(() => rt.close());

describe.each(sqlServers)('plan flow and audit rollback on $label', (server) => {
  const db = `dbw_quality_flow_${server.port}_${process.pid}`;
  let connectionId = '';
  beforeAll(async () => {
    connectionId = await saveConnection(rt, server, `Flow ${server.label}`);
  });
  afterAll(async () => {
    const admin = await adminConnection(server);
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    } finally {
      await admin.end();
    }
  });

  it('moves busy → preview → applied, refuses a second apply, and reports errors as text', async () => {
    const seen: Array<PlanFlow['busy']> = [];
    const request = { planner: 'sql-statement' as const, params: { sql: `CREATE DATABASE ${db}` } };
    const previewed = await previewFlow(connectionId, request, (f) => seen.push(f.busy));
    expect(seen).toEqual(['preview', null]);
    expect(previewed).toMatchObject({ applied: null, error: null, busy: null });
    expect(previewed.preview?.plan.steps[0]?.rollback).toBe(`DROP DATABASE \`${db}\``);

    const states: PlanFlow[] = [];
    const applied = await applyFlow(connectionId, previewed, undefined, (f) => states.push(f));
    expect(states.map((s) => s.busy)).toEqual(['apply', null]);
    expect(applied.applied?.outcomes.map((o) => o.status)).toEqual(['ok']);
    // Applied once: a second apply is not sent.
    expect(await applyFlow(connectionId, applied, undefined, () => states.push(applied))).toBe(applied);
    expect(states).toHaveLength(2);

    const failed = await previewFlow(connectionId, { planner: 'sql-statement', params: { sql: 'CREATE DATABASE a; CREATE DATABASE b' } }, () => undefined);
    expect(failed).toMatchObject({ preview: null, busy: null, error: 'A plan runs one statement at a time; this text has 2.' });
  });

  it('rolls back the audited CREATE DATABASE from the Audit log store, and audits the rollback', async () => {
    await useAudit.getState().load();
    const entry = useAudit.getState().entries.find((e) => e.sql === `CREATE DATABASE ${db}`);
    expect(entry?.rollback).toBe(`DROP DATABASE \`${db}\``);
    await useAudit.getState().previewRollback(entry!);
    const rb = useAudit.getState().rollback!;
    expect(rb).toMatchObject({ entryId: entry!.id, connectionId, busy: null, error: null });
    expect(rb.preview?.plan.title).toBe(`Roll back audit entry #${entry!.id}`);
    await useAudit.getState().applyRollback(undefined);
    expect(useAudit.getState().rollback?.applied?.outcomes.map((o) => o.status)).toEqual(['ok']);
    const admin = await adminConnection(server);
    try {
      const [rows] = await admin.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [db]);
      expect(rows).toEqual([]);
    } finally {
      await admin.end();
    }
    expect(useAudit.getState().entries[0]).toMatchObject({ sql: `DROP DATABASE \`${db}\``, planTitle: `Roll back audit entry #${entry!.id}`, status: 'ok' });
    useAudit.getState().closeRollback();
  });
});
