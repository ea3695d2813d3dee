import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFixture, fixtureFiles, fixturesDir, phases, servers } from '../testing/fixtures';
import { planRules } from './rules.registry';

describe('plan rule registry', () => {
  it('has unique ids', () => {
    const ids = planRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(planRules.map((r) => [r.id, r] as const))('%s has a title, a rationale with a reference, and a severity', (_id, rule) => {
    expect(rule.title.length).toBeGreaterThan(5);
    expect(rule.rationale.length).toBeGreaterThan(60);
    expect(rule.rationale).toMatch(/https:\/\//);
    expect(['info', 'warning', 'critical']).toContain(rule.severity);
  });

  it.each(planRules.map((r) => [r.id, r] as const))('%s fires on each of its fixtures', (_id, rule) => {
    expect(rule.fixtures.length).toBeGreaterThan(0);
    for (const path of rule.fixtures) {
      expect(existsSync(join(fixturesDir, path)), path).toBe(true);
      const findings = analyzeFixture(path, [rule]);
      expect(findings.length, path).toBeGreaterThan(0);
      for (const f of findings) {
        expect(f.ruleId).toBe(rule.id);
        expect(f.suggestion.length).toBeGreaterThan(10);
      }
    }
  });

  it('never contradicts its measurements or prints an unknown as null, on every fixture captured from both servers', () => {
    let checked = 0;
    for (const server of servers)
      for (const phase of phases)
        for (const file of fixtureFiles(server, phase).filter((f) => /\.(analyze|explain)\./.test(f))) {
          for (const f of analyzeFixture(`${server}/${phase}/${file}`)) {
            checked++;
            const where = `${server}/${phase}/${file} ${f.ruleId}: ${f.message}`;
            expect(Object.values(f.evidence), where).not.toContain(null);
            expect(f.message.replace(/is not null/gi, ''), where).not.toMatch(/\bnull\b| 0 rows actually read/);
            if (f.ruleId === 'full-table-scan' && f.severity === 'critical' && f.evidence.loops !== undefined)
              expect(f.evidence.loops, where).toBeGreaterThan(1);
            if (f.ruleId === 'estimate-mismatch')
              expect(f.evidence.actualRowsTotal, where).toBe(Number(f.evidence.actualRowsPerLoop) * Number(f.evidence.loops));
          }
        }
    expect(checked).toBeGreaterThan(100);
  });
});
