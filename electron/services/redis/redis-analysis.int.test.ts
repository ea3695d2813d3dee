import type { RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisAnalysis } from '../../../shared/contract/redis';
import { buildSeedKeyspace, removeKeys, testClient, truthOf, type BuiltKey, type Truth } from '../../testing/redis-keyspace';
import { redisServer } from '../../testing/servers';
import type { ConnectionConfig } from '../../store/connections.repo';
import { analyzeRedis } from './redis-analysis';

const DB = 9;
const PREFIX = 'dbwt-an:';

const cfg: ConnectionConfig = {
  id: 't',
  name: 'sandbox redis',
  kind: 'redis',
  host: redisServer.host,
  port: redisServer.port,
  user: '',
  password: '',
  database: String(DB),
  socket: '',
  tls: { mode: 'disabled' },
  production: false,
  readTimeoutMs: 30_000,
};

/** The analysis's patterns that belong to this test's prefix. */
const ours = (a: RedisAnalysis) => a.patterns.filter((p) => p.pattern.startsWith(PREFIX));

function expectTruth(a: RedisAnalysis, truth: Map<string, Truth>) {
  const got = ours(a);
  expect(got.map((p) => p.pattern).sort()).toEqual([...truth.keys()].sort());
  for (const p of got) {
    const t = truth.get(p.pattern)!;
    expect({ pattern: p.pattern, keys: p.keys, noTtl: p.noTtlKeys, memory: p.memoryBytes }).toEqual({
      pattern: p.pattern,
      keys: t.keys,
      noTtl: t.noTtl,
      memory: t.memory,
    });
    const buckets = Object.fromEntries(Object.entries(p.ttlBuckets).filter(([, n]) => n > 0));
    expect(buckets).toEqual(t.buckets);
  }
}

/** Everything but the clock-dependent fields (remaining TTLs shrink between two runs). */
const stable = (a: RedisAnalysis) =>
  ours(a).map(({ minTtlMs: _a, maxTtlMs: _b, biggest, ...rest }) => ({ ...rest, biggest: biggest.map((k) => ({ ...k, ttlMs: null })) }));

describe('Redis analysis on the sandbox Redis (standalone)', () => {
  let client: RedisClientType;
  let keys: BuiltKey[];
  let truth: Map<string, Truth>;

  beforeAll(async () => {
    client = await testClient(redisServer.port, DB);
    const stale = [];
    for await (const batch of client.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 1000 })) stale.push(...batch);
    if (stale.length) await removeKeys(client, stale);
    keys = await buildSeedKeyspace((cmd) => client.sendCommand(cmd), PREFIX, 150, { userInfoWithoutTtl: 7 });
    truth = await truthOf(client, keys);
  });

  afterAll(async () => {
    await removeKeys(
      client,
      keys.map((k) => k.key),
    );
    await client.quit();
  });

  it.each(['script', 'pipeline'] as const)('counts per pattern, TTL buckets and memory sums equal the truth (%s reads)', async (mode) => {
    const { analysis, kept } = await analyzeRedis(cfg, { options: { count: 100, mode } });
    expect(kept).toBeNull();
    expect(analysis.complete).toBe(true);
    expectTruth(analysis, truth);
    const info = ours(analysis).find((p) => p.pattern === `${PREFIX}user:info:{n}`)!;
    expect(info.noTtlKeys).toBe(7);
    const versions = ours(analysis).find((p) => p.pattern === `${PREFIX}document:versions:{n}`)!;
    expect(versions.types).toEqual({ list: 15 });
    expect(versions.elements).toBe(45);
    expect(ours(analysis).find((p) => p.pattern === `${PREFIX}project:list:{n}:{n}:{n}`)!.keys).toBe(300);
    expect(analysis.server.notes.join(' ')).toContain(mode === 'script' ? 'read-only script' : 'pipelined');
    expect(analysis.server.version).toMatch(/^7\./);
    expect(analysis.server.keySizes).toBeNull(); // Redis 7.0 has no INFO keysizes
  });

  it('a cancelled analysis, resumed, equals an uninterrupted one', async () => {
    const whole = await analyzeRedis(cfg, { options: { count: 50 } });
    const ac = new AbortController();
    const first = await analyzeRedis(cfg, { options: { count: 50 }, signal: ac.signal, progress: () => ac.abort() });
    expect(first.analysis.complete).toBe(false);
    expect(first.kept).not.toBeNull();
    expect(first.analysis.totals.keys).toBeLessThan(whole.analysis.totals.keys);
    const resumed = await analyzeRedis(cfg, { resume: first.kept! });
    expect(resumed.analysis.complete).toBe(true);
    expect(resumed.analysis.analysisId).toBe(first.analysis.analysisId);
    expect(stable(resumed.analysis)).toEqual(stable(whole.analysis));
    expectTruth(resumed.analysis, truth);
  });

  it('a sample stops early and says so; resuming it completes the same analysis', async () => {
    const sample = await analyzeRedis(cfg, { options: { count: 100, sample: 200 } });
    expect(sample.analysis.sampled).toBe(true);
    expect(sample.analysis.totals.keys).toBeGreaterThanOrEqual(200);
    expect(sample.analysis.totals.keys).toBeLessThan(keys.length);
    const rest = await analyzeRedis(cfg, { resume: sample.kept! });
    expectTruth(rest.analysis, truth);
  });

  it('the throttle pauses between SCAN calls', async () => {
    const t0 = performance.now();
    const { analysis } = await analyzeRedis(cfg, { options: { count: 200, pauseEvery: 1, pauseMs: 40 } });
    const scans = analysis.cursors[0]!.scans;
    expect(scans).toBeGreaterThan(3);
    expect(performance.now() - t0).toBeGreaterThanOrEqual((scans - 1) * 40);
    expectTruth(analysis, truth);
  });

  it('an unreachable server is a typed error', async () => {
    await expect(analyzeRedis({ ...cfg, port: 6399 }, {})).rejects.toMatchObject({ code: 'UNREACHABLE' });
  });
});
