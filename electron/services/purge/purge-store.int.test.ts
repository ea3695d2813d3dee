/**
 * The Purge tab's store driven through the real runtime (the renderer's typed client over the
 * dispatcher), on both SQL servers: the dry run is the purge plan's preview, the run its apply
 * with the typed production confirmation, live chunks from progress, and Stop keeping the
 * figures of what was committed.
 */
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { purgePreviewOf } from '../../../shared/contract/purge';
import { usePurge } from '../../../renderer/src/features/purge/purge.store';
import { adminConnection, saveConnection, testRuntime } from '../../testing/harness';
import { installRuntimeClient } from '../../testing/renderer-client';
import { sqlServers } from '../../testing/servers';

const rt = testRuntime();
installRuntimeClient(rt);
afterAll(() => rt.close());

describe.each(sqlServers)('Purge tab store on $label', (server) => {
  const DB = `dbw_purge_store_${server.port}_${process.pid}`;
  const NAME = `Purge store ${server.label}`;
  let admin: mysql.Connection;
  let connectionId = '';
  const count = async (where = '1'): Promise<number> => {
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.items WHERE ${where}`);
    return Number((rows as Array<{ n: unknown }>)[0]!.n);
  };
  const job = (where: string, chunk: string, sleepMs: string) => {
    const s = usePurge.getState();
    s.reset();
    s.setField('schema', DB);
    s.setField('table', 'items');
    s.setField('where', where);
    s.setField('chunk', chunk);
    s.setField('sleepMs', sleepMs);
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    connectionId = await saveConnection(rt, server, NAME, { production: true });
  }, 60_000);
  beforeEach(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(`CREATE TABLE \`${DB}\`.items (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB`);
    const values = Array.from({ length: 2000 }, (_, i) => `(${i + 1}, ${(i + 1) % 4})`).join(',');
    await admin.query(`INSERT INTO \`${DB}\`.items VALUES ${values}`);
  });
  afterAll(async () => {
    usePurge.getState().reset();
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
  });

  it('previews the exact count, refuses a run without the typed confirmation, then runs it with live chunks', async () => {
    job('v = 0', '100', '0');
    await usePurge.getState().runDry(connectionId);
    const flow = usePurge.getState().flow!;
    expect(flow.error).toBeNull();
    const dry = purgePreviewOf(flow.preview!)!;
    expect(dry).toMatchObject({ rows: 500, chunks: 5, keyColumn: 'id', resumeAfter: null, archiveFile: null, planHash: flow.preview!.plan.hash });
    expect(dry.chunkSql).toMatch(/^START TRANSACTION;\nDELETE FROM `[^`]+`\.`items` WHERE `id` > /);
    expect(await count()).toBe(2000);

    await usePurge.getState().run(undefined);
    expect(usePurge.getState().flow).toMatchObject({ applied: null, busy: null });
    expect(usePurge.getState().flow!.error).toMatch(/production: type its name/);
    expect(await count()).toBe(2000);

    // The refused apply leaves the preview in place: typing the name runs it.
    await usePurge.getState().run(NAME);
    const s = usePurge.getState();
    expect(s.flow!.error).toBeNull();
    expect(s.flow!.applied?.purge).toMatchObject({ end: 'done', rows: 500, chunks: 5 });
    expect(s.flow!.applied?.outcomes.map((o) => o.status)).toEqual(['ok']);
    expect(s.live.map((c) => c.rows)).toEqual([100, 100, 100, 100, 100]);
    expect(s.progress).toBeNull();
    expect(await count('v = 0')).toBe(0);
    expect(await count()).toBe(1500);
  }, 60_000);

  it('stopped midway, keeps the figures of the chunks it committed and no error', async () => {
    job('v <> 0', '50', '200');
    await usePurge.getState().runDry(connectionId);
    const stopAfter = 3;
    const off = usePurge.subscribe((st) => {
      if (st.live.length >= stopAfter) usePurge.getState().stop();
    });
    try {
      await usePurge.getState().run(NAME);
    } finally {
      off();
    }
    const s = usePurge.getState();
    expect(s.flow!.error).toBeNull();
    const run = s.flow!.applied?.purge;
    expect(run?.end).toBe('stopped');
    expect(run?.chunks).toBeGreaterThanOrEqual(stopAfter);
    expect(run?.chunks).toBeLessThan(30);
    expect(run?.rows).toBe(run!.chunks * 50);
    expect(await count('v <> 0')).toBe(1500 - run!.rows);
  }, 60_000);
});
