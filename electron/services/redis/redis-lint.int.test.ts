import type { RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedKeyspace, removeKeys, testClient, type BuiltKey } from '../../testing/redis-keyspace';
import { redisBenchServer } from '../../testing/servers';
import type { ConnectionConfig } from '../../store/connections.repo';
import { analyzeRedis, exampleDesign } from './redis-analysis';

// The bench Redis (6390) is this feature's own server: its command statistics and slow log can be
// reset, which the dangerous-command rule reads. The keyspace goes to db 1 (the bench uses db 0).
const DB = 1;
const cfg: ConnectionConfig = {
  id: 'l',
  name: 'lint redis',
  kind: 'redis',
  host: redisBenchServer.host,
  port: redisBenchServer.port,
  user: '',
  password: '',
  database: String(DB),
  socket: '',
  tls: { mode: 'disabled' },
  production: false,
  readTimeoutMs: 30_000,
};

describe('cache-design lint on a keyspace built from the document’s design', () => {
  let client: RedisClientType;
  let keys: BuiltKey[] = [];
  let policy: string;

  const reset = async () => {
    if (keys.length)
      await removeKeys(
        client,
        keys.map((k) => k.key),
      );
    keys = [];
    await client.sendCommand(['CONFIG', 'RESETSTAT']);
    await client.sendCommand(['SLOWLOG', 'RESET']);
  };

  beforeAll(async () => {
    client = await testClient(redisBenchServer.port, DB);
    policy = String(((await client.sendCommand(['CONFIG', 'GET', 'maxmemory-policy'])) as string[])[1]);
    expect(Number(await client.sendCommand(['DBSIZE']))).toBe(0);
  });

  afterAll(async () => {
    await reset();
    await client.sendCommand(['CONFIG', 'SET', 'maxmemory-policy', policy]);
    await client.quit();
  });

  it('the design followed: no finding', async () => {
    await reset();
    await client.sendCommand(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
    keys = await buildSeedKeyspace((cmd) => client.sendCommand(cmd), '', 100);
    const { analysis } = await analyzeRedis(cfg, { design: exampleDesign() });
    expect(analysis.totals.keys).toBe(keys.length);
    expect(analysis.findings).toEqual([]);
  });

  it('each deliberate mistake is flagged, and nothing else', async () => {
    await reset();
    await client.sendCommand(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
    keys = await buildSeedKeyspace((cmd) => client.sendCommand(cmd), '', 100, {
      projectListTtl: 3600,
      userInfoWithoutTtl: 9,
      undeclared: 12,
      bigDocument: true,
    });
    await client.sendCommand(['KEYS', 'project:list:1:*']); // the document's invalidation does this
    const { analysis } = await analyzeRedis(cfg, { design: exampleDesign() });
    expect(analysis.findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      'big-values document:content:{n}',
      'dangerous-command KEYS',
      'eviction-policy noeviction',
      'missing-ttl user:info:{n}',
      'ttl-mismatch project:list:{n}:{n}:{n}',
      'undeclared-pattern export:tmp:{uuid}',
    ]);
    const missing = analysis.findings.find((f) => f.rule === 'missing-ttl')!;
    expect(missing.evidence).toMatchObject({ noTtlKeys: 9, keys: 100, designTtlSeconds: 3600 });
    expect(analysis.findings.find((f) => f.rule === 'big-values')!.evidence.biggestKey).toBe('document:content:999999');
    expect(analysis.findings.find((f) => f.rule === 'undeclared-pattern')!.evidence.keys).toBe(12);
  });

  it('under allkeys-lru keys without TTL are a missing-TTL finding, not an eviction-policy one', async () => {
    await client.sendCommand(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru']);
    const { analysis } = await analyzeRedis(cfg, { design: exampleDesign() });
    expect(analysis.findings.map((f) => f.rule)).not.toContain('eviction-policy');
    expect(analysis.findings.map((f) => f.rule)).toContain('missing-ttl');
  });
});
