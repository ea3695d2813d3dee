import type { RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedKeyspace, removeKeys, testClient, type BuiltKey } from '../../../testing/redis-keyspace';
import { redisServer } from '../../../testing/servers';
import { parseRedisUrl, redisCommand } from './redis.command';
import { runCli } from '../../../testing/cli';

const DB = 9;
const PREFIX = 'dbwt-cli:';

const run = (args: string[]): ReturnType<typeof runCli> => runCli(redisCommand, args);

describe('dbw redis analyze on the sandbox Redis', () => {
  let client: RedisClientType;
  let keys: BuiltKey[];

  beforeAll(async () => {
    client = await testClient(redisServer.port, DB);
    keys = await buildSeedKeyspace((cmd) => client.sendCommand(cmd), PREFIX, 40, { userInfoWithoutTtl: 4 });
  });
  afterAll(async () => {
    await removeKeys(
      client,
      keys.map((k) => k.key),
    );
    await client.quit();
  });

  it('--json prints totals and patterns with TTL buckets, memory being the sum of MEMORY USAGE', async () => {
    const { code, out } = await run(['analyze', '--connection', `redis://${redisServer.host}:${redisServer.port}/${DB}`, '--json', '--design', 'example']);
    expect(code).toBe(0);
    const a = JSON.parse(out);
    expect(a.totals).toMatchObject({ keys: expect.any(Number), memoryBytes: expect.any(Number), noTtlKeys: expect.any(Number) });
    const info = a.patterns.find((p: { pattern: string }) => p.pattern === `${PREFIX}user:info:{n}`);
    expect(info).toMatchObject({ keys: 40, noTtlKeys: 4, ttlBuckets: { noExpiry: 4, lt1h: 36 } });
    let sum = 0;
    for (const k of keys.filter((x) => x.pattern === `${PREFIX}user:info:{n}`)) sum += Number(await client.sendCommand(['MEMORY', 'USAGE', k.key]));
    expect(info.memoryBytes).toBe(sum);
    expect(a.design.name).toContain('Co-writing');
  });

  it('prints a text report and refuses bad usage with exit code 2', async () => {
    const text = await run(['analyze', '--connection', `redis://${redisServer.host}:${redisServer.port}/${DB}`, '--sample', '50', '--count', '10']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Redis 7\.\d+\.\d+ \(standalone\), db 9: [\d,]+ keys scanned .* \(sample\)/);
    expect((await run(['analyze', '--connection', 'mysql://x'])).code).toBe(2);
    expect((await run(['analyze', '--connection', 'redis://127.0.0.1:6399'])).err).toMatch(/Nothing is listening at 127\.0\.0\.1:6399/);
    expect((await run(['nothing'])).code).toBe(2);
  });

  it('parses redis:// URLs with user, password and database', () => {
    expect(parseRedisUrl('redis://app:s%40cret@10.0.0.5:7000/3')).toMatchObject({
      host: '10.0.0.5',
      port: 7000,
      user: 'app',
      password: 's@cret',
      database: '3',
      kind: 'redis',
    });
    expect(parseRedisUrl('rediss://h').tls.mode).toBe('required');
  });
});
