/**
 * The Redis panel's store (renderer redis.store) driven through the real runtime on the sandbox
 * Redis: analyze, a pattern's expire plan previewed (writes nothing) → applied with progress, and
 * an unconfirmed production apply that keeps the preview and says why. Keys live under this
 * test's own prefix in a database of their own and are removed afterwards.
 */
import type { RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRedis } from '../../../renderer/src/features/redis/redis.store';
import { invoke, testRuntime } from '../../testing/harness';
import { removeKeys, testClient } from '../../testing/redis-keyspace';
import { installRuntimeClient } from '../../testing/renderer-client';
import { redisServer } from '../../testing/servers';

const DB = 12;
const PREFIX = `dbw_q_rs${process.pid}:`;
const PATTERN = `${PREFIX}session:{n}`;
const rt = testRuntime();
installRuntimeClient(rt);

describe('Redis store on the sandbox Redis', () => {
  let client: RedisClientType;
  const keys = Array.from({ length: 20 }, (_, i) => `${PREFIX}session:${i + 1}`);
  const save = async (name: string, production: boolean) =>
    (await invoke<{ id: string }>(rt, 'connections.save', { name, kind: 'redis', port: redisServer.port, database: String(DB), production })).id;
  const withoutTtl = async () => {
    let n = 0;
    for (const k of keys) if (Number(await client.sendCommand(['TTL', k])) === -1) n += 1;
    return n;
  };

  beforeAll(async () => {
    client = await testClient(redisServer.port, DB);
    for (const k of keys) await client.sendCommand(['SET', k, 'v']);
  });
  afterAll(async () => {
    useRedis.setState({ connectionId: null, analysis: null, plan: null });
    await removeKeys(client, keys);
    await client.quit();
    rt.close();
  });

  it('previews an expire plan for a pattern without writing, applies it with progress, and refuses a second apply', async () => {
    const id = await save('Store redis', false);
    await useRedis.getState().analyze(id);
    expect(useRedis.getState()).toMatchObject({ busy: null, error: null, connectionId: id, plan: null });
    expect(useRedis.getState().analysis?.patterns.some((p) => p.pattern === PATTERN)).toBe(true);

    await useRedis.getState().choosePlan({ action: 'expire', pattern: PATTERN, ttlSeconds: 3600 });
    const previewed = useRedis.getState().plan!;
    expect(previewed).toMatchObject({ busy: null, error: null, applied: null });
    expect(previewed.preview?.plan.title).toContain('20 key(s)');
    expect(await withoutTtl()).toBe(20);

    const progress: string[] = [];
    const off = useRedis.subscribe((s) => s.planProgress && progress.push(s.planProgress));
    await useRedis.getState().apply(undefined);
    off();
    const applied = useRedis.getState().plan!;
    expect(applied.error).toBeNull();
    expect(applied.applied?.stoppedAt).toBeNull();
    expect(applied.applied?.outcomes[0]?.status).toBe('ok');
    expect(useRedis.getState().planProgress).toBeNull();
    expect(progress[0]).toBe('Starting…');
    expect(await withoutTtl()).toBe(0);

    await useRedis.getState().apply(undefined);
    expect(useRedis.getState().plan).toBe(applied);
    useRedis.getState().closePlan();
    expect(useRedis.getState().plan).toBeNull();
  });

  it('keeps the preview and shows the refusal when a production apply is not confirmed', async () => {
    for (const k of keys) await client.sendCommand(['PERSIST', k]);
    const id = await save('Store redis prod', true);
    await useRedis.getState().analyze(id);
    await useRedis.getState().choosePlan({ action: 'delete', pattern: PATTERN });
    expect(useRedis.getState().plan?.preview?.plan.title).toContain('20 key(s)');
    await useRedis.getState().apply('not the connection name');
    const plan = useRedis.getState().plan!;
    expect(plan).toMatchObject({ applied: null, busy: null });
    expect(plan.preview).not.toBeNull();
    expect(plan.error).toMatch(/confirm/i);
    expect(Number(await client.sendCommand(['EXISTS', ...keys]))).toBe(20);
  });
});
