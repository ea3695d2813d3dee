/**
 * Every query of the co-writing workload gets exactly its true findings, with the PK-only schema
 * captured from MariaDB. Decisions recorded here:
 * - versions_over_limit and sessions_this_year have no LIMIT and are not flagged: they are reports
 *   (a GROUP BY over all documents; the year's sessions) meant to be complete, and have no ORDER BY
 *   for display; truncating them would make them wrong. missing-limit targets ordered lists.
 * - project_detail's `p.*` is an info finding only: it is a one-row lookup by primary key, so the
 *   JSON/TEXT columns cost one row's worth; ai_generation_completed / document_search return up to
 *   20 rows with LONGTEXT columns, hence a warning.
 * - document_search's `LIKE ?` parameters are search boxes ('%term%' in the captured run); the OR
 *   between them is left to leading-wildcard-like (UNION would not help a scan).
 * - DELETEs in the cleanup jobs use plain range conditions: nothing to lint.
 */
import { describe, expect, it } from 'vitest';
import type { LintStatement } from '../../../shared/contract/explain';
import { lintWorkload } from './lint-query';
import { cowriteSchema, workloadSql } from './testing/cowrite';

const expected: Record<string, string[]> = {
  login: ['or-across-columns'],
  user_info: [],
  session_check: [],
  project_list: ['deep-offset'],
  project_detail: ['correlated-count-subquery', 'correlated-count-subquery', 'select-star'],
  document_list: ['correlated-count-subquery', 'correlated-count-subquery', 'deep-offset'],
  document_content: [],
  document_versions: ['missing-limit'],
  ai_generation_list: ['missing-limit'],
  ai_generation_status: [],
  ai_generation_completed: ['select-star'],
  document_search: ['leading-wildcard-like', 'select-star'],
  sessions_this_year: ['function-on-column', 'select-star'],
  cleanup_expired_sessions: [],
  cleanup_old_ai_generations: [],
  versions_over_limit: [],
};

describe('co-writing workload lint', () => {
  const result = lintWorkload(workloadSql(), { schema: cowriteSchema() });
  const byName: Record<string, LintStatement> = Object.fromEntries(result.statements.map((s) => [s.name, s]));

  it('reads all 16 statements, each parsed', () => {
    expect(result.statements.map((s) => s.name)).toEqual(Object.keys(expected));
    for (const s of result.statements) expect(s.parseError, s.name ?? '').toBeNull();
    expect(result.workload).toEqual([]);
  });

  it.each(Object.entries(expected))('%s → %j', (name, ids) => {
    expect(byName[name]!.findings.map((f) => f.ruleId).sort()).toEqual([...ids].sort());
  });

  it('severities follow the evidence', () => {
    const sev = (name: string, id: string) => byName[name]!.findings.filter((f) => f.ruleId === id).map((f) => f.severity);
    expect(sev('project_detail', 'select-star')).toEqual(['info']);
    expect(sev('ai_generation_completed', 'select-star')).toEqual(['warning']);
    expect(sev('document_search', 'select-star')).toEqual(['warning']);
    expect(sev('sessions_this_year', 'select-star')).toEqual(['info']);
  });

  it('rewrites parse again and keep the parameter shape the suggestion describes', () => {
    for (const s of result.statements) {
      for (const f of s.findings) {
        if (!f.rewrite) continue;
        expect(lintWorkload([f.rewrite.sql]).statements[0]!.parseError, `${s.name}/${f.ruleId}`).toBeNull();
        expect(f.rewrite.diff).toMatch(/^[+-] /m);
      }
    }
    const year = byName.sessions_this_year!.findings.find((f) => f.ruleId === 'function-on-column')!;
    expect(year.rewrite!.sql).toBe(
      'SELECT * FROM `user_sessions` WHERE `expires_at` >= MAKEDATE(YEAR(NOW()), 1) AND `expires_at` < MAKEDATE(YEAR(NOW()) + 1, 1)',
    );
  });
});

describe('unparsable statements are reported, not dropped', () => {
  it('keeps the statement with the parser message', () => {
    const r = lintWorkload('SELECT 1; SELEC broken FROM; SELECT id FROM users ORDER BY RAND() LIMIT 1');
    expect(r.statements).toHaveLength(3);
    expect(r.statements[1]!.parseError).toMatch(/Expected|found/);
    expect(r.statements[2]!.findings.map((f) => f.ruleId)).toEqual(['order-by-rand']);
  });
});
