/**
 * ANALYZE of a statement that writes runs as a plan (START TRANSACTION → ANALYZE → ROLLBACK)
 * through the executor; these helpers pick the path and read the plan text out of the outcome.
 */
import type { AppContract } from '../../../../shared/contract';
import type { OutputOf } from '../../../../shared/contract/core';

type Applied = OutputOf<AppContract, 'actions.apply'>;

/** True when ANALYZE of this statement must run as a rolled-back plan (it writes) rather than on the read session. */
export function isWriteStatement(sql: string): boolean {
  const keyword = /^\s*(?:\/\*[\s\S]*?\*\/\s*|--[^\n]*\n\s*|#[^\n]*\n\s*)*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase() ?? '';
  return keyword === 'insert' || keyword === 'update' || keyword === 'delete' || keyword === 'replace';
}

/** The ANALYZE output and the statement that produced it, or why there is none. */
export function analyzeOutputOf(applied: Applied): { text: string; explainSql: string } | { error: string } {
  const step = applied.plan.steps.find((s) => s.id === 'analyze');
  const outcome = applied.outcomes.find((o) => o.stepId === 'analyze');
  if (!step || !outcome) return { error: 'The plan has no ANALYZE step.' };
  if (outcome.status !== 'ok') return { error: `ANALYZE ${outcome.status}: ${outcome.message} (the transaction was rolled back).` };
  const rolledBack = applied.outcomes.find((o) => o.stepId === 'rollback');
  if (rolledBack?.status !== 'ok')
    return { error: `ROLLBACK did not report success (${rolledBack?.message ?? 'not run'}); the server rolls back when the connection closes.` };
  return { text: outcome.message, explainSql: step.sql };
}
