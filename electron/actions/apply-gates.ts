/**
 * The two gates every executor passes before it writes: a connection marked production applies
 * only after its name is typed, and a plan applies only as it was previewed (derived again now, its
 * hash must be the preview's). One definition, so every panel, the CLI and the scheduler get the
 * same refusal with the same details.
 */
import { AppError } from '../../shared/contract/core';
import type { ConnectionConfig } from '../store/connections.repo';

/** Refuses a change on a production connection unless `confirmation` is its name; `what` names the change. */
export function requireConfirmation(cfg: Pick<ConnectionConfig, 'name' | 'production'>, confirmation: string | undefined, what: string): void {
  if (cfg.production && confirmation !== cfg.name)
    throw new AppError('CONFIRMATION_REQUIRED', `${cfg.name} is marked production: type its name to confirm ${what}.`, { expected: cfg.name });
}

/** Refuses a plan whose hash now differs from the previewed one; `changed` says what may have changed and what to do. */
export function requireSamePlan(now: string, previewed: string, changed: string): void {
  if (now !== previewed) throw new AppError('PLAN_CHANGED', changed, { previewed, now });
}
