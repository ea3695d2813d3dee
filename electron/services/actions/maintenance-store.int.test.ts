/**
 * The Statistics tab's store (renderer maintenance.store) driven through the real runtime on both
 * SQL servers: the table list, the ANALYZE plan's preview → apply with step progress, and an apply
 * the executor refuses, each leaving the state the panel shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMaintenance } from '../../../renderer/src/features/maintenance/maintenance.store';
import { adminConnection, saveConnection, testRuntime } from '../../testing/harness';
import { installRuntimeClient } from '../../testing/renderer-client';
import { sqlServers } from '../../testing/servers';

const rt = testRuntime();
installRuntimeClient(rt);
afterAll(() => rt.close());

describe.each(sqlServers)('Statistics store on $label', (server) => {
  const db = `dbw_q_maint_${server.port}_${process.pid}`;
  const key = `${db}.t`;
  let connectionId = '';
  let productionId = '';
  beforeAll(async () => {
    const admin = await adminConnection(server);
    try {
      await admin.query(
        `DROP DATABASE IF EXISTS \`${db}\`; CREATE DATABASE \`${db}\`; CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY, v INT, KEY (v)); INSERT INTO \`${db}\`.t VALUES (1,1),(2,2),(3,3)`,
      );
    } finally {
      await admin.end();
    }
    connectionId = await saveConnection(rt, server, `Maint ${server.label}`);
    productionId = await saveConnection(rt, server, `Maint prod ${server.label}`, { production: true });
  });
  afterAll(async () => {
    useMaintenance.getState().reset();
    const admin = await adminConnection(server);
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    } finally {
      await admin.end();
    }
  });

  it('previews ANALYZE TABLE for the chosen table, applies it with progress, and refuses a second apply', async () => {
    const m = useMaintenance.getState();
    await m.loadTables(connectionId);
    expect(useMaintenance.getState()).toMatchObject({ busy: null, error: null, plan: null });
    expect(useMaintenance.getState().tables.map((t) => `${t.schema}.${t.table}`)).toContain(key);
    m.toggle(key);
    await m.runPreview();
    const previewed = useMaintenance.getState().plan!;
    expect(previewed).toMatchObject({ busy: null, error: null, applied: null });
    expect(previewed.request.params.tables).toEqual([{ schema: db, table: 't' }]);
    expect(previewed.preview!.plan.steps.map((s) => s.sql)).toEqual([`ANALYZE TABLE \`${db}\`.\`t\``]);

    const progress: string[] = [];
    const off = useMaintenance.subscribe((s) => s.progress && progress.push(s.progress));
    await useMaintenance.getState().apply(undefined);
    off();
    const done = useMaintenance.getState();
    expect(done.plan?.applied?.outcomes.map((o) => o.status)).toEqual(['ok']);
    expect(done.plan?.error).toBeNull();
    expect(done.progress).toBeNull();
    expect(progress[0]).toBe('Starting…');
    expect(progress.length).toBeGreaterThan(1);
    // Already applied: nothing is sent again, the outcome stays.
    await done.apply(undefined);
    expect(useMaintenance.getState().plan).toBe(done.plan);
    // Changing the selection drops the plan.
    done.toggle(key);
    expect(useMaintenance.getState().plan).toBeNull();
  });

  it('keeps the preview and shows the executor’s refusal when a production apply is not confirmed', async () => {
    const m = useMaintenance.getState();
    await m.loadTables(productionId);
    m.toggle(key);
    await m.runPreview();
    expect(useMaintenance.getState().plan?.preview).not.toBeNull();
    await useMaintenance.getState().apply('not the connection name');
    const plan = useMaintenance.getState().plan!;
    expect(plan.applied).toBeNull();
    expect(plan.busy).toBeNull();
    expect(plan.preview).not.toBeNull();
    expect(plan.error).toMatch(/confirm/i);
  });

  it('says why the table list cannot be read for an unknown connection', async () => {
    await useMaintenance.getState().loadTables('no-such-connection');
    expect(useMaintenance.getState()).toMatchObject({ busy: null, tables: [], plan: null });
    expect(useMaintenance.getState().error).toBeTruthy();
  });
});
