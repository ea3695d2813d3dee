import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainDecimal } from './digester';
import { fullProps, interpretRecord, scanExpectedPairs, scanPairs } from './slow-log.record';
import { corpusPath } from '../../testing/paths';

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

  it('the guided pass over expected names finds what scanPairs finds, or gives up', () => {
    // Header lines of every corpus log and fixture, each also mutated (a character changed,
    // dropped or added), read with the names of another line: whenever the guided pass accepts
    // a line, its offsets are scanPairs' (read with fewer names, a line with more pairs is refused).
    const dirs = [join(__dirname, 'fixtures'), corpusPath('slowlogs/percona')];
    const lines: string[] = [];
    for (const dir of dirs) {
      for (const f of readdirSync(dir)) {
        for (const l of readFileSync(join(dir, f), 'latin1').split('\n')) if (l.startsWith('# ') && l.includes(': ')) lines.push(l);
      }
    }
    expect(lines.length).toBeGreaterThan(500);
    let seed = 11;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    const mutate = (l: string): string => {
      const at = rnd(l.length);
      const c = ' :_#a1\t'[rnd(7)]!;
      const k = rnd(3);
      return k === 0 ? l.slice(0, at) + c + l.slice(at + 1) : k === 1 ? l.slice(0, at) + l.slice(at + 1) : l.slice(0, at) + c + l.slice(at);
    };
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 40_000; i++) {
      const model = lines[rnd(lines.length)]!;
      const expectedOut: number[] = [];
      const count = scanPairs(model, 0, model.length, expectedOut);
      const names = Array.from({ length: count }, (_, j) => model.slice(expectedOut[j * 4]!, expectedOut[j * 4 + 1]!));
      const base = rnd(2) === 0 ? model : lines[rnd(lines.length)]!;
      const line = rnd(3) === 0 ? base : mutate(base);
      const want: number[] = [];
      const n = scanPairs(line, 0, line.length, want);
      const got: number[] = [];
      // Sometimes only the first names: the line then has pairs after the expected ones.
      const take = rnd(4) === 0 ? rnd(count + 1) : count;
      const m = scanExpectedPairs(line, 0, line.length, got, names, take);
      if (m < 0) refused++;
      else {
        accepted++;
        expect(m).toBe(n);
        expect(got.slice(0, 4 * m)).toEqual(want.slice(0, 4 * n));
      }
    }
    expect(accepted).toBeGreaterThan(1_000);
    expect(refused).toBeGreaterThan(1_000);
  });
});
