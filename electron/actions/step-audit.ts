/**
 * The one way an executor records a plan step: its outcome appended to the audit log (who, which
 * connection, which plan, the statement, status, message, time, and how to undo it), returned with
 * its audit id for the apply's answer. The SQL, Redis, purge and restore executors all write here.
 */
import type { z } from 'zod';
import type { actionsContract } from '../../shared/contract/actions';
import type { Plan } from '../../shared/contract/plan';
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
