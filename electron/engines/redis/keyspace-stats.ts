/**
 * The keyspace aggregate: every key the scan read (name, type, encoding, PTTL, MEMORY USAGE,
 * element count) is added to its pattern's running statistics — counts, memory sum and a log
 * histogram for p50/p99, the eight TTL buckets, types and encodings, the biggest keys. The state is
 * plain data that a resumed scan keeps adding to, so a stopped-and-resumed analysis ends equal to an
 * uninterrupted one; `summarise` turns it into the contract's report.
 */
import type { BigKey, PatternStats, TtlBucketId, TtlBuckets } from '../../../shared/contract/redis';
import { ttlBucketIds } from '../../../shared/contract/redis';
import { patternOf } from './key-pattern';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Lower bounds (ms) of the timed buckets, in ttlBucketIds order after noExpiry. */
const BOUNDS: readonly number[] = [0, HOUR, 4 * HOUR, 12 * HOUR, DAY, 7 * DAY, 30 * DAY];
/** Biggest keys kept per pattern. */
const PER_PATTERN_TOP = 5;

/** The bucket of a remaining TTL (PTTL reply: -1 = no expiry). */
export function ttlBucketOf(pttlMs: number): TtlBucketId {
  if (pttlMs < 0) return 'noExpiry';
  let i = BOUNDS.length - 1;
  while (i > 0 && pttlMs < BOUNDS[i]!) i--;
  return ttlBucketIds[i + 1]!;
}

/** Bucket index of a byte count in a log histogram with 16 sub-buckets per power of two (±3%). */
function memBin(v: number): number {
  if (v < 16) return Math.max(0, Math.floor(v));
  const e = Math.floor(Math.log2(v));
  const sub = Math.floor(v / 2 ** (e - 4)) & 15;
  return 16 + (e - 4) * 16 + sub;
}

/** The middle of a histogram bin, in bytes. */
function binMid(bin: number): number {
  if (bin < 16) return bin;
  const e = Math.floor((bin - 16) / 16) + 4;
  const sub = (bin - 16) % 16;
  const lo = 2 ** (e - 4) * (16 + sub);
  return lo + 2 ** (e - 4) / 2;
}

/** One key as the scan read it. */
export interface KeyRead {
  key: string;
  type: string;
  encoding: string;
  /** PTTL: -1 no expiry, -2 gone. */
  pttlMs: number;
  /** MEMORY USAGE, or null when the key vanished. */
  bytes: number | null;
  elements: number | null;
  node: string;
}

interface PatternAcc {
  pattern: string;
  keys: number;
  memoryBytes: number;
  maxBytes: number;
  hist: Map<number, number>;
  noTtlKeys: number;
  buckets: number[];
  minTtlMs: number | null;
  maxTtlMs: number | null;
  types: Map<string, number>;
  encodings: Map<string, number>;
  bigKeys: number;
  elements: number;
  biggest: BigKey[];
  example: string;
}

/** Running statistics over the keys added so far. */
export interface KeyspaceAcc {
  readonly bigKeyBytes: number;
  readonly topKeys: number;
  readonly patterns: Map<string, PatternAcc>;
  biggest: BigKey[];
  vanished: number;
}

/** An empty aggregate. */
export function newKeyspaceAcc(opts: { bigKeyBytes: number; topKeys: number }): KeyspaceAcc {
  return { bigKeyBytes: opts.bigKeyBytes, topKeys: opts.topKeys, patterns: new Map(), biggest: [], vanished: 0 };
}

/** Keeps `list` sorted by bytes descending and at most `limit` long. */
function keepTop(list: BigKey[], limit: number, k: BigKey): void {
  // Ties go to the smaller key name, so the result does not depend on the order keys arrive in.
  const before = (a: BigKey, b: BigKey) => a.bytes > b.bytes || (a.bytes === b.bytes && a.key < b.key);
  if (list.length >= limit && !before(k, list[list.length - 1]!)) return;
  let i = list.length;
  while (i > 0 && before(k, list[i - 1]!)) i--;
  list.splice(i, 0, k);
  if (list.length > limit) list.pop();
}

/** Adds one key. Keys that vanished between SCAN and the reads are counted apart, not as a type. */
export function addKey(acc: KeyspaceAcc, r: KeyRead): void {
  if (r.pttlMs === -2 || r.bytes === null || r.type === 'none') {
    acc.vanished++;
    return;
  }
  const pattern = patternOf(r.key);
  let p = acc.patterns.get(pattern);
  if (!p) {
    p = {
      pattern,
      keys: 0,
      memoryBytes: 0,
      maxBytes: 0,
      hist: new Map(),
      noTtlKeys: 0,
      buckets: ttlBucketIds.map(() => 0),
      minTtlMs: null,
      maxTtlMs: null,
      types: new Map(),
      encodings: new Map(),
      bigKeys: 0,
      elements: 0,
      biggest: [],
      example: r.key,
    };
    acc.patterns.set(pattern, p);
  }
  p.keys++;
  p.memoryBytes += r.bytes;
  if (r.bytes > p.maxBytes) p.maxBytes = r.bytes;
  const bin = memBin(r.bytes);
  p.hist.set(bin, (p.hist.get(bin) ?? 0) + 1);
  const bucket = ttlBucketIds.indexOf(ttlBucketOf(r.pttlMs));
  p.buckets[bucket]!++;
  if (r.pttlMs < 0) p.noTtlKeys++;
  else {
    if (p.minTtlMs === null || r.pttlMs < p.minTtlMs) p.minTtlMs = r.pttlMs;
    if (p.maxTtlMs === null || r.pttlMs > p.maxTtlMs) p.maxTtlMs = r.pttlMs;
  }
  p.types.set(r.type, (p.types.get(r.type) ?? 0) + 1);
  p.encodings.set(r.encoding, (p.encodings.get(r.encoding) ?? 0) + 1);
  if (r.bytes >= acc.bigKeyBytes) p.bigKeys++;
  if (r.elements !== null) p.elements += r.elements;
  const needsPattern = p.biggest.length < PER_PATTERN_TOP || p.biggest[p.biggest.length - 1]!.bytes <= r.bytes;
  const needsGlobal = acc.biggest.length < acc.topKeys || acc.biggest[acc.biggest.length - 1]!.bytes <= r.bytes;
  if (needsPattern || needsGlobal) {
    const big: BigKey = { key: r.key, pattern, type: r.type, bytes: r.bytes, ttlMs: r.pttlMs < 0 ? null : r.pttlMs, elements: r.elements, node: r.node };
    if (needsPattern) keepTop(p.biggest, PER_PATTERN_TOP, big);
    if (needsGlobal) keepTop(acc.biggest, acc.topKeys, big);
  }
}

/** The value at quantile q of a histogram (the bin's middle, clipped to the observed max). */
function quantile(hist: Map<number, number>, n: number, q: number, max: number): number {
  if (n === 0) return 0;
  const want = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const bin of [...hist.keys()].sort((a, b) => a - b)) {
    seen += hist.get(bin)!;
    if (seen >= want) return Math.min(max, Math.round(binMid(bin)));
  }
  return max;
}

const asRecord = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort((a, b) => b[1] - a[1]));

/** Buckets as the contract's object. */
export function bucketsRecord(counts: readonly number[]): TtlBuckets {
  return Object.fromEntries(ttlBucketIds.map((id, i) => [id, counts[i] ?? 0])) as TtlBuckets;
}

/** The per-pattern report, biggest memory first. */
export function summarisePatterns(acc: KeyspaceAcc): PatternStats[] {
  return [...acc.patterns.values()]
    .map((p): PatternStats => ({
      pattern: p.pattern,
      keys: p.keys,
      memoryBytes: p.memoryBytes,
      memory: { sum: p.memoryBytes, p50: quantile(p.hist, p.keys, 0.5, p.maxBytes), p99: quantile(p.hist, p.keys, 0.99, p.maxBytes), max: p.maxBytes },
      noTtlKeys: p.noTtlKeys,
      ttlBuckets: bucketsRecord(p.buckets),
      minTtlMs: p.minTtlMs,
      maxTtlMs: p.maxTtlMs,
      types: asRecord(p.types),
      encodings: asRecord(p.encodings),
      bigKeys: p.bigKeys,
      elements: p.elements,
      biggest: [...p.biggest],
      example: p.example,
    }))
    .sort((a, b) => b.memoryBytes - a.memoryBytes || b.keys - a.keys || (a.pattern < b.pattern ? -1 : 1));
}

/** Totals over all patterns. */
export function summariseTotals(acc: KeyspaceAcc, patterns: readonly PatternStats[]) {
  const buckets = ttlBucketIds.map(() => 0);
  const types = new Map<string, number>();
  let keys = 0;
  let memoryBytes = 0;
  let noTtlKeys = 0;
  let bigKeys = 0;
  for (const p of patterns) {
    keys += p.keys;
    memoryBytes += p.memoryBytes;
    noTtlKeys += p.noTtlKeys;
    bigKeys += p.bigKeys;
    ttlBucketIds.forEach((id, i) => (buckets[i]! += p.ttlBuckets[id]));
    for (const [t, n] of Object.entries(p.types)) types.set(t, (types.get(t) ?? 0) + n);
  }
  return {
    keys,
    memoryBytes,
    noTtlKeys,
    patterns: patterns.length,
    ttlBuckets: bucketsRecord(buckets),
    types: asRecord(types),
    bigKeys,
    vanishedKeys: acc.vanished,
  };
}
