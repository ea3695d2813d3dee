import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDesign, type RedisServerReport } from '../../../shared/contract/redis';
import { cacheRules, lintCache } from './cache-lint';
import { globOf, patternMatchesDesign, patternOf } from './key-pattern';
import { addKey, newKeyspaceAcc, summarisePatterns, summariseTotals, ttlBucketOf } from './keyspace-stats';
import { buildServerReport, commandShape, parseKeySizes, parseRedisInfo, type SlowlogEntry } from './server-report';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('key patterns at full depth', () => {
  it.each([
    ['project:list:42:1:20', 'project:list:{n}:{n}:{n}'],
    ['user:info:7', 'user:info:{n}'],
    ['session:3f2b8c1e-1d2a-4b5c-9e8f-0a1b2c3d4e5f', 'session:{uuid}'],
    ['blob:d41d8cd98f00b204e9800998ecf8427e', 'blob:{hash}'],
    ['stats:2024-05-01:views', 'stats:{date}:views'],
    ['cart:{1234}:items', 'cart:{{n}}:items'],
    ['config', 'config'],
    ['feature:deadbeefcafebabe', 'feature:deadbeefcafebabe'],
    ['temp:-1', 'temp:{n}'],
  ])('%s → %s', (key, pattern) => expect(patternOf(key)).toBe(pattern));

  it('matches a design pattern whatever its placeholder names', () => {
    expect(patternMatchesDesign('project:list:{n}:{n}:{n}', 'project:list:{user_id}:{page}:{size}')).toBe(true);
    expect(patternMatchesDesign('project:list:{n}:{n}', 'project:list:{user_id}:{page}:{size}')).toBe(false);
    expect(patternMatchesDesign('user:info:{n}', 'user:sessions:{user_id}')).toBe(false);
  });

  it('derives a SCAN glob that escapes glob characters of literal segments', () => {
    expect(globOf('project:list:{n}:{n}:{n}')).toBe('project:list:*:*:*');
    expect(globOf('odd*name:{n}')).toBe('odd\\*name:*');
    expect(globOf('cart:{{n}}:items')).toBe('cart:{*}:items');
  });
});

describe('keyspace statistics', () => {
  it('puts remaining TTLs in the eight buckets, lower bound inclusive', () => {
    const h = 3_600_000;
    expect([-1, 0, h - 1, h, 4 * h, 12 * h, 24 * h, 7 * 24 * h, 30 * 24 * h].map(ttlBucketOf)).toEqual([
      'noExpiry',
      'lt1h',
      'lt1h',
      'h1to4',
      'h4to12',
      'h12to24',
      'd1to7',
      'd7to30',
      'gt30d',
    ]);
  });

  it('sums memory, counts TTL-less keys and vanished keys, keeps the biggest with ties by name', () => {
    const acc = newKeyspaceAcc({ bigKeyBytes: 1000, topKeys: 2 });
    const add = (key: string, bytes: number, pttlMs = -1) => addKey(acc, { key, type: 'string', encoding: 'raw', pttlMs, bytes, elements: null, node: 'n' });
    add('a:1', 100, 5000);
    add('a:2', 2000);
    add('a:3', 2000, 7_200_000);
    add('a:4', 50);
    addKey(acc, { key: 'a:5', type: 'none', encoding: '', pttlMs: -2, bytes: null, elements: null, node: 'n' });
    const [p] = summarisePatterns(acc);
    expect(p).toMatchObject({ pattern: 'a:{n}', keys: 4, memoryBytes: 4150, noTtlKeys: 2, bigKeys: 2, minTtlMs: 5000, maxTtlMs: 7_200_000 });
    expect(p!.ttlBuckets).toMatchObject({ noExpiry: 2, lt1h: 1, h1to4: 1 });
    expect(p!.memory.max).toBe(2000);
    expect(acc.biggest.map((k) => k.key)).toEqual(['a:2', 'a:3']);
    expect(summariseTotals(acc, [p!])).toMatchObject({ keys: 4, memoryBytes: 4150, noTtlKeys: 2, vanishedKeys: 1 });
  });

  it('p50 and p99 come within 4% of the exact values', () => {
    const acc = newKeyspaceAcc({ bigKeyBytes: 1e9, topKeys: 1 });
    const values = Array.from({ length: 1000 }, (_, i) => 50 + i * 37);
    for (const [i, v] of values.entries()) addKey(acc, { key: `k:${i}`, type: 'string', encoding: 'raw', pttlMs: -1, bytes: v, elements: null, node: 'n' });
    const [p] = summarisePatterns(acc);
    expect(Math.abs(p!.memory.p50 - values[499]!) / values[499]!).toBeLessThan(0.04);
    expect(Math.abs(p!.memory.p99 - values[989]!) / values[989]!).toBeLessThan(0.04);
  });
});

describe('server report from Redis 7.0 replies', () => {
  const info = parseRedisInfo(fixture('redis-7.0-info-all.txt'));
  const slowlog = JSON.parse(fixture('redis-7.0-slowlog.json')) as SlowlogEntry[];

  it('reads memory, policy, hit ratio and commandstats; no keysizes on 7.0', () => {
    const r = buildServerReport([{ node: '127.0.0.1:6390', info, keySizesText: '', slowlog, dbKeys: 10 }], []);
    expect(r.version).toBe('7.0.15');
    expect(r.maxmemoryPolicy).toBe('noeviction');
    expect(r.usedMemory).toBeGreaterThan(0);
    expect(r.keySizes).toBeNull();
    expect(r.commandStats.find((c) => c.command === 'SCAN')?.calls).toBeGreaterThan(0);
    expect(r.slowlog.find((g) => g.command === 'KEYS')?.shape).toBe('KEYS user:info:1*');
    expect(r.slowlog.find((g) => g.command === 'GET')?.shape).toBe('GET user:info:{n}');
  });

  it('groups command shapes by key pattern', () => {
    expect(commandShape(['get', 'user:info:1']).shape).toBe(commandShape(['GET', 'user:info:2']).shape);
    expect(commandShape(['config', 'set', 'x', '1']).command).toBe('CONFIG SET');
    expect(commandShape(['scan', '1234', 'COUNT', '10']).shape).toBe('SCAN <cursor> …(2 more)');
  });

  it('parses INFO keysizes (Redis 8) histograms', () => {
    expect(parseKeySizes('# Keysizes\r\ndb0_distrib_strings_sizes:2=1,16=3\r\ndb0_distrib_lists_items:4=2\r\n')).toEqual([
      { db: 'db0', type: 'strings', bins: { '2': 1, '16': 3 } },
      { db: 'db0', type: 'lists', bins: { '4': 2 } },
    ]);
    expect(parseKeySizes('')).toBeNull();
  });
});

describe('cache-design lint', () => {
  const design = cacheDesign.parse(JSON.parse(readFileSync(join(__dirname, '../../assets/demo/cowrite-cache-design.json'), 'utf8')));
  const server = (over: Partial<RedisServerReport> = {}): RedisServerReport => ({
    ...buildServerReport([{ node: 'n', info: { redis_version: '7.0.15', maxmemory_policy: 'allkeys-lru' }, keySizesText: '', slowlog: [], dbKeys: 0 }], []),
    ...over,
  });
  const pattern = (p: string, over: Record<string, unknown> = {}) => {
    const acc = newKeyspaceAcc({ bigKeyBytes: 10_240, topKeys: 5 });
    addKey(acc, { key: p.replace(/\{n\}/g, '1'), type: 'string', encoding: 'raw', pttlMs: 1000, bytes: 100, elements: null, node: 'n' });
    return { ...summarisePatterns(acc)[0]!, ...over };
  };

  it('the example design holds the document’s patterns and TTLs', () => {
    const ttl = (p: string) => design.patterns.find((d) => d.pattern === p)?.ttlSeconds;
    expect([ttl('user:info:{user_id}'), ttl('user:sessions:{user_id}'), ttl('project:info:{project_id}')]).toEqual([3600, 691200, 1800]);
    expect([ttl('project:list:{user_id}:{page}:{size}'), ttl('document:content:{document_id}'), ttl('ai:generation:{generation_id}')]).toEqual([
      600, 3600, 86400,
    ]);
  });

  it('a keyspace that follows the design has no finding', () => {
    const patterns = [pattern('user:info:{n}', { maxTtlMs: 3_599_000 }), pattern('project:list:{n}:{n}:{n}', { maxTtlMs: 600_000 })];
    expect(lintCache({ patterns, totals: { keys: 2, noTtlKeys: 0 }, server: server(), design, bigKeyBytes: 10_240 })).toEqual([]);
  });

  it('flags each mistake once', () => {
    const patterns = [
      pattern('project:list:{n}:{n}:{n}', { maxTtlMs: 3_600_000 }),
      pattern('user:info:{n}', { noTtlKeys: 3 }),
      pattern('tmp:{uuid}'),
      pattern('document:content:{n}', { bigKeys: 1 }),
    ];
    const stats = [{ command: 'KEYS', calls: 2, usec: 10, usecPerCall: 5, rejectedCalls: 0, failedCalls: 0 }];
    const found = lintCache({
      patterns,
      totals: { keys: 4, noTtlKeys: 3 },
      server: server({ maxmemoryPolicy: 'noeviction', commandStats: stats }),
      design,
      bigKeyBytes: 10_240,
    });
    expect(found.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      'big-values document:content:{n}',
      'dangerous-command KEYS',
      'eviction-policy noeviction',
      'missing-ttl user:info:{n}',
      'ttl-mismatch project:list:{n}:{n}:{n}',
      'undeclared-pattern tmp:{uuid}',
    ]);
    expect(found.find((f) => f.rule === 'missing-ttl')?.plan).toEqual({ action: 'expire', pattern: 'user:info:{n}', ttlSeconds: 3600 });
  });

  it('every rule has a rationale and a unique id', () => {
    expect(new Set(cacheRules.map((r) => r.id)).size).toBe(cacheRules.length);
    for (const r of cacheRules) expect(r.rationale.length).toBeGreaterThan(20);
  });
});
