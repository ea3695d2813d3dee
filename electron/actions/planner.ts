/**
 * What a planner is: it collects what it needs through a read session, derives its plan with a
 * pure engine function, and measures what it acts on. The registry of the app's planners is
 * planners.ts; the executor needs only this, so a command that brings its own planner does not
 * load every planner (and their SQL parser).
 */
import type { Measurement, PlanRequest } from '../../shared/contract/actions';
import type { Flavor } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import type { Plan } from '../../shared/contract/plan';
import type { SqlReader } from '../connections/sql-reader';
import type { StepTouch } from '../engines/maintenance/analyze-table.plan';
import type { UsageSnapshotRun } from '../engines/maintenance/unused-indexes';
import type { AuditRepo } from '../store/audit.repo';

/** A derived plan with what each step would touch. */
export interface Derived {
  plan: Plan;
  touches: StepTouch[];
}

/**
 * What a planner may consult besides the server: the audit log of the connection (what was applied
 * before, and when — a waiting period counts from it) and the executor's clock (injected in tests).
 */
export interface PlannerContext {
  connectionId: string;
  now: Date;
  audit: Pick<AuditRepo, 'list'>;
  /** The scheduler's index-usage snapshots of a database on this connection (none when absent). */
  usageHistory?: (schema: string) => UsageSnapshotRun[];
}

/** One planner. */
export interface Planner<P> {
  derive(params: P, reader: SqlReader, flavor: Flavor, ctx?: PlannerContext): Promise<Derived>;
  measure(params: P, reader: SqlReader, flavor: Flavor, ctx?: PlannerContext): Promise<Measurement>;
}

/** The params type of a named planner's request. */
export type ParamsOf<N extends PlanRequest['planner']> = Extract<PlanRequest, { planner: N }>['params'];

/** The planners, keyed by the request's `planner`; each feature registers its own here. */
export type PlannerRegistry = { [N in PlanRequest['planner']]?: Planner<ParamsOf<N>> };

/** Looks up the planner for a request. */
export function plannerFor(registry: PlannerRegistry, request: PlanRequest): Planner<PlanRequest['params']> {
  const planner = registry[request.planner] as Planner<PlanRequest['params']> | undefined;
  if (!planner) throw new AppError('UNSUPPORTED', `No planner named ${request.planner} in this build`);
  return planner;
}
