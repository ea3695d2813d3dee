/**
 * `dbw redis analyze`: the app's Redis analysis from the command line — every key (or a sample)
 * grouped by pattern with memory and TTL buckets, the server's INFO/SLOWLOG/commandstats, and the
 * cache-design lint. It runs the same service function as the panel; nothing is changed.
 */
import { readFileSync } from 'node:fs';
import { ttlBucketIds, ttlBucketLabels, type RedisAnalysis } from '../../../../shared/contract/redis';
import { fmtBytes, fmtPct } from '../../../engines/tuner/units';
import { analyzeRedis, exampleDesign, parseDesign } from '../../../services/redis/redis-analysis';
import type { ConnectionConfig } from '../../../store/connections.repo';
import type { CliCommand } from './command';
import { connectionUrl, parseFlags, UsageError } from './flags';

const usage = `Usage:
  dbw redis analyze --connection redis://[user:pass@]HOST:PORT[/DB] [--design FILE|example] [--sample N] [--json]
                    [--count N] [--pause-every N --pause-ms MS] [--mode auto|script|pipeline]

  --connection URL   the server (any node of a cluster: every primary is scanned); read only
  --design FILE      a cache design (JSON: {"name", "bigValueBytes", "patterns": [{"pattern", "ttlSeconds"}]})
                     to lint against; "example" is the shipped co-writing platform design
  --sample N         stop after about N keys per node (default: every key)
  --count N          SCAN COUNT per call (default 1000)
  --pause-every N, --pause-ms MS   throttle: sleep MS after every N SCAN calls (like redis-cli -i)
  --mode M           per-key reads by read-only script (default when available) or pipelined commands
  --json             the whole analysis as JSON: {"totals": {...}, "patterns": [...], "server": {...}, "findings": [...]}

Exit codes: 0 done (findings or not), 2 bad usage or connection failure.`;

/** redis://user:pass@host:port/db (rediss:// for TLS) → a read-only connection config. */
export function parseRedisUrl(url: string): ConnectionConfig {
  const u = connectionUrl(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new UsageError('--connection must start with redis:// or rediss://');
  const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (db && !/^\d+$/.test(db)) throw new UsageError(`The database in ${url} must be a number`);
  return {
    id: 'cli',
    name: `${u.hostname || '127.0.0.1'}:${u.port || 6379}`,
    kind: 'redis',
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: db,
    socket: '',
    tls: { mode: u.protocol === 'rediss:' ? 'required' : 'disabled' },
    production: false,
    readTimeoutMs: 30_000,
  };
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
  return Number(v);
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const count = (n: number) => n.toLocaleString('en-US');

/** The analysis for a terminal. */
export function formatAnalysis(a: RedisAnalysis): string {
  const s = a.server;
  const out: string[] = [
    `Redis ${s.version} (${s.mode}${s.nodes.length > 1 ? `, ${s.nodes.length} primaries` : ''}), db ${a.db}: ${count(a.totals.keys)} keys scanned of ${count(s.dbKeys)} in ${(a.durationMs / 1000).toFixed(2)} s${a.complete ? '' : a.sampled ? ' (sample)' : ' (stopped)'}`,
    `memory ${fmtBytes(s.usedMemory)} used of ${s.maxmemory ? fmtBytes(s.maxmemory) : 'no maxmemory'} (${s.maxmemoryPolicy}), fragmentation ${s.fragmentationRatio?.toFixed(2) ?? '?'}, hit ratio ${fmtPct(s.hitRatio)}, evicted ${count(s.evictedKeys)}, expired ${count(s.expiredKeys)}`,
    `keys: MEMORY USAGE sum ${fmtBytes(a.totals.memoryBytes)}, ${count(a.totals.noTtlKeys)} without TTL, ${count(a.totals.bigKeys)} big, ${count(a.totals.patterns)} patterns`,
    '',
    `${pad('pattern', 44)} ${lpad('keys', 10)} ${lpad('memory', 10)} ${lpad('p50', 8)} ${lpad('p99', 8)} ${lpad('max', 9)} ${lpad('no TTL', 8)}  TTL buckets (${ttlBucketIds.map((b) => ttlBucketLabels[b]).join(' | ')})`,
  ];
  for (const p of a.patterns.slice(0, 40)) {
    out.push(
      `${pad(p.pattern, 44)} ${lpad(count(p.keys), 10)} ${lpad(fmtBytes(p.memoryBytes), 10)} ${lpad(fmtBytes(p.memory.p50), 8)} ${lpad(fmtBytes(p.memory.p99), 8)} ${lpad(fmtBytes(p.memory.max), 9)} ${lpad(count(p.noTtlKeys), 8)}  ${ttlBucketIds.map((b) => p.ttlBuckets[b]).join(' | ')}`,
    );
  }
  if (a.patterns.length > 40) out.push(`… ${a.patterns.length - 40} more patterns (--json has them all)`);
  out.push('', 'Biggest keys:');
  for (const k of a.biggest.slice(0, 10))
    out.push(`  ${lpad(fmtBytes(k.bytes), 10)}  ${k.type}${k.elements !== null ? ` (${count(k.elements)} elements)` : ''}  ${k.key}`);
  if (s.slowlog.length) {
    out.push('', `Slow log (${s.slowlogEntries} entries) by command shape:`);
    for (const g of s.slowlog.slice(0, 10))
      out.push(`  ${lpad(String(g.count), 5)} × ${lpad((g.totalUs / 1000).toFixed(1), 8)} ms total, max ${(g.maxUs / 1000).toFixed(1)} ms  ${g.shape}`);
  }
  out.push('', s.keySizes === null ? 'INFO keysizes: not available on this server (Redis 8+)' : `INFO keysizes: ${s.keySizes.length} histograms`);
  out.push(
    '',
    a.design ? `Cache-design lint against "${a.design.name}": ${a.findings.length} finding(s)` : `Lint (no design given): ${a.findings.length} finding(s)`,
  );
  for (const f of a.findings) out.push(`  [${f.severity}] ${f.rule}: ${f.message}`, `      fix: ${f.fix}`);
  for (const n of s.notes) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}

/** The redis command. */
export const redisCommand: CliCommand = {
  name: 'redis',
  usage,
  async run(args, io) {
    try {
      const flags = parseFlags(args, {
        connection: 'string',
        design: 'string',
        sample: 'string',
        count: 'string',
        'pause-every': 'string',
        'pause-ms': 'string',
        mode: 'string',
        json: 'boolean',
        help: 'boolean',
      });
      if (flags.help) {
        io.stdout.write(usage + '\n');
        return 0;
      }
      if (flags._[0] !== 'analyze') throw new UsageError(flags._[0] ? `Unknown redis subcommand "${flags._[0]}"` : 'Give a subcommand: analyze');
      if (!flags.connection) throw new UsageError('Give --connection redis://HOST:PORT[/DB]');
      if (flags.mode && !['auto', 'script', 'pipeline'].includes(flags.mode)) throw new UsageError('--mode must be auto, script or pipeline');
      const cfg = parseRedisUrl(flags.connection);
      const design =
        flags.design === undefined ? null : flags.design === 'example' ? exampleDesign() : parseDesign(readFileSync(flags.design, 'utf8'), flags.design);
      const ac = new AbortController();
      const onSigint = () => ac.abort();
      process.once('SIGINT', onSigint);
      try {
        const { analysis } = await analyzeRedis(cfg, {
          options: {
            sample: int('sample', flags.sample),
            count: int('count', flags.count),
            pauseEvery: int('pause-every', flags['pause-every']),
            pauseMs: int('pause-ms', flags['pause-ms']),
            mode: flags.mode as 'auto' | 'script' | 'pipeline' | undefined,
          },
          design,
          signal: ac.signal,
          progress: flags.json ? undefined : (done, total) => io.stderr.write(`\r${count(done)} / ${total === null ? '?' : count(total)} keys`),
        });
        if (!flags.json) io.stderr.write('\n');
        io.stdout.write(flags.json ? JSON.stringify(analysis, null, 2) + '\n' : formatAnalysis(analysis));
      } finally {
        process.off('SIGINT', onSigint);
      }
      return 0;
    } catch (e) {
      const err = e as Error;
      io.stderr.write(`dbw redis: ${err.message}\n${e instanceof UsageError ? `\n${usage}\n` : ''}`);
      return 2;
    }
  },
};
