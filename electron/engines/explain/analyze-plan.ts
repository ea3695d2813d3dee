/**
 * Runs the plan rules over a normalized plan and returns findings, most severe first. Pure:
 * the schema snapshot and alias map come in as options.
 */
import type { ParsedPlan, PlanFinding, Severity } from '../../../shared/contract/explain';
import { type AnalyzeOptions, makeContext } from './findings/plan-context';
import type { PlanRule } from './findings/plan-rule';
import { planRules } from './findings/rules.registry';

export type { AnalyzeOptions } from './findings/plan-context';

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Findings for a plan; `rules` defaults to the registry. */
export function analyzePlan(plan: ParsedPlan, options: AnalyzeOptions = {}, rules: readonly PlanRule[] = planRules): PlanFinding[] {
  const ctx = makeContext(plan, options);
  const findings = rules.flatMap((rule) => rule.check(ctx));
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}
