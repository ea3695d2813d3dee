/**
 * The alert rules' expression language: `metric op operand` terms joined by `and` / `or`
 * (`and` binds tighter), where an operand is a number or a parameter written as PMM's templates
 * write them, `[[ .threshold ]]`. Small on purpose: every rule must also translate to PromQL over
 * mysqld_exporter's metrics, so nothing here may go beyond what that translation can express.
 */
import { AppError } from '../../../shared/contract/core';
import { metricKeys, type AlertRule, type MetricKey, type SampleMetrics } from '../../../shared/contract/monitor';

/** A comparison operator. */
export type CompareOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** One comparison. */
export interface Term {
  metric: MetricKey;
  op: CompareOp;
  operand: { kind: 'number'; value: number } | { kind: 'param'; name: string };
}

/** Disjunction of conjunctions: `a and b or c` = [[a, b], [c]]. */
export type RuleExpr = Term[][];

const TERM = /^\s*([a-z_][a-z0-9_]*)\s*(>=|<=|==|!=|>|<)\s*(?:(-?\d+(?:\.\d+)?)|\[\[\s*\.([a-z][a-z0-9_]*)\s*\]\])\s*$/;

/** Parses an expression; throws BAD_INPUT naming the part it could not read. */
export function parseRuleExpr(expr: string): RuleExpr {
  const alternatives = expr.split(/\s+or\s+/);
  return alternatives.map((alt) =>
    alt.split(/\s+and\s+/).map((part): Term => {
      const m = TERM.exec(part);
      if (!m) throw new AppError('BAD_INPUT', `Cannot read "${part.trim()}" in the rule expression "${expr}" (write metric > number or metric > [[ .param ]])`);
      const metric = m[1]!;
      if (!(metricKeys as string[]).includes(metric))
        throw new AppError('BAD_INPUT', `Unknown metric "${metric}" in "${expr}"; known: ${metricKeys.join(', ')}`);
      return {
        metric: metric as MetricKey,
        op: m[2] as CompareOp,
        operand: m[3] !== undefined ? { kind: 'number', value: Number(m[3]) } : { kind: 'param', name: m[4]! },
      };
    }),
  );
}

/** Checks a rule: its expression parses, every parameter it names is declared and within its range, ids are well formed. */
export function validateRule(rule: AlertRule): RuleExpr {
  const expr = parseRuleExpr(rule.expr);
  for (const term of expr.flat()) {
    if (term.operand.kind !== 'param') continue;
    const name = term.operand.name;
    if (!rule.params.some((p) => p.name === name)) throw new AppError('BAD_INPUT', `Rule ${rule.id} uses [[ .${name} ]] but declares no such param`);
  }
  for (const p of rule.params) {
    if (p.value < p.range[0] || p.value > p.range[1])
      throw new AppError('BAD_INPUT', `Rule ${rule.id}: param ${p.name} = ${p.value} is outside its range [${p.range[0]}, ${p.range[1]}]`);
  }
  return expr;
}

/** The number an operand stands for in a rule. */
export function operandValue(rule: AlertRule, term: Term): number {
  if (term.operand.kind === 'number') return term.operand.value;
  const name = term.operand.name;
  const p = rule.params.find((x) => x.name === name);
  if (!p) throw new AppError('BAD_INPUT', `Rule ${rule.id} has no param ${name}`);
  return p.value;
}

function compare(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

/** Evaluates on one sample. A term whose metric is null (not reported) is false: no data never fires. */
export function evaluateExpr(rule: AlertRule, expr: RuleExpr, metrics: SampleMetrics): boolean {
  return expr.some((conj) =>
    conj.every((t) => {
      const v = metrics[t.metric];
      return v !== null && compare(v, t.op, operandValue(rule, t));
    }),
  );
}
