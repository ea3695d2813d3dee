/**
 * What a Redis server says about itself, from the raw replies the collector gathered: INFO
 * (memory, hit ratio, evictions, expirations, fragmentation, maxmemory and its policy), SLOWLOG
 * grouped by command shape (keys replaced by their pattern), INFO commandstats, and INFO keysizes
 * when the server has it (Redis 8+; https://redis.io/docs/latest/commands/info/).
 */
import type { RedisServerReport } from '../../../shared/contract/redis';
import { patternOf } from './key-pattern';

/** Parses INFO text into key → value. */
export function parseRedisInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** One SLOWLOG GET entry: [id, unix seconds, microseconds, args, client addr, client name]. */
export type SlowlogEntry = [number, number, number, string[], string?, string?];

/** Raw replies of one primary. */
export interface NodeRaw {
  node: string;
  info: Record<string, string>;
  /** The `INFO keysizes` text; empty when the server does not know the section. */
  keySizesText: string;
  slowlog: SlowlogEntry[];
  dbKeys: number;
}

/** Commands whose second word names the operation (CONFIG GET, OBJECT ENCODING, ...). */
const CONTAINERS = new Set([
  'CONFIG',
  'CLIENT',
  'OBJECT',
  'MEMORY',
  'CLUSTER',
  'SCRIPT',
  'FUNCTION',
  'XINFO',
  'XGROUP',
  'COMMAND',
  'SLOWLOG',
  'ACL',
  'DEBUG',
  'LATENCY',
  'MODULE',
]);
/** Commands whose arguments are globs or scripts, not keys: kept as they are (shortened). */
const VERBATIM = new Set(['KEYS', 'SCAN', 'EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FLUSHALL', 'FLUSHDB', 'INFO', 'SELECT', 'PING', 'AUTH', 'HELLO']);

/** A command's shape: its name, then its first argument as a key pattern (or verbatim for globs), then how many more. */
export function commandShape(args: readonly string[]): { command: string; shape: string } {
  const name = (args[0] ?? '').toUpperCase();
  if (CONTAINERS.has(name) && args.length > 1) {
    const command = `${name} ${(args[1] ?? '').toUpperCase()}`;
    return { command, shape: command + (args.length > 2 ? ` …(${args.length - 2} args)` : '') };
  }
  if (args.length < 2) return { command: name, shape: name };
  const first = args[1]!;
  // A cursor or a script's SHA is not part of the shape; a glob is.
  const shown = name === 'SCAN' ? '<cursor>' : name.startsWith('EVALSHA') ? '<sha>' : VERBATIM.has(name) ? first.slice(0, 60) : patternOf(first);
  return { command: name, shape: `${name} ${shown}${args.length > 2 ? ` …(${args.length - 2} more)` : ''}` };
}

const num = (v: string | undefined): number => (v === undefined || v === '' ? 0 : Number(v) || 0);

/** INFO commandstats lines (`cmdstat_get:calls=1,usec=2,...`) → per-command stats, most time first. */
export function parseCommandStats(info: Record<string, string>): RedisServerReport['commandStats'] {
  const out: RedisServerReport['commandStats'] = [];
  for (const [k, v] of Object.entries(info)) {
    if (!k.startsWith('cmdstat_')) continue;
    const f = Object.fromEntries(v.split(',').map((p) => p.split('=') as [string, string]));
    out.push({
      command: k.slice(8).replace('|', ' ').toUpperCase(),
      calls: num(f.calls),
      usec: num(f.usec),
      usecPerCall: num(f.usec_per_call),
      rejectedCalls: num(f.rejected_calls),
      failedCalls: num(f.failed_calls),
    });
  }
  return out.sort((a, b) => b.usec - a.usec);
}

/** `INFO keysizes` text (`db0_distrib_strings_sizes:1=10,2=3`) → histograms; null when the section is absent. */
export function parseKeySizes(text: string): RedisServerReport['keySizes'] {
  const info = parseRedisInfo(text);
  const rows: NonNullable<RedisServerReport['keySizes']> = [];
  for (const [k, v] of Object.entries(info)) {
    const m = /^(db\d+)_distrib_(\w+?)_(?:sizes|items)$/.exec(k);
    if (!m) continue;
    const bins = Object.fromEntries(
      v
        .split(',')
        .filter(Boolean)
        .map((p) => {
          const [bin, count] = p.split('=');
          return [bin ?? '', num(count)];
        }),
    );
    rows.push({ db: m[1]!, type: m[2]!, bins });
  }
  return /#\s*Keysizes/i.test(text) || rows.length ? rows : null;
}

/** Sums the nodes' INFO and groups their slow logs into the server report. */
export function buildServerReport(nodes: readonly NodeRaw[], notes: readonly string[]): RedisServerReport {
  const first = nodes[0];
  if (!first) throw new Error('No node to report on');
  const sum = (f: string) => nodes.reduce((a, n) => a + num(n.info[f]), 0);
  const hits = sum('keyspace_hits');
  const misses = sum('keyspace_misses');
  const groups = new Map<string, RedisServerReport['slowlog'][number]>();
  let entries = 0;
  for (const n of nodes) {
    for (const e of n.slowlog) {
      entries++;
      const args = (e[3] ?? []).map(String);
      const { command, shape } = commandShape(args);
      const at = new Date(Number(e[1]) * 1000).toISOString();
      const g = groups.get(shape) ?? { shape, command, count: 0, totalUs: 0, maxUs: 0, lastAt: at, example: args.join(' ').slice(0, 200) };
      g.count++;
      g.totalUs += Number(e[2]);
      g.maxUs = Math.max(g.maxUs, Number(e[2]));
      if (at > g.lastAt) g.lastAt = at;
      groups.set(shape, g);
    }
  }
  const stats = new Map<string, RedisServerReport['commandStats'][number]>();
  for (const n of nodes) {
    for (const s of parseCommandStats(n.info)) {
      const t = stats.get(s.command);
      if (!t) stats.set(s.command, { ...s });
      else {
        t.calls += s.calls;
        t.usec += s.usec;
        t.rejectedCalls += s.rejectedCalls;
        t.failedCalls += s.failedCalls;
        t.usecPerCall = t.calls ? t.usec / t.calls : 0;
      }
    }
  }
  const sizes = nodes.map((n) => parseKeySizes(n.keySizesText));
  const mode = first.info.redis_mode === 'cluster' ? 'cluster' : first.info.redis_mode === 'sentinel' ? 'sentinel' : 'standalone';
  const used = num(first.info.used_memory);
  return {
    version: first.info.redis_version ?? 'unknown',
    mode,
    nodes: nodes.map((n) => ({ node: n.node, usedMemory: num(n.info.used_memory), keys: n.dbKeys, role: n.info.role ?? 'master' })),
    usedMemory: sum('used_memory'),
    usedMemoryRss: sum('used_memory_rss'),
    maxmemory: sum('maxmemory'),
    maxmemoryPolicy: first.info.maxmemory_policy ?? 'unknown',
    fragmentationRatio: first.info.mem_fragmentation_ratio ? num(first.info.mem_fragmentation_ratio) : used ? num(first.info.used_memory_rss) / used : null,
    keyspaceHits: hits,
    keyspaceMisses: misses,
    hitRatio: hits + misses > 0 ? hits / (hits + misses) : null,
    evictedKeys: sum('evicted_keys'),
    expiredKeys: sum('expired_keys'),
    uptimeSeconds: num(first.info.uptime_in_seconds),
    dbKeys: nodes.reduce((a, n) => a + n.dbKeys, 0),
    slowlog: [...groups.values()].sort((a, b) => b.totalUs - a.totalUs),
    slowlogEntries: entries,
    commandStats: [...stats.values()].sort((a, b) => b.usec - a.usec),
    keySizes: sizes.every((s) => s === null) ? null : sizes.flatMap((s) => s ?? []),
    notes: [...notes],
  };
}
