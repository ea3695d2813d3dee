/**
 * pt-query-digest's value buckets and statistics (lib/EventAggregator.pm): 1000 logarithmic
 * buckets of base 1.05 from 0.000001, from which pt derives median, 95th percentile, stddev and
 * the 8-bucket query-time histogram. Keeping bucket counts instead of values bounds memory per
 * class, and reproducing pt's arithmetic gives its numbers exactly.
 */

const BUCK_SIZE = 1.05;
const BASE_LOG = Math.log(BUCK_SIZE);
const MIN_BUCK = 0.000001;
const BASE_OFFSET = Math.abs(1 - Math.log(MIN_BUCK) / BASE_LOG);
/** Number of buckets. */
export const NUM_BUCK = 1000;

/** pt's `bucket_idx`, computed. */
function bucketIdxOf(val: number): number {
  if (!(val >= MIN_BUCK)) return 0;
  const idx = Math.trunc(BASE_OFFSET + Math.log(val) / BASE_LOG);
  return idx > NUM_BUCK - 1 ? NUM_BUCK - 1 : idx;
}

/** The buckets of the integers below 2^16 (most attributes are counts), plus one, each computed by
 * bucketIdxOf on its first lookup (0: not yet). Filled lazily, so a process that loads the digest
 * engine does not pay for 65,536 logarithms at start-up. */
const INT_BUCKETS = new Uint16Array(1 << 16);

/**
 * The buckets of the values m / 10^6 for m below 2^20 (the times a log writes with microseconds,
 * below ~1 s), plus one, each computed by bucketIdxOf on its first lookup (0: not yet).
 */
const MICRO_BUCKETS = new Uint16Array(1 << 20);

/** pt's `bucket_idx` (a small integer's or a time in microseconds' is looked up: a logarithm costs more than the rest of an aggregate update). */
export function bucketIdx(val: number): number {
  if ((val & 0xffff) !== val) {
    // The table holds the bucket of the double m / 10^6 itself, so it serves only a val that is exactly that double.
    const m = Math.round(val * 1e6);
    if (m >= 0 && m < MICRO_BUCKETS.length && m / 1e6 === val) {
      const known = MICRO_BUCKETS[m]!;
      if (known !== 0) return known - 1;
      const b = bucketIdxOf(val);
      MICRO_BUCKETS[m] = b + 1;
      return b;
    }
    return bucketIdxOf(val);
  }
  const known = INT_BUCKETS[val]!;
  if (known !== 0) return known - 1;
  const b = bucketIdxOf(val);
  INT_BUCKETS[val] = b + 1;
  return b;
}

/** pt's `bucket_value`: the lower bound of a bucket. */
export function bucketValue(bucket: number): number {
  if (bucket === 0) return 0;
  return Math.pow(BUCK_SIZE, bucket - 1) * MIN_BUCK;
}

const BUCK_VALS = Array.from({ length: NUM_BUCK }, (_, i) => bucketValue(i));

/** For each base-1.05 bucket, its log10 bucket 0..7 (pt's `buckets_of`): 1us, 10us ... 10s+. */
export const BUCKET_TENS: readonly number[] = (() => {
  const out: number[] = [];
  let start = 0;
  const starts = [0];
  for (let i = 1; i <= 7; i++) starts.push(10 ** i * MIN_BUCK);
  for (let b = 0; b < starts.length - 1; b++) {
    const next = bucketIdx(starts[b + 1]!);
    for (let i = start; i < next; i++) out[i] = b;
    start = next;
  }
  for (let i = start; i < NUM_BUCK; i++) out[i] = 7;
  return out;
})();

/** Sparse bucket counts: bucket index → count. */
export type Buckets = Map<number, number>;

/** The pt histogram (8 log10 buckets) of a bucket map; like pt, bucket 0 (below 1us) is left out. */
export function histogram8(buckets: Buckets): number[] {
  const out = [0, 0, 0, 0, 0, 0, 0, 0];
  for (const [idx, n] of buckets) if (idx > 0) out[BUCKET_TENS[idx]!]! += n;
  return out;
}

/** Statistics derived from buckets. */
export interface BucketStats {
  median: number;
  p95: number;
  p99: number;
  stddev: number;
}

/**
 * pt's `_calc_metrics`, plus a 99th percentile by the same walk. `cnt`, `min`, `max` are the
 * exact running values pt keeps beside the buckets.
 */
export function ptStats(buckets: Buckets, cnt: number, min: number, max: number): BucketStats {
  if (cnt === 0 || buckets.size === 0) return { median: 0, p95: 0, p99: 0, stddev: 0 };
  if (cnt === 1 || max === min) return { median: max || 0, p95: max || 0, p99: max || 0, stddev: 0 };
  if (cnt === 2) {
    const v = max || 0;
    const mean = ((min || 0) + v) / 2;
    return { median: mean, p95: v, p99: v, stddev: Math.sqrt((v - mean) ** 2 * 2) };
  }
  const cutoff = cnt >= 10 ? Math.trunc(cnt * 0.95) : cnt;
  const top95 = cnt - cutoff;
  const top99 = cnt - (cnt >= 10 ? Math.trunc(cnt * 0.99) : cnt);
  let totalLeft = cnt;
  let sumExcl = 0;
  let sum = 0;
  let sumsq = 0;
  const mid = Math.trunc(cnt / 2);
  let median = 0;
  let prev = NUM_BUCK - 1;
  let b95 = 0;
  let b99 = 0;
  const idxs = [...buckets.keys()].sort((a, b) => b - a);
  for (const bucket of idxs) {
    const val = buckets.get(bucket)!;
    if (!val) continue;
    totalLeft -= val;
    sumExcl += val;
    if (!b95 && sumExcl > top95) b95 = bucket;
    if (!b99 && sumExcl > top99) b99 = bucket;
    if (!median && totalLeft <= mid) {
      median = cutoff % 2 || val > 1 ? BUCK_VALS[bucket]! : (BUCK_VALS[bucket]! + BUCK_VALS[prev]!) / 2;
    }
    sum += val * BUCK_VALS[bucket]!;
    sumsq += val * BUCK_VALS[bucket]! ** 2;
    prev = bucket;
  }
  const v = sumsq / cnt - (sum / cnt) ** 2;
  let stddev = v > 0 ? Math.sqrt(v) : 0;
  const maxStd = ((max || 0) - (min || 0)) / 2;
  if (stddev > maxStd) stddev = maxStd;
  return { median, p95: BUCK_VALS[b95]!, p99: BUCK_VALS[b99]!, stddev };
}

/**
 * Percentile estimate from buckets for the exact mode when values were not all kept:
 * linear interpolation inside the bucket, clamped to the exact min/max.
 */
export function interpolatedPercentile(buckets: Buckets, cnt: number, min: number, max: number, q: number): number {
  const rank = q * (cnt - 1);
  let seen = 0;
  const idxs = [...buckets.keys()].sort((a, b) => a - b);
  for (const idx of idxs) {
    const n = buckets.get(idx)!;
    if (seen + n > rank) {
      const lo = Math.max(min, BUCK_VALS[idx]!);
      const hi = Math.min(max, idx + 1 < NUM_BUCK ? BUCK_VALS[idx + 1]! : max);
      const frac = n > 1 ? (rank - seen) / (n - 1) : 0.5;
      return lo + (hi - lo) * Math.min(1, Math.max(0, frac));
    }
    seen += n;
  }
  return max;
}
