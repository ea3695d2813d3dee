import { describe, expect, it } from 'vitest';
import { lintQuery } from './lint-query';
import { lintRules } from './rules.registry';
import { cowriteSchema } from './testing/cowrite';

describe('lint rule registry', () => {
  it('has unique ids', () => {
    const ids = lintRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('n-plus-one');
  });

  it.each(lintRules.map((r) => [r.id, r] as const))('%s has a title, a rationale with a reference, and examples it flags', (_id, rule) => {
    expect(rule.title.length).toBeGreaterThan(5);
    expect(rule.rationale).toMatch(/https:\/\//);
    expect(rule.examples.length).toBeGreaterThan(0);
    for (const sql of rule.examples) {
      const out = lintQuery(sql, { schema: cowriteSchema(), rules: [rule] });
      expect(out.parseError, sql).toBeNull();
      expect(out.findings.length, sql).toBeGreaterThan(0);
    }
  });
});
