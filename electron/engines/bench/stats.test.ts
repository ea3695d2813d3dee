import { describe, expect, it } from 'vitest';
import { cdf, compare, histogram, mannWhitneyP, quantile, summarize } from './stats';

/** Deterministic pseudo-latencies: a base with jitter. */
function sample(n: number, base: number, jitter: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return base + (s / 2147483648) * jitter;
  });
}

describe('bench statistics', () => {
  it('computes percentiles by linear interpolation and the spread', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(xs, 0.5)).toBe(50.5);
    expect(quantile(xs, 0.95)).toBeCloseTo(95.05, 5);
    const s = summarize(xs, 2, 1000);
    expect(s).toMatchObject({ runs: 102, errors: 2, minMs: 1, maxMs: 100, p50Ms: 50.5, madMs: 25, qps: 102 });
    expect(s.stddevMs).toBeCloseTo(29.011, 2);
  });
  it('keeps MAD small when one query stalls, where the standard deviation explodes', () => {
    const xs = [...Array.from({ length: 99 }, () => 2), 2000];
    const s = summarize(xs, 0, 500);
    expect(s.madMs).toBe(0);
    expect(s.stddevMs).toBeGreaterThan(150);
  });
  it('bins a distribution and its CDF', () => {
    const xs = sample(1000, 1, 9, 1);
    const h = histogram(xs, 20);
    expect(h).toHaveLength(20);
    expect(h.reduce((a, b) => a + b.count, 0)).toBe(1000);
    const c = cdf(xs, 10);
    expect(c[0]!.fraction).toBe(0);
    expect(c[10]!.fraction).toBe(1);
    expect(c.map((p) => p.ms)).toEqual([...c.map((p) => p.ms)].sort((a, b) => a - b));
  });
  it('calls two samples of the same distribution noise, never a change', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const r = compare(sample(150, 5, 3, seed), sample(150, 5, 3, seed + 100), 500);
      expect(r.verdict).toBe('within noise');
    }
  });
  it('calls a clear drop faster and a clear rise slower', () => {
    const before = sample(100, 40, 20, 3);
    const after = sample(100, 2, 1, 4);
    const r = compare(before, after);
    expect(r.verdict).toBe('faster');
    expect(r.p95CiMs[1]).toBeLessThan(0);
    expect(r.explanation).toMatch(/p95 dropped/);
    expect(compare(after, before).verdict).toBe('slower');
  });
  it('gives a Mann-Whitney p near 1 for identical samples and tiny for disjoint ones', () => {
    expect(mannWhitneyP([1, 2, 3, 4], [1, 2, 3, 4])).toBeCloseTo(1, 5);
    expect(mannWhitneyP(sample(50, 0, 1, 5), sample(50, 10, 1, 6))).toBeLessThan(1e-10);
  });
});
