import { createCluster, type RedisClusterType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisAnalysis } from '../../../shared/contract/redis';
import { buildSeedKeyspace, type BuiltKey } from '../../testing/redis-keyspace';
import { redisClusterServer } from '../../testing/servers';
import type { ConnectionConfig } from '../../store/connections.repo';
import { analyzeRedis } from './redis-analysis';

const PREFIX = 'dbwt-cl:';
const cfg: ConnectionConfig = {
  id: 'c',
  name: 'sandbox cluster',
  kind: 'redis',
  host: redisClusterServer.host,
  port: redisClusterServer.ports[0]!,
  user: '',
  password: '',
  database: '',
  socket: '',
  tls: { mode: 'disabled' },
  production: false,
  readTimeoutMs: 30_000,
};

const ours = (a: RedisAnalysis) => a.patterns.filter((p) => p.pattern.startsWith(PREFIX));

describe('Redis analysis on a three-primary Redis Cluster', () => {
  let cluster: RedisClusterType;
  let keys: BuiltKey[];
  const truth = new Map<string, { keys: number; noTtl: number; memory: number }>();
  const perNode = new Map<string, number>();

  beforeAll(async () => {
    cluster = createCluster({ rootNodes: [{ url: `redis://${cfg.host}:${cfg.port}` }] }) as unknown as RedisClusterType;
    await cluster.connect();
    keys = await buildSeedKeyspace((cmd) => cluster.sendCommand(cmd[1], false, cmd), PREFIX, 120, { userInfoWithoutTtl: 11 });
    for (const k of keys) {
      const t = truth.get(k.pattern) ?? { keys: 0, noTtl: 0, memory: 0 };
      t.keys++;
      if (k.ttlSeconds === null) t.noTtl++;
      t.memory += Number(await cluster.sendCommand(k.key, true, ['MEMORY', 'USAGE', k.key]));
      truth.set(k.pattern, t);
    }
    for (const m of cluster.masters) {
      const client = await cluster.nodeClient(m);
      perNode.set(`${m.host}:${m.port}`, Number(await client.sendCommand(['DBSIZE'])));
    }
  });

  afterAll(async () => {
    for (const k of keys ?? []) await cluster.sendCommand(k.key, false, ['UNLINK', k.key]);
    await cluster.close();
  });

  it('scans every primary (not the replicas) and the counts and memory sums equal the truth', async () => {
    const { analysis } = await analyzeRedis(cfg, { options: { count: 100 } });
    expect(analysis.complete).toBe(true);
    expect(analysis.server.mode).toBe('cluster');
    expect(analysis.cursors.map((c) => c.node).sort()).toEqual([...perNode.keys()].sort());
    expect(analysis.cursors).toHaveLength(3);
    for (const c of analysis.cursors) expect(c.keys).toBe(perNode.get(c.node));
    expect(Object.fromEntries(ours(analysis).map((p) => [p.pattern, { keys: p.keys, noTtl: p.noTtlKeys, memory: p.memoryBytes }]))).toEqual(
      Object.fromEntries(truth),
    );
    const buckets = ours(analysis).find((p) => p.pattern === `${PREFIX}user:sessions:{n}`)!.ttlBuckets;
    expect(buckets.d7to30).toBe(120);
  });

  it('a cancelled cluster analysis, resumed, equals an uninterrupted one', async () => {
    const whole = await analyzeRedis(cfg, { options: { count: 40 } });
    const ac = new AbortController();
    const first = await analyzeRedis(cfg, { options: { count: 40 }, signal: ac.signal, progress: () => ac.abort() });
    expect(first.analysis.complete).toBe(false);
    const resumed = await analyzeRedis(cfg, { resume: first.kept! });
    const shape = (a: RedisAnalysis) => ours(a).map((p) => [p.pattern, p.keys, p.memoryBytes, p.noTtlKeys, p.ttlBuckets, p.types]);
    expect(shape(resumed.analysis)).toEqual(shape(whole.analysis));
  });

  it('a database other than 0 on a cluster is a typed error that says why', async () => {
    await expect(analyzeRedis({ ...cfg, database: '2' }, {})).rejects.toMatchObject({
      code: 'SERVER_ERROR',
      message: expect.stringMatching(/not allowed in cluster mode/),
    });
  });
});
