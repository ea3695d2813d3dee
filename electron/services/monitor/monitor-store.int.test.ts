/**
 * The Activity tab's kill plan in the monitor store (renderer monitor.store) driven through the
 * real runtime on both SQL servers: KILL QUERY previewed (the statement keeps running) → applied
 * (it ends), and a kill of a session that is gone, refused at the preview with the reason.
 */
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMonitor } from '../../../renderer/src/features/monitor/monitor.store';
import { adminConnection, saveConnection, testRuntime, threadId } from '../../testing/harness';
import { installRuntimeClient } from '../../testing/renderer-client';
import { sqlServers } from '../../testing/servers';
import { until } from '../../testing/wait';

const rt = testRuntime();
installRuntimeClient(rt);
afterAll(() => {
  useMonitor.getState().stopLive();
  useMonitor.getState().setAutoRefresh(false);
  rt.close();
});

describe.each(sqlServers)('monitor store kill plan on $label', (server) => {
  let connectionId = '';
  beforeAll(async () => {
    connectionId = await saveConnection(rt, server, `Monitor ${server.label}`);
  });

  it('previews KILL QUERY without ending the statement, then applies it and the statement ends', async () => {
    let busy: mysql.Connection | null = await adminConnection(server);
    try {
      const id = await threadId(busy);
      const started = Date.now();
      const running = busy.query('SELECT SLEEP(30)').catch((e: Error) => e);
      await useMonitor.getState().open(connectionId);
      await until('the running statement in the preview', async () => {
        await useMonitor.getState().previewKill({ processId: id, scope: 'query' });
        return useMonitor.getState().killPlan?.preview?.plan.steps[0]?.description.includes('SLEEP(30)') ? true : null;
      });
      const previewed = useMonitor.getState().killPlan!;
      expect(previewed).toMatchObject({ busy: null, error: null, applied: null, request: { params: { processId: id, scope: 'query' } } });
      expect(previewed.preview!.plan.steps[0]!.sql).toBe(`KILL QUERY ${id}`);

      await useMonitor.getState().applyKill(undefined);
      const applied = useMonitor.getState().killPlan!;
      expect(applied.error).toBeNull();
      expect(applied.applied?.outcomes.map((o) => o.status)).toEqual(['ok']);
      await running;
      expect(Date.now() - started).toBeLessThan(15_000);
      // The activity was read again after the kill.
      expect(useMonitor.getState().activity).not.toBeNull();
      await busy.end();
      busy = null;

      useMonitor.getState().cancelKill();
      expect(useMonitor.getState().killPlan).toBeNull();
    } finally {
      busy?.destroy();
    }
  });

  it('says why a session that is gone cannot be killed, and applies nothing', async () => {
    const gone = await adminConnection(server);
    const id = await threadId(gone);
    await gone.end();
    await useMonitor.getState().open(connectionId);
    await useMonitor.getState().previewKill({ processId: id, scope: 'connection' });
    const refused = useMonitor.getState().killPlan!;
    expect(refused).toMatchObject({ busy: null, preview: null, applied: null });
    expect(refused.error).toMatch(new RegExp(String(id)));
    await useMonitor.getState().applyKill(undefined);
    expect(useMonitor.getState().killPlan).toBe(refused);
  });
});
