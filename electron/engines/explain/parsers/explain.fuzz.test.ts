import { describe, expect, it } from 'vitest';
import { buildExplainReport } from '../explain-report';
import { parseExplain } from '../parse-explain';
import { fixtureFiles, fixtureText, phases, servers } from '../testing/fixtures';
import { MUTATIONS, mutate, rng } from '../../input/testing/mutate';

/** The fuzz loop runs this long (fixed budget), with a deterministic case sequence from SEED. */
const BUDGET_MS = 5000;
const SEED = 20261206;
/** Far above a normal parse (well under a millisecond to a few) and still a hang or blow-up detector. */
const CASE_LIMIT_MS = 2000;
const HEAP_GROWTH_LIMIT = 256 * 1024 * 1024;

const inputs = servers.flatMap((s) =>
  phases.flatMap((p) =>
    fixtureFiles(s, p)
      .filter((f) => !f.endsWith('.rows.json') && !f.endsWith('.sql'))
      .map((f) => ({ name: `${s}/${p}/${f}`, bytes: Buffer.from(fixtureText(s, p, f), 'utf8') })),
  ),
);

describe('fuzz: mutated EXPLAIN outputs (JSON v1/v2, TREE, ANALYZE, tabular, MariaDB)', () => {
  it('every parser answers a plan or a located error: no throw, no hang, no heap growth', () => {
    expect(inputs.length).toBeGreaterThan(20);
    const r = rng(SEED);
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    let cases = 0;
    let worst = { ms: 0, what: '' };
    while (performance.now() - start < BUDGET_MS || cases < MUTATIONS.length * 4) {
      const base = inputs[Math.floor(r() * inputs.length)]!;
      const donor = inputs[Math.floor(r() * inputs.length)]!.bytes;
      const kind = MUTATIONS[cases % MUTATIONS.length]!;
      const text = mutate(base.bytes, kind, r, donor).toString('utf8');
      const t = performance.now();
      const out = parseExplain(text);
      expect(out.plan !== null || out.error !== null, `${kind} of ${base.name}`).toBe(true);
      if (out.error) expect(out.error.line).toBeGreaterThanOrEqual(1);
      const report = buildExplainReport([{ text }]);
      expect(report.plans.length + report.errors.length).toBeGreaterThan(0);
      const ms = performance.now() - t;
      if (ms > worst.ms) worst = { ms, what: `case ${cases}: ${kind} of ${base.name}` };
      cases++;
    }
    expect(worst.ms, worst.what).toBeLessThan(CASE_LIMIT_MS);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT);
  });

  it('refuses binary input and names what is wrong with malformed JSON', () => {
    const binary = parseExplain('{"query_block": \u0000\u0000\u0001}');
    expect(binary.plan).toBeNull();
    expect(binary.error?.message).toMatch(/binary data/);
    const cut = parseExplain('{"query_block": {"select_id": 1, "table": {"table_name": "t", "access_type": ');
    expect(cut.error?.message).toMatch(/Malformed JSON: .* \(line 1, column \d+\)/);
    const notPlan = parseExplain('{"rows": 3}');
    expect(notPlan.error?.message).toMatch(/neither "query_block" nor "query_plan"/);
  });
});
