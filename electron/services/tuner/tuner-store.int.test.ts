/**
 * The tuner panel's store (renderer tuner.store) driven through the real runtime on both SQL
 * servers: analyze, tick a finding, the plan's preview (writes nothing) → apply through the
 * executor, and an unconfirmed production apply that keeps the preview and says why. The global
 * it changes is restored (and, on MySQL, its persisted value removed) afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTuner } from '../../../renderer/src/features/tuner/tuner.store';
import { adminConnection, saveConnection, testRuntime } from '../../testing/harness';
import { installRuntimeClient } from '../../testing/renderer-client';
import { sqlServers } from '../../testing/servers';

const MIB = 1024 ** 2;
const rt = testRuntime();
installRuntimeClient(rt);
afterAll(() => rt.close());

const sortBuffer = async (server: (typeof sqlServers)[number]): Promise<number> => {
  const admin = await adminConnection(server);
  try {
    const [[row]] = (await admin.query('SELECT @@GLOBAL.sort_buffer_size AS v')) as unknown as [[{ v: number }]];
    return Number(row.v);
  } finally {
    await admin.end();
  }
};

describe.each(sqlServers)('tuner store on $label', (server) => {
  const isMysql = server === sqlServers[1];
  let original = 0;
  let connectionId = '';
  let productionId = '';
  beforeAll(async () => {
    original = await sortBuffer(server);
    connectionId = await saveConnection(rt, server, `Tuner ${server.label}`);
    productionId = await saveConnection(rt, server, `Tuner prod ${server.label}`, { production: true });
  });
  afterAll(async () => {
    const admin = await adminConnection(server);
    try {
      if (isMysql) await admin.query('RESET PERSIST IF EXISTS sort_buffer_size');
      await admin.query('SET GLOBAL sort_buffer_size = ?', [original]);
    } finally {
      await admin.end();
    }
  });

  /** A huge per-thread sort buffer, analyzed over one second with the finding ticked. */
  const analyzeBadBuffer = async (id: string) => {
    const admin = await adminConnection(server);
    try {
      await admin.query('SET GLOBAL sort_buffer_size = ?', [256 * MIB]);
    } finally {
      await admin.end();
    }
    const t = useTuner.getState();
    t.setField('intervalSec', '1');
    t.setField('ramGiB', '8');
    t.setField('cores', '2');
    await t.analyze(id);
    expect(useTuner.getState()).toMatchObject({ busy: null, error: null, plan: null, firstLook: false });
    expect(useTuner.getState().analysis?.findings.some((f) => f.ruleId === 'per-thread-buffers')).toBe(true);
    useTuner.getState().toggleSelected('per-thread-buffers');
  };

  it('previews the ticked finding without writing, applies it through the executor, and refuses a second apply', async () => {
    await analyzeBadBuffer(connectionId);
    await useTuner.getState().runPreview(connectionId);
    const previewed = useTuner.getState().plan!;
    expect(previewed).toMatchObject({ busy: null, error: null, applied: null });
    const step = previewed.preview!.plan.steps.find((s) => s.id.endsWith(':sort_buffer_size'));
    expect(step?.sql).toMatch(isMysql ? /^SET PERSIST `sort_buffer_size`/ : /^SET GLOBAL `sort_buffer_size`/);
    expect(await sortBuffer(server)).toBe(256 * MIB);

    await useTuner.getState().apply(connectionId, undefined);
    const applied = useTuner.getState().plan!;
    expect(applied.error).toBeNull();
    expect(applied.applied?.stoppedAt).toBeNull();
    expect(applied.applied?.outcomes.every((o) => o.status === 'ok')).toBe(true);
    expect(useTuner.getState().progress).toBeNull();
    const recommended = previewed.request.params.changes.find((c) => c.name === 'sort_buffer_size')!.value;
    expect(String(await sortBuffer(server))).toBe(recommended);

    await useTuner.getState().apply(connectionId, undefined);
    expect(useTuner.getState().plan).toBe(applied);
    // Ticking another finding drops the applied plan: a new one must be previewed.
    useTuner.getState().toggleSelected('per-thread-buffers');
    expect(useTuner.getState().plan).toBeNull();
  });

  it('keeps the preview and shows the refusal when a production apply is not confirmed', async () => {
    await useTuner.getState().loadHost(productionId);
    await analyzeBadBuffer(productionId);
    await useTuner.getState().runPreview(productionId);
    expect(useTuner.getState().plan?.preview).not.toBeNull();
    await useTuner.getState().apply(productionId, 'not the connection name');
    const plan = useTuner.getState().plan!;
    expect(plan).toMatchObject({ applied: null, busy: null });
    expect(plan.preview).not.toBeNull();
    expect(plan.error).toMatch(/confirm/i);
    expect(await sortBuffer(server)).toBe(256 * MIB);
  });
});
