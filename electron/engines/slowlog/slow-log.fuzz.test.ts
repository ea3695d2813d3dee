import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestText } from './digest';
import { createSlowLogParser } from './slow-log.parser';
import { corpusPath } from '../../testing/paths';
import { MUTATIONS, mutate, rng } from '../input/testing/mutate';

const CORPUS = corpusPath('slowlogs/percona');
/** The fuzz loop runs this long (fixed budget), with a deterministic case sequence from SEED. */
const BUDGET_MS = 6000;
const SEED = 20241126;
/** A case far above normal (a few ms) that still catches a hang or a quadratic blow-up. */
const CASE_LIMIT_MS = 2000;
/** Heap left over after all cases (they keep nothing, so this is what a leak would show). */
const HEAP_GROWTH_LIMIT = 256 * 1024 * 1024;

describe('fuzz: mutated corpus logs', () => {
  const files = readdirSync(CORPUS).filter((f) => !f.endsWith('.gz') && f !== 'empty' && !f.startsWith('slow024'));
  it('never throws, hangs or grows the heap on CRLF, cuts, bit flips, garbage, NUL bytes, invalid UTF-8 and splices', () => {
    const r = rng(SEED);
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    let cases = 0;
    let worst = { ms: 0, what: '' };
    const seen = new Set<string>();
    while (performance.now() - start < BUDGET_MS || seen.size < MUTATIONS.length) {
      const name = files[Math.floor(r() * files.length)]!;
      const donor = readFileSync(join(CORPUS, files[Math.floor(r() * files.length)]!));
      const kind = MUTATIONS[cases % MUTATIONS.length]!;
      seen.add(kind);
      const input = mutate(readFileSync(join(CORPUS, name)), kind, r, donor);
      const t = performance.now();
      for (const pt of [false, true]) {
        const report = digestText(input, { ptCompatible: pt });
        expect(report.header.events).toBeGreaterThanOrEqual(0);
        expect(report.header.bytes).toBe(input.length);
      }
      const ms = performance.now() - t;
      if (ms > worst.ms) worst = { ms, what: `case ${cases}: ${kind} of ${name}` };
      cases++;
    }
    expect(worst.ms, worst.what).toBeLessThan(CASE_LIMIT_MS);
    expect(cases).toBeGreaterThan(MUTATIONS.length);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT);
  });

  it('skips a line longer than 16 MiB with a warning, in LF and CRLF, and reads the entries around it', () => {
    const entry = '# Time: 2026-11-26T00:00:00Z\n# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1\nSELECT 1;\n';
    const huge = `# Time: 2026-11-26T00:00:01Z\n# Query_time: 2.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1\nSELECT '${'x'.repeat(17 * 1024 * 1024)}';\n`;
    for (const eol of ['\n', '\r\n']) {
      const text = (entry + huge + entry).replace(/\n/g, eol);
      const events: string[] = [];
      const warnings: string[] = [];
      const p = createSlowLogParser({ onEvent: (e) => events.push(e.arg ?? ''), onWarning: (w) => warnings.push(w.kind) });
      const buf = Buffer.from(text, 'latin1');
      const t = performance.now();
      for (let i = 0; i < buf.length; i += 1 << 20) p.push(buf.subarray(i, i + (1 << 20)));
      p.end();
      expect(performance.now() - t).toBeLessThan(CASE_LIMIT_MS * 2);
      expect(warnings).toContain('oversized-entry');
      expect(events).toEqual(['SELECT 1', 'SELECT 1']);
    }
  });
});
