import { describe, expect, it } from 'vitest';
import { flushStr, mergeAttrAggs, newStrAgg, pushStr, STRING_VALUES_CAP, type AttrAggs, type StrAgg } from './class-aggregate';

/** What a string aggregate must hold after `values`: every value counted until the cap, the rest in `other`. */
function reference(values: readonly string[]): { unq: [string, number][]; other: number; min: string; max: string } {
  const unq = new Map<string, number>();
  let other = 0;
  for (const v of values) {
    const n = unq.get(v);
    if (n !== undefined) unq.set(v, n + 1);
    else if (unq.size < STRING_VALUES_CAP) unq.set(v, 1);
    else other++;
  }
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { unq: [...unq], other, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

function pushed(values: readonly string[]): StrAgg {
  const a = newStrAgg('user', values[0]!, true);
  for (const v of values) pushStr(a, v);
  return a;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('string aggregate runs', () => {
  it('counts runs, alternations and values past the cap as a plain count does, once flushed', () => {
    const r = rng(11);
    for (let round = 0; round < 40; round++) {
      const distinct = [3, 50, STRING_VALUES_CAP + 200][round % 3]!;
      const values: string[] = [];
      for (let i = 0; i < 4000; i++) {
        const v = `v${Math.floor(r() * distinct)}`;
        // Runs of a value (a connection's user), alternations, and single values.
        const repeat = r() < 0.3 ? 1 + Math.floor(r() * 20) : 1;
        for (let k = 0; k < repeat; k++) values.push(v);
      }
      const a = pushed(values);
      flushStr(a);
      const want = reference(values);
      expect(a.cnt).toBe(values.length);
      expect([...a.unq!]).toEqual(want.unq);
      expect(a.other).toBe(want.other);
      expect([a.min, a.max]).toEqual([want.min, want.max]);
      expect(a.runN).toBe(0);
    }
  });

  it('merges aggregates with runs pending on either side', () => {
    const left = ['a', 'a', 'a', 'b', 'b'];
    const right = ['b', 'b', 'c', 'c', 'c'];
    const aggs = (values: string[]): AttrAggs => ({ num: new Map(), bool: new Map(), str: new Map([['user', pushed(values)]]) });
    const into = aggs(left);
    mergeAttrAggs(into, aggs(right));
    const a = into.str.get('user')!;
    expect([...a.unq!]).toEqual([
      ['a', 3],
      ['b', 4],
      ['c', 3],
    ]);
    expect(a.cnt).toBe(10);
  });
});
