import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainDecimal } from './digester';
import { fullProps, interpretRecord } from './slow-log.record';

describe('lazy pairs line (the digester reads it in place)', () => {
  it('plainDecimal gives exactly Number() for plain decimals and -1 for anything else', () => {
    let seed = 7;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    const digits = (n: number): string => Array.from({ length: n }, () => String(rnd(10))).join('');
    for (let i = 0; i < 200_000; i++) {
      const s = rnd(4) === 0 ? digits(1 + rnd(20)) : `${digits(1 + rnd(12))}.${digits(1 + rnd(24))}`;
      const v = plainDecimal(`x ${s} y`, 2, 2 + s.length);
      if (v >= 0) expect(Object.is(v, Number(s))).toBe(true);
    }
    for (const s of ['0.000100', '9007199254740989', '.5', '0.1', '123.456', '00012', '0.000000', '3.14159265358979']) {
      expect(plainDecimal(s, 0, s.length)).toBe(Number(s));
    }
    for (const s of ['', '1.', '.', '-1', '+1', '1e5', '1.2.3', '0x10', 'Yes', '1,5', '90071992547409931']) expect(plainDecimal(s, 0, s.length)).toBe(-1);
  });

  it('fullProps of a lazy record equals the plain read, entry for entry, on the fixtures', () => {
    for (const name of ['mysql-9.7-extra.log', 'mariadb-10.11-explain.log']) {
      const text = readFileSync(join(__dirname, 'fixtures', name), 'latin1');
      let pos = 0;
      let lazyCount = 0;
      for (const rec of text.split(';\n#')) {
        const plain = interpretRecord(rec, pos, false);
        const lazy = interpretRecord(rec, pos, true);
        expect(lazy.kind).toBe(plain.kind);
        if (plain.kind === 'event' && lazy.kind === 'event') {
          if (lazy.event.lazy) lazyCount++;
          expect([...fullProps(lazy.event)]).toEqual([...plain.event.props]);
          expect(lazy.event.arg).toBe(plain.event.arg);
        }
        pos += rec.length + 3;
      }
      if (name.startsWith('mysql')) expect(lazyCount).toBeGreaterThan(0);
    }
  });
});
