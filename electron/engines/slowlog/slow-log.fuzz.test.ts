import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestText } from './digest';
import { corpusPath } from '../../testing/paths';

const CORPUS = corpusPath('slowlogs/percona');

/** Deterministic PRNG so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function mutate(buf: Buffer, r: () => number, donor: Buffer): Buffer {
  const out = Buffer.from(buf);
  const kind = Math.floor(r() * 4);
  if (kind === 0) {
    for (let i = 0; i < 1 + r() * 20; i++) {
      const at = Math.floor(r() * out.length);
      out[at] = out[at]! ^ (1 << Math.floor(r() * 8));
    }
    return out;
  }
  if (kind === 1) return out.subarray(0, Math.floor(r() * out.length));
  if (kind === 2) {
    const a = Math.floor(r() * out.length);
    const b = Math.floor(r() * donor.length);
    return Buffer.concat([out.subarray(0, a), donor.subarray(b, b + Math.floor(r() * 2000)), out.subarray(a)]);
  }
  const a = Math.floor(r() * out.length);
  return Buffer.concat([out.subarray(0, a), out.subarray(a + Math.floor(r() * 500))]);
}

describe('fuzz: mutated corpus logs', () => {
  const files = readdirSync(CORPUS).filter((f) => !f.endsWith('.gz') && f !== 'empty' && !f.startsWith('slow024'));
  it('never throws and stays fast on bit flips, truncations and splices', () => {
    const r = rng(20241126);
    let worst = 0;
    for (let round = 0; round < 200; round++) {
      const name = files[Math.floor(r() * files.length)]!;
      const donor = readFileSync(join(CORPUS, files[Math.floor(r() * files.length)]!));
      const input = mutate(readFileSync(join(CORPUS, name)), r, donor);
      const t = performance.now();
      for (const pt of [false, true]) {
        const report = digestText(input, { ptCompatible: pt });
        expect(report.header.events).toBeGreaterThanOrEqual(0);
      }
      worst = Math.max(worst, performance.now() - t);
    }
    // A bound far above normal (a few ms) that still catches a hang or a quadratic blow-up.
    expect(worst).toBeLessThan(2000);
  });
});
