/** Runs one lint rule on one statement with the co-writing schema (tests only). */
import type { LintFinding } from '../../../../shared/contract/explain';
import { lintQuery } from '../lint-query';
import type { LintRule } from '../lint-rule';
import { cowriteSchema } from './cowrite';

/** Findings of `rule` for `sql`; `schema: false` lints without the snapshot. */
export function lintOne(rule: LintRule, sql: string, schema = true): LintFinding[] {
  const out = lintQuery(sql, { schema: schema ? cowriteSchema() : null, rules: [rule] });
  if (out.parseError) throw new Error(out.parseError);
  return out.findings;
}
