/**
 * Builds a keyspace shaped like the seed document's cache design on a real Redis, and computes the
 * truth the analysis must match independently of it: the test knows each key's pattern and TTL
 * by construction and reads MEMORY USAGE per key itself.
 */
import { createClient, type RedisClientType } from 'redis';

/** One key the test wrote. */
export interface BuiltKey {
  key: string;
  pattern: string;
  ttlSeconds: number | null;
}

/** Per pattern: keys, keys without TTL, memory sum, TTL bucket counts (contract ids). */
export interface Truth {
  keys: number;
  noTtl: number;
  memory: number;
  buckets: Record<string, number>;
}

/** A client on a test server (db index given). */
export async function testClient(port: number, db = 0, host = '127.0.0.1'): Promise<RedisClientType> {
  const c = createClient({ socket: { host, port, reconnectStrategy: false }, database: db || undefined }) as RedisClientType;
  await c.connect();
  return c;
}

const bucketOf = (ttl: number | null): string =>
  ttl === null
    ? 'noExpiry'
    : ttl < 3600
      ? 'lt1h'
      : ttl < 4 * 3600
        ? 'h1to4'
        : ttl < 12 * 3600
          ? 'h4to12'
          : ttl < 86400
            ? 'h12to24'
            : ttl < 7 * 86400
              ? 'd1to7'
              : ttl < 30 * 86400
                ? 'd7to30'
                : 'gt30d';

/**
 * The document's patterns with their TTLs, n ids each (`prefix` is prepended to every key so the
 * test owns them). Mistakes are opt-in so a lint test can add each on purpose.
 */
export async function buildSeedKeyspace(
  write: (cmd: string[]) => Promise<unknown>,
  prefix: string,
  n: number,
  mistakes: { projectListTtl?: number; userInfoWithoutTtl?: number; undeclared?: number; bigDocument?: boolean } = {},
): Promise<BuiltKey[]> {
  const keys: BuiltKey[] = [];
  const put = async (key: string, pattern: string, ttl: number | null, cmd: string[]) => {
    await write(cmd);
    if (ttl !== null) await write(['EXPIRE', key, String(ttl)]);
    keys.push({ key, pattern, ttlSeconds: ttl });
  };
  const P = prefix;
  for (let i = 1; i <= n; i++) {
    const noTtl = i <= (mistakes.userInfoWithoutTtl ?? 0);
    await put(`${P}user:info:${i}`, `${P}user:info:{n}`, noTtl ? null : 3600, [
      'SET',
      `${P}user:info:${i}`,
      JSON.stringify({ id: i, username: `user${i}`, email: `u${i}@example.com` }),
    ]);
    await put(`${P}user:sessions:${i}`, `${P}user:sessions:{n}`, 691200, ['HSET', `${P}user:sessions:${i}`, 'jti1', 'a'.repeat(40), 'jti2', 'b'.repeat(40)]);
    await put(`${P}project:info:${i}`, `${P}project:info:{n}`, 1800, ['SET', `${P}project:info:${i}`, `{"id":${i},"name":"project ${i}","status":"active"}`]);
    for (const page of [1, 2]) {
      const k = `${P}project:list:${i}:${page}:20`;
      await put(k, `${P}project:list:{n}:{n}:{n}`, mistakes.projectListTtl ?? 600, ['SET', k, `{"items":[${i}],"page":${page}}`]);
    }
    await put(`${P}document:content:${i}`, `${P}document:content:{n}`, 3600, ['SET', `${P}document:content:${i}`, 'x'.repeat(200 + (i % 50) * 20)]);
    await put(`${P}ai:generation:${i}`, `${P}ai:generation:{n}`, 86400, ['SET', `${P}ai:generation:${i}`, `{"id":${i},"status":"completed"}`]);
    if (i % 10 === 0) await put(`${P}document:versions:${i}`, `${P}document:versions:{n}`, 1800, ['RPUSH', `${P}document:versions:${i}`, 'v1', 'v2', 'v3']);
  }
  for (let i = 0; i < (mistakes.undeclared ?? 0); i++) {
    const id = `${(0x10000000 + i).toString(16)}-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}`;
    await put(`${P}export:tmp:${id}`, `${P}export:tmp:{uuid}`, 7200, ['SET', `${P}export:tmp:${id}`, 'csv']);
  }
  if (mistakes.bigDocument)
    await put(`${P}document:content:999999`, `${P}document:content:{n}`, 3600, ['SET', `${P}document:content:999999`, 'y'.repeat(50_000)]);
  return keys;
}

/** The truth per pattern, with memory read key by key (MEMORY USAGE, the same measure as the analysis). */
export async function truthOf(client: RedisClientType, keys: readonly BuiltKey[]): Promise<Map<string, Truth>> {
  const out = new Map<string, Truth>();
  for (const k of keys) {
    const t = out.get(k.pattern) ?? { keys: 0, noTtl: 0, memory: 0, buckets: {} };
    t.keys++;
    if (k.ttlSeconds === null) t.noTtl++;
    t.memory += Number(await client.sendCommand(['MEMORY', 'USAGE', k.key]));
    // A key written with TTL T has T minus a little left: the bucket below T's when T is a boundary.
    const b = bucketOf(k.ttlSeconds === null ? null : k.ttlSeconds - 1);
    t.buckets[b] = (t.buckets[b] ?? 0) + 1;
    out.set(k.pattern, t);
  }
  return out;
}

/** Removes the keys a test wrote (UNLINK in batches). */
export async function removeKeys(client: RedisClientType, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 500) await client.sendCommand(['UNLINK', ...keys.slice(i, i + 500)]);
}
