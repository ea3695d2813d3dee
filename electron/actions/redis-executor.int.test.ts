import type { RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../services/runtime';
import { invoke, testRuntime } from '../testing/harness';
import { buildSeedKeyspace, removeKeys, testClient, type BuiltKey } from '../testing/redis-keyspace';
import { redisServer } from '../testing/servers';

const DB = 9;
const PREFIX = 'dbwt-pl:';

interface Preview {
  plan: { hash: string; title: string; steps: Array<{ sql: string; rollback: string | null }> };
  steps: Array<{ details: Record<string, number> }>;
  before: { metrics: Array<{ key: string; value: number }> };
  writesNothing: boolean;
}
interface Applied {
  outcomes: Array<{ status: string; message: string; auditId: number }>;
  stoppedAt: string | null;
  after: { metrics: Array<{ key: string; value: number }> };
}

const metric = (m: { metrics: Array<{ key: string; value: number }> }, key: string) => m.metrics.find((x) => x.key === key)?.value;

describe('redis-keys plans through the executor (sandbox Redis)', () => {
  let client: RedisClientType;
  let rt: Runtime;
  let connectionId: string;
  let keys: BuiltKey[];
  const dirty = async () => Number(/rdb_changes_since_last_save:(\d+)/.exec(await client.info('persistence'))![1]);

  beforeAll(async () => {
    client = await testClient(redisServer.port, DB);
    const stale = [];
    for await (const batch of client.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 1000 })) stale.push(...batch);
    if (stale.length) await removeKeys(client, stale);
    keys = await buildSeedKeyspace((cmd) => client.sendCommand(cmd), PREFIX, 60, { userInfoWithoutTtl: 13 });
    rt = testRuntime();
    connectionId = (await invoke<{ id: string }>(rt, 'connections.save', { name: 'plans redis', kind: 'redis', port: redisServer.port, database: String(DB) }))
      .id;
  });

  afterAll(async () => {
    const left = [];
    for await (const batch of client.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 1000 })) left.push(...batch);
    if (left.length) await removeKeys(client, left);
    await client.quit();
    rt.close();
  });

  it('expire: the preview counts the keys without TTL and writes nothing; apply gives exactly those keys the TTL', async () => {
    const request = { planner: 'redis-keys', params: { action: 'expire', pattern: `${PREFIX}user:info:{n}`, ttlSeconds: 1234, batch: 5 } };
    const d0 = await dirty();
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(await dirty()).toBe(d0);
    expect(preview.writesNothing).toBe(true);
    expect(preview.plan.title).toContain('13 key(s)');
    expect(Object.values(preview.steps[0]!.details)).toEqual([13]);
    expect(metric(preview.before, 'noTtl')).toBe(13);
    expect(preview.plan.steps[0]!.sql).toMatch(/^EXPIRE <key> 1234 NX/);
    const noTtlBefore = keys.filter((k) => k.pattern === `${PREFIX}user:info:{n}` && k.ttlSeconds === null).map((k) => k.key);

    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
    expect(applied.stoppedAt).toBeNull();
    expect(applied.outcomes[0]).toMatchObject({ status: 'ok', message: expect.stringMatching(/^13 of 13 key\(s\) given a TTL/) });
    expect(metric(applied.after, 'noTtl')).toBe(0);
    const changed = [];
    for (const k of keys.filter((x) => x.pattern === `${PREFIX}user:info:{n}`))
      if (Number(await client.sendCommand(['TTL', k.key])) <= 1234) changed.push(k.key);
    expect(changed.sort()).toEqual(noTtlBefore.sort());
    const audit = await invoke<Array<{ planner: string; status: string; message: string }>>(rt, 'audit.list', { connectionId });
    expect(audit[0]).toMatchObject({ planner: 'redis-keys', status: 'ok' });
  });

  it('delete: apply refuses when a key appeared after the preview, then deletes exactly the counted keys', async () => {
    const pattern = `${PREFIX}project:list:{n}:{n}:{n}`;
    const request = { planner: 'redis-keys', params: { action: 'delete', pattern, batch: 50, pauseMs: 5 } };
    const stale = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(stale.plan.title).toBe(`Delete 120 key(s) of ${pattern}`);
    await client.sendCommand(['SET', `${PREFIX}project:list:999:1:20`, 'late', 'EX', '600']);
    await expect(invoke(rt, 'actions.apply', { connectionId, request, planHash: stale.plan.hash })).rejects.toMatchObject({ code: 'PLAN_CHANGED' });
    expect(Number(await client.sendCommand(['EXISTS', `${PREFIX}project:list:1:1:20`]))).toBe(1);

    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(preview.plan.title).toBe(`Delete 121 key(s) of ${pattern}`);
    expect(preview.plan.steps[0]!.rollback).toBeNull();
    const others = Number(await client.sendCommand(['DBSIZE'])) - 121;
    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
    expect(applied.outcomes[0]!.message).toMatch(/^121 of 121 key\(s\) deleted/);
    expect(metric(applied.after, 'keys')).toBe(0);
    expect(Number(await client.sendCommand(['DBSIZE']))).toBe(others);
    expect(Number(await client.sendCommand(['EXISTS', `${PREFIX}project:info:1`]))).toBe(1);
  });

  it('refuses a pattern with no literal part, and an expire plan without a TTL', async () => {
    await expect(
      invoke(rt, 'actions.preview', { connectionId, request: { planner: 'redis-keys', params: { action: 'delete', pattern: '{n}:{n}' } } }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(
      invoke(rt, 'actions.preview', { connectionId, request: { planner: 'redis-keys', params: { action: 'expire', pattern: `${PREFIX}user:info:{n}` } } }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });

  it('the analysis through the app finds the keys the plan then acts on', async () => {
    const a = await invoke<{ patterns: Array<{ pattern: string; keys: number; noTtlKeys: number }>; complete: boolean }>(rt, 'redis.analyze', {
      connectionId,
      options: { count: 200 },
    });
    expect(a.complete).toBe(true);
    expect(a.patterns.find((p) => p.pattern === `${PREFIX}user:info:{n}`)).toMatchObject({ keys: 60, noTtlKeys: 0 });
  });
});
