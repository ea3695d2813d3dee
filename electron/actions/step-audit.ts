/**
 * The one way an executor records a plan step: its outcome appended to the audit log (who, which
 * connection, which plan, the statement, status, message, time, and how to undo it), returned with
 * its audit id for the apply's answer. The SQL, Redis, purge and restore executors all write here.
 */
import type { z } from 'zod';
import type { actionsContract } from '../../shared/contract/actions';
import type { Plan, PlanStep } from '../../shared/contract/plan';
import { AppError } from '../../shared/contract/core';
import type { AuditRepo } from '../store/audit.repo';
import type { ConnectionConfig } from '../store/connections.repo';

/** One step's outcome as the apply call returns it. */
export type StepOutcome = z.input<(typeof actionsContract)['actions.apply']['output']>['outcomes'][number];

/** Appends the step's outcome to the audit log and returns it with its audit id. */
export function auditStep(
  deps: { readonly audit: AuditRepo; readonly actor: string },
  cfg: Pick<ConnectionConfig, 'id' | 'name'>,
  plan: Pick<Plan, 'planner' | 'title' | 'hash'>,
  o: Omit<StepOutcome, 'auditId'>,
  rollback: string | null,
): StepOutcome {
  const auditId = deps.audit.append({
    at: new Date().toISOString(),
    actor: deps.actor,
    connectionId: cfg.id,
    connectionName: cfg.name,
    planner: plan.planner,
    planTitle: plan.title,
    planHash: plan.hash,
    stepId: o.stepId,
    sql: o.sql,
    status: o.status,
    message: o.message,
    durationMs: o.durationMs,
    rollback,
  });
  return { ...o, auditId };
}

/** What running one step said: done with its message, or failed with why (the plan stops there). */
export interface StepResult {
  readonly status: 'ok' | 'failed';
  readonly message: string;
}

/**
 * Runs the steps of a plan whose steps are not plain statements (a restore's load, copy or server
 * start) in order, each audited: `run` does the step; a step that throws fails with its error's
 * text (`CODE: message` for an AppError) followed by what `after` adds for that step, and the plan stops at the first failed step; every later step, and every
 * step after a cancel, is recorded as skipped with the reason.
 */
export async function runAuditedSteps(
  deps: { readonly audit: AuditRepo; readonly actor: string },
  cfg: Pick<ConnectionConfig, 'id' | 'name'>,
  plan: Plan,
  signal: AbortSignal,
  progress: (done: number, total: number, message: string) => void,
  run: (step: PlanStep, index: number) => Promise<StepResult>,
  after: (step: PlanStep) => string,
): Promise<{ outcomes: StepOutcome[]; stoppedAt: string | null }> {
  const outcomes: StepOutcome[] = [];
  let stoppedAt: string | null = null;
  const record = (step: PlanStep, status: StepOutcome['status'], message: string, durationMs: number): void => {
    outcomes.push(auditStep(deps, cfg, plan, { stepId: step.id, sql: step.sql, status, durationMs, message }, step.rollback));
  };
  const total = plan.steps.length;
  for (const [i, step] of plan.steps.entries()) {
    if (stoppedAt !== null || signal.aborted) {
      if (stoppedAt === null) stoppedAt = step.id;
      record(step, 'skipped', signal.aborted ? 'cancelled before this step' : `not run: step ${stoppedAt} stopped the plan`, 0);
      continue;
    }
    progress(i, total, `Step ${i + 1}/${total}: ${step.sql.split('\n')[0]}`);
    const t0 = performance.now();
    let result: StepResult;
    try {
      result = await run(step, i);
    } catch (err) {
      const message = err instanceof AppError ? `${err.code}: ${err.message}` : String(err);
      result = { status: 'failed', message: `${message}${after(step)}` };
    }
    record(step, result.status, result.message, performance.now() - t0);
    if (result.status === 'failed') stoppedAt = step.id;
  }
  progress(total, total, stoppedAt ? `Stopped at step ${stoppedAt}` : 'Done');
  return { outcomes, stoppedAt };
}
