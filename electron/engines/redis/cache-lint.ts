/**
 * The cache-design lint: compares what the scan found with a declared design (key patterns and
 * their intended TTLs) and with how the server is used. Each rule is a pure function of the
 * analysis; a finding carries its evidence and, where a plan can fix it, the plan to preview.
 * Rules without a design (big values, KEYS/FLUSH, eviction policy) run on every analysis.
 */
import type { CacheDesign, DesignFinding, PatternStats, RedisServerReport } from '../../../shared/contract/redis';
import { patternMatchesDesign } from './key-pattern';

/** What the rules read. */
export interface LintInput {
  patterns: readonly PatternStats[];
  totals: { keys: number; noTtlKeys: number };
  server: RedisServerReport;
  design: CacheDesign | null;
  /** The big-key threshold the scan counted with. */
  bigKeyBytes: number;
}

/** A lint rule. */
export interface CacheRule {
  id: DesignFinding['rule'];
  /** Why the rule exists, for the docs and the panel. */
  rationale: string;
  check(input: LintInput): DesignFinding[];
}

/** TTLs are compared with this slack: a remaining TTL above the design by more than 1% + 1 s was set longer. */
const slackMs = (ttlSeconds: number) => ttlSeconds * 10 + 1000;

/** The design pattern an analysed pattern belongs to. */
export function designOf(design: CacheDesign, pattern: string): CacheDesign['patterns'][number] | undefined {
  return design.patterns.find((d) => patternMatchesDesign(pattern, d.pattern));
}

const fmtS = (ms: number) =>
  ms >= 86_400_000 ? `${+(ms / 86_400_000).toFixed(1)} d` : ms >= 3_600_000 ? `${+(ms / 3_600_000).toFixed(1)} h` : `${Math.round(ms / 1000)} s`;

const ttlMismatch: CacheRule = {
  id: 'ttl-mismatch',
  rationale: 'A remaining TTL longer than the design says was set with the wrong TTL: the key outlives the data it caches.',
  check({ patterns, design }) {
    if (!design) return [];
    const out: DesignFinding[] = [];
    for (const p of patterns) {
      const d = designOf(design, p.pattern);
      if (!d || d.ttlSeconds === null || p.maxTtlMs === null) continue;
      if (p.maxTtlMs <= d.ttlSeconds * 1000 + slackMs(d.ttlSeconds)) continue;
      out.push({
        rule: 'ttl-mismatch',
        severity: 'warning',
        subject: p.pattern,
        message: `${p.pattern}: keys live up to ${fmtS(p.maxTtlMs)} more, the design (${d.pattern}) says ${fmtS(d.ttlSeconds * 1000)}.`,
        evidence: { designPattern: d.pattern, designTtlSeconds: d.ttlSeconds, maxRemainingTtlSeconds: Math.round(p.maxTtlMs / 1000), keys: p.keys },
        fix: `Set the TTL where the application writes ${d.pattern} to ${d.ttlSeconds} s.`,
        plan: null,
      });
    }
    return out;
  },
};

const missingTtl: CacheRule = {
  id: 'missing-ttl',
  rationale: 'A cache key without TTL never leaves unless it is deleted: stale data and memory that only grows.',
  check({ patterns, design }) {
    if (!design) return [];
    const out: DesignFinding[] = [];
    for (const p of patterns) {
      const d = designOf(design, p.pattern);
      if (!d || d.ttlSeconds === null || p.noTtlKeys === 0) continue;
      out.push({
        rule: 'missing-ttl',
        severity: 'error',
        subject: p.pattern,
        message: `${p.pattern}: ${p.noTtlKeys.toLocaleString('en-US')} of ${p.keys.toLocaleString('en-US')} keys have no TTL; the design (${d.pattern}) says ${fmtS(d.ttlSeconds * 1000)}.`,
        evidence: { designPattern: d.pattern, designTtlSeconds: d.ttlSeconds, noTtlKeys: p.noTtlKeys, keys: p.keys },
        fix: `Give those keys the design's TTL (EXPIRE … ${d.ttlSeconds} NX), and fix the writer that forgot it.`,
        plan: { action: 'expire', pattern: p.pattern, ttlSeconds: d.ttlSeconds },
      });
    }
    return out;
  },
};

const undeclared: CacheRule = {
  id: 'undeclared-pattern',
  rationale: 'Keys the design does not declare have no agreed TTL or invalidation: leftovers, debug keys or a feature nobody reviewed.',
  check({ patterns, design }) {
    if (!design) return [];
    return patterns
      .filter((p) => !designOf(design, p.pattern))
      .map((p): DesignFinding => ({
        rule: 'undeclared-pattern',
        severity: 'warning',
        subject: p.pattern,
        message: `${p.pattern}: ${p.keys.toLocaleString('en-US')} keys that the design does not declare (e.g. ${p.example}).`,
        evidence: { keys: p.keys, memoryBytes: p.memoryBytes, noTtlKeys: p.noTtlKeys, example: p.example },
        fix: 'Declare the pattern with its TTL in the design, or delete its keys if they are leftovers.',
        plan: { action: 'delete', pattern: p.pattern },
      }));
  },
};

const bigValues: CacheRule = {
  id: 'big-values',
  rationale: 'Big values block the single-threaded server while they are read, written or freed, and crowd the cache (the design caches only small documents).',
  check({ patterns, bigKeyBytes }) {
    return patterns
      .filter((p) => p.bigKeys > 0)
      .map((p): DesignFinding => ({
        rule: 'big-values',
        severity: 'warning',
        subject: p.pattern,
        message: `${p.pattern}: ${p.bigKeys.toLocaleString('en-US')} key(s) of ${bigKeyBytes.toLocaleString('en-US')} bytes or more; the biggest is ${p.biggest[0]?.key ?? '?'} (${(p.memory.max / 1024).toFixed(1)} KiB).`,
        evidence: { bigKeys: p.bigKeys, thresholdBytes: bigKeyBytes, maxBytes: p.memory.max, biggestKey: p.biggest[0]?.key ?? null },
        fix: 'Cache a smaller projection, split the value, or compress it; do not cache values this big.',
        plan: null,
      }));
  },
};

const DANGEROUS: Readonly<Record<string, string>> = {
  KEYS: 'KEYS walks the whole keyspace in one call and blocks every other client meanwhile; use SCAN (the design invalidates project lists with KEYS).',
  FLUSHALL: 'FLUSHALL empties every database at once: a cold cache and a stampede on the database behind it.',
  FLUSHDB: 'FLUSHDB empties the database at once: a cold cache and a stampede on the database behind it.',
};

const dangerousCommands: CacheRule = {
  id: 'dangerous-command',
  rationale: 'KEYS and FLUSH* block or empty the server; in a cache they cause latency spikes and database stampedes.',
  check({ server }) {
    const out: DesignFinding[] = [];
    for (const [command, why] of Object.entries(DANGEROUS)) {
      const stat = server.commandStats.find((s) => s.command === command);
      const slow = server.slowlog.filter((g) => g.command === command);
      const slowCount = slow.reduce((a, g) => a + g.count, 0);
      if ((stat?.calls ?? 0) === 0 && slowCount === 0) continue;
      out.push({
        rule: 'dangerous-command',
        severity: 'error',
        subject: command,
        message: `${command} ran ${(stat?.calls ?? 0).toLocaleString('en-US')} time(s) since the server started${slowCount ? `, ${slowCount} of them in the slow log` : ''}. ${why}`,
        evidence: { calls: stat?.calls ?? 0, usec: stat?.usec ?? 0, slowlogEntries: slowCount, example: slow[0]?.example ?? null },
        fix:
          command === 'KEYS'
            ? 'Replace KEYS with SCAN MATCH … COUNT … in the application.'
            : 'Rename or disable the command for the application user (ACL -flushall -flushdb).',
        plan: null,
      });
    }
    return out;
  },
};

const evictionPolicy: CacheRule = {
  id: 'eviction-policy',
  rationale:
    'The eviction policy must fit the keys: under noeviction keys that never expire only grow until writes fail; volatile-* policies cannot evict keys without TTL.',
  check({ server, totals }) {
    const policy = server.maxmemoryPolicy;
    if (totals.noTtlKeys === 0) return [];
    const share = totals.keys ? totals.noTtlKeys / totals.keys : 0;
    const evidence = { policy, maxmemory: server.maxmemory, noTtlKeys: totals.noTtlKeys, keys: totals.keys };
    if (policy === 'noeviction') {
      return [
        {
          rule: 'eviction-policy',
          severity: 'warning',
          subject: policy,
          message: `maxmemory-policy is noeviction and ${totals.noTtlKeys.toLocaleString('en-US')} key(s) never expire: memory only grows, and ${server.maxmemory ? 'writes fail once maxmemory is reached' : 'nothing caps it (maxmemory is 0)'}.`,
          evidence,
          fix: 'For a cache use allkeys-lru or allkeys-lfu with a maxmemory, and give every cache key a TTL.',
          plan: null,
        },
      ];
    }
    if (policy.startsWith('volatile-') && share > 0.5) {
      return [
        {
          rule: 'eviction-policy',
          severity: 'warning',
          subject: policy,
          message: `maxmemory-policy is ${policy}, which evicts only keys with a TTL, but ${(share * 100).toFixed(0)}% of the keys have none.`,
          evidence,
          fix: 'Give cache keys a TTL, or use an allkeys-* policy.',
          plan: null,
        },
      ];
    }
    return [];
  },
};

/** Every rule, in the order findings are listed. */
export const cacheRules: readonly CacheRule[] = [missingTtl, ttlMismatch, undeclared, bigValues, dangerousCommands, evictionPolicy];

/** Runs every rule. */
export function lintCache(input: LintInput): DesignFinding[] {
  return cacheRules.flatMap((r) => r.check(input));
}
