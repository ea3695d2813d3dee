import { describe, expect, it } from 'vitest';
import { BUCKET_TENS, bucketIdx, bucketValue, histogram8, ptStats, type Buckets } from './pt-buckets';

function bucketsOf(values: number[]): Buckets {
  const b: Buckets = new Map();
  for (const v of values) b.set(bucketIdx(v), (b.get(bucketIdx(v)) ?? 0) + 1);
  return b;
}

describe("pt's buckets", () => {
  it('maps values as EventAggregator does', () => {
    expect(bucketIdx(0)).toBe(0);
    expect(bucketIdx(0.0000009)).toBe(0);
    expect(bucketIdx(0.000001)).toBe(1);
    expect(bucketIdx(1e12)).toBe(850);
    expect(bucketIdx(1e30)).toBe(999);
    // Integers below 2^16 come from a table: it must agree with pt's formula on both sides of its edge.
    const formula = (v: number): number => Math.min(999, Math.trunc(Math.abs(1 - Math.log(0.000001) / Math.log(1.05)) + Math.log(v) / Math.log(1.05)));
    for (const v of [1, 2, 3, 10, 999, 1000, 4096, 65535, 65536, 65537, 1e6, 2 ** 32 + 5]) expect(bucketIdx(v), String(v)).toBe(formula(v));
    expect(bucketIdx(-1)).toBe(0);
    expect(bucketIdx(Number.NaN)).toBe(0);
    expect(bucketIdx(1.5)).toBe(formula(1.5));
    expect(bucketValue(1)).toBe(0.000001);
    expect(bucketValue(284)).toBeCloseTo(0.000001 * 1.05 ** 283, 12);
    expect(BUCKET_TENS[bucketIdx(0.5)]).toBe(5);
    expect(BUCKET_TENS[bucketIdx(20)]).toBe(7);
  });

  it('looks up times in microseconds exactly as the formula maps them, and only those', () => {
    const formula = (v: number): number => Math.min(999, Math.trunc(Math.abs(1 - Math.log(0.000001) / Math.log(1.05)) + Math.log(v) / Math.log(1.05)));
    let s = 12345;
    const r = (): number => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < 20_000; i++) {
      const m = Math.floor(r() * 2 ** 21);
      // As the lane reads `0.000451` (m / 10^6), and values beside it that the table must not take for it.
      for (const v of [m / 1e6, m / 1e3, m / 1e7, m / 1e6 + 1e-12, (m + 0.5) / 1e6]) {
        if (v >= 0.000001) expect(bucketIdx(v), String(v)).toBe(formula(v));
      }
    }
    // Twice: the second lookup reads the table.
    for (const v of [0.000451, 0.000001, 1.048575, 0.25]) expect([bucketIdx(v), bucketIdx(v)]).toEqual([formula(v), formula(v)]);
  });

  it('computes median/95th/stddev like pt (pt 3.2.1 printed 0.705093 / 0.000516 / 0.231765 for slow002.txt)', () => {
    const qt = [0.000012, 0.726052, 0.000512, 0.033384, 0.00053, 0.00053, 0.00053, 0.00053];
    const s = ptStats(bucketsOf(qt), qt.length, Math.min(...qt), Math.max(...qt));
    expect(s.p95.toFixed(6)).toBe('0.705093');
    expect(s.median.toFixed(6)).toBe('0.000516');
    expect(s.stddev.toFixed(6)).toBe('0.231765');
  });

  it('special-cases one and two values as pt does', () => {
    expect(ptStats(bucketsOf([3]), 1, 3, 3)).toEqual({ median: 3, p95: 3, p99: 3, stddev: 0 });
    expect(ptStats(bucketsOf([1, 3]), 2, 1, 3)).toEqual({ median: 2, p95: 3, p99: 3, stddev: Math.sqrt(2) });
  });

  it('builds the 8-bucket histogram without the sub-microsecond bucket', () => {
    expect(histogram8(bucketsOf([0, 0.000002, 0.00002, 0.5, 20]))).toEqual([1, 1, 0, 0, 0, 1, 0, 1]);
  });
});
