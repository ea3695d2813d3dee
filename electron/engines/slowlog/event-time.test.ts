import { describe, expect, it } from 'vitest';
import { parseIsoUtc, parseTimeText } from './event-time';

describe('event time', () => {
  it('reads the UTC form MySQL writes exactly as Date.parse does, or leaves it to Date.parse', () => {
    let seed = 5;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    const pad = (v: number, w: number): string => String(v).padStart(w, '0');
    let fast = 0;
    for (let i = 0; i < 100_000; i++) {
      const frac = rnd(3) === 0 ? '' : '.' + Array.from({ length: 1 + rnd(9) }, () => String(rnd(10))).join('');
      let t = `${pad(rnd(3) === 0 ? rnd(10_000) : 1990 + rnd(60), 4)}-${pad(rnd(14), 2)}-${pad(rnd(33), 2)}T${pad(rnd(26), 2)}:${pad(rnd(62), 2)}:${pad(rnd(62), 2)}${frac}Z`;
      // Some malformed: a character changed or dropped.
      if (rnd(5) === 0) {
        const at = rnd(t.length);
        t = rnd(2) === 0 ? t.slice(0, at) + 'x:.-Z 9'[rnd(7)] + t.slice(at + 1) : t.slice(0, at) + t.slice(at + 1);
      }
      const v = parseIsoUtc(t);
      if (v >= 0) {
        fast++;
        expect(v, t).toBe(Date.parse(t));
      }
    }
    expect(fast).toBeGreaterThan(10_000);
    expect(parseIsoUtc('2026-11-20T08:00:00.000642Z')).toBe(Date.UTC(2026, 10, 20, 8, 0, 0));
    expect(parseIsoUtc('2026-11-20T08:00:00.9999Z')).toBe(Date.UTC(2026, 10, 20, 8, 0, 0, 999));
    expect(parseIsoUtc('2026-11-20T08:00:00+01:00')).toBe(-1);
    expect(parseTimeText('2026-11-20T08:00:00.5+01:00')).toBe(Date.UTC(2026, 10, 20, 7, 0, 0, 500));
    expect(parseTimeText('261120  8:00:01')).toBe(Date.UTC(2026, 10, 20, 8, 0, 1));
  });
});
