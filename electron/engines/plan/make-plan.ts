/** Builds a Plan from its steps and stamps it with the hash the executor re-checks on apply. */
import { createHash } from 'node:crypto';
import type { Plan, PlanStep } from '../../../shared/contract/plan';

/** What a planner fills in; the hash is derived. */
export interface PlanDraft {
  planner: string;
  title: string;
  steps: Array<Omit<PlanStep, 'needsRestart'> & { needsRestart?: boolean }>;
  notes?: string[];
}

/** sha256 over the planner and each step's id, kind, SQL and rollback: what apply must match. */
export function planHash(planner: string, steps: readonly Pick<PlanStep, 'id' | 'kind' | 'sql' | 'rollback'>[]): string {
  const h = createHash('sha256');
  h.update(planner);
  for (const s of steps) h.update(`\u0000${s.id}\u0000${s.kind}\u0000${s.sql}\u0000${s.rollback ?? ''}`);
  return h.digest('hex');
}

/** A complete plan from a draft (pure, deterministic). */
export function makePlan(draft: PlanDraft): Plan {
  const steps = draft.steps.map((s) => ({ ...s, needsRestart: s.needsRestart ?? false }));
  return { planner: draft.planner, title: draft.title, steps, notes: draft.notes ?? [], hash: planHash(draft.planner, steps) };
}
