/**
 * The shape of a plan rule (one file per rule under rules/, listed in rules.registry.ts) and the
 * helpers rules share to phrase findings and index suggestions.
 */
import type { PlanFinding, PlanNode, Severity } from '../../../../shared/contract/explain';
import { quoteIdent } from '../../../../shared/sql-quote';
import type { PlanContext } from './plan-context';

/** One plan rule. */
export interface PlanRule {
  readonly id: string;
  /** Default severity; a rule may raise or lower it per finding with its reasons in the message. */
  readonly severity: Severity;
  readonly title: string;
  /** Why this matters, for the rule list and the finding's "why" link. */
  readonly rationale: string;
  /** Captured fixtures (paths under fixtures/) on which the rule fires; the registry test checks them. */
  readonly fixtures: readonly string[];
  /** Returns the rule's findings for a plan (empty when it does not apply). */
  check(ctx: PlanContext): PlanFinding[];
}

/** Builds a finding of `rule` about `node`. */
export function findingOf(
  rule: PlanRule,
  node: PlanNode | null,
  fields: { message: string; suggestion: string; evidence: PlanFinding['evidence']; severity?: Severity; table?: string | null },
): PlanFinding {
  return {
    ruleId: rule.id,
    severity: fields.severity ?? rule.severity,
    title: rule.title,
    message: fields.message,
    nodeId: node?.id ?? null,
    table: fields.table ?? node?.table ?? null,
    // Unknown figures (no ANALYZE, no statistics) are left out rather than shown as null.
    evidence: Object.fromEntries(Object.entries(fields.evidence).filter(([, v]) => v !== null && v !== undefined)),
    suggestion: fields.suggestion,
  };
}

/** `CREATE INDEX idx_<table>_<cols> ON <table> (<cols>)`, identifiers quoted. */
export function createIndexSql(table: string, columns: readonly string[]): string {
  const unique = [...new Set(columns)];
  const name = `idx_${table}_${unique.join('_')}`.slice(0, 64);
  return `CREATE INDEX ${quoteIdent(name)} ON ${quoteIdent(table)} (${unique.map(quoteIdent).join(', ')})`;
}

/** True when the node sits inside a dependent subquery (so it runs once per outer row). */
export function inDependentSubquery(ctx: PlanContext, node: PlanNode): boolean {
  return ctx.ancestors(node).some((a) => a.kind === 'subquery' && a.subquery?.dependent);
}
