/**
 * Turns a statement's EXPLAIN outputs (JSON, TREE, ANALYZE… from the collector, or pasted text)
 * into one report: every plan parsed, findings from all of them merged (ANALYZE brings measured
 * rows, JSON brings possible keys and partitions), and the plan to show first.
 */
import type { ExplainParseErrorInfo, ExplainReport, ParsedPlan, PlanFinding, PlanFormat } from '../../../shared/contract/explain';
import { type AnalyzeOptions, analyzePlan } from './analyze-plan';
import { type ParseExplainOptions, parseExplain } from './parse-explain';

/** Preference for the plan shown first and for the order findings are merged in. */
const PREFERENCE: readonly PlanFormat[] = [
  'mariadb-analyze-json',
  'mysql-analyze',
  'mysql-json-v1',
  'mariadb-json',
  'mysql-json-v2',
  'mysql-tree',
  'mariadb-slowlog',
  'tabular',
];

const key = (f: PlanFinding): string => `${f.ruleId}|${f.table ?? ''}|${String(f.evidence.reason ?? '')}`;

/** Parses and analyzes each output; never throws (bad outputs land in `errors`). */
export function buildExplainReport(outputs: readonly { text: string }[], options: AnalyzeOptions & ParseExplainOptions = {}): ExplainReport {
  const plans: ParsedPlan[] = [];
  const errors: ExplainParseErrorInfo[] = [];
  for (const o of outputs) {
    const out = parseExplain(o.text, options);
    if (out.plan) plans.push(out.plan);
    if (out.error) errors.push(out.error);
  }
  const ranked = plans.map((p, i) => ({ p, i })).sort((a, b) => PREFERENCE.indexOf(a.p.format) - PREFERENCE.indexOf(b.p.format));
  const seen = new Set<string>();
  const findings: PlanFinding[] = [];
  for (const { p } of ranked) {
    for (const f of analyzePlan(p, options)) {
      if (seen.has(key(f))) continue;
      seen.add(key(f));
      findings.push(f);
    }
  }
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
  return { plans, primary: ranked[0]?.i ?? null, findings, errors };
}
