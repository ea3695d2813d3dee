/** The engine's outputs are exactly what the contract's schemas accept (the wire form). */
import { describe, expect, it } from 'vitest';
import { lintResultSchema, parseOutcomeSchema, planFindingSchema } from '../../../shared/contract/explain';
import { lintWorkload } from '../query-lint/lint-query';
import { cowriteSchema, workloadSql } from '../query-lint/testing/cowrite';
import { analyzePlan } from './analyze-plan';
import { parseExplain } from './parse-explain';
import { fixtureFiles, fixtureText, phases, servers } from './testing/fixtures';

describe('engine output matches shared/contract/explain.ts', () => {
  it('every fixture parses to a schema-valid outcome whose findings are schema-valid', () => {
    for (const server of servers) {
      for (const phase of phases) {
        for (const file of fixtureFiles(server, phase).filter((f) => !f.endsWith('.rows.json'))) {
          const out = parseExplain(fixtureText(server, phase, file));
          expect(parseOutcomeSchema.safeParse(out).success, file).toBe(true);
          for (const f of analyzePlan(out.plan!)) expect(planFindingSchema.safeParse(f).success, `${file} ${f.ruleId}`).toBe(true);
        }
      }
    }
  });

  it('lint results are schema-valid', () => {
    expect(lintResultSchema.safeParse(lintWorkload(workloadSql(), { schema: cowriteSchema() })).success).toBe(true);
  });

  it('a malformed input outcome is schema-valid too', () => {
    expect(parseOutcomeSchema.safeParse(parseExplain('{"query_block": {')).success).toBe(true);
  });
});
