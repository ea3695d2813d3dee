/**
 * The planners the executor knows, by name. A planner collects what it needs through a read
 * session, derives its plan with a pure engine function, and measures what it acts on.
 */
import type { Measurement, PlanRequest } from '../../shared/contract/actions';
import type { Flavor } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import type { Plan } from '../../shared/contract/plan';
import { collectTableStats } from '../connections/collectors/table-stats.collector';
import type { SqlReader } from '../connections/sql-reader';
import { measureAnalyze, planAnalyzeTables, type StepTouch } from '../engines/maintenance/analyze-table.plan';

/** A derived plan with what each step would touch. */
export interface Derived {
  plan: Plan;
  touches: StepTouch[];
}

/** One planner. */
export interface Planner<P> {
  derive(params: P, reader: SqlReader, flavor: Flavor): Promise<Derived>;
  measure(params: P, reader: SqlReader): Promise<Measurement>;
}

type ParamsOf<N extends PlanRequest['planner']> = Extract<PlanRequest, { planner: N }>['params'];

/** Every planner, keyed by the request's `planner`. */
export type PlannerRegistry = { [N in PlanRequest['planner']]: Planner<ParamsOf<N>> };

const analyzeTable: Planner<ParamsOf<'analyze-table'>> = {
  async derive(params, reader) {
    const stats = await collectTableStats(reader, params.tables);
    const { plan, touches, missing } = planAnalyzeTables(params.tables, stats);
    if (missing.length) throw new AppError('NOT_FOUND', `No such table: ${missing.join(', ')}`);
    return { plan, touches };
  },
  async measure(params, reader) {
    return measureAnalyze(await collectTableStats(reader, params.tables), new Date().toISOString());
  },
};

/** The app's planners. */
export const defaultPlanners: PlannerRegistry = { 'analyze-table': analyzeTable };

/** Looks up the planner for a request. */
export function plannerFor(registry: PlannerRegistry, request: PlanRequest): Planner<PlanRequest['params']> {
  return registry[request.planner] as Planner<PlanRequest['params']>;
}
