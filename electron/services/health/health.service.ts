/**
 * Table health: read through a read-only session and assessed by the pure engines; the fixes are
 * plans (ANALYZE / OPTIMIZE, hide or drop an unused index, CHECK TABLE). The app's handlers and
 * `dbw health` call the same functions below.
 */
import type { CheckTableResult, TableHealth, UnusedIndexReport } from '../../../shared/contract/health';
import { AppError } from '../../../shared/contract/core';
import type { healthContract } from '../../../shared/contract/health';
import { checkTableResults } from '../../../shared/contract/health';
import type { Executor, StepProgress } from '../../actions/executor';
import type { ParamsOf, PlannerContext } from '../../actions/planner';
import { checkTablePlanner } from '../../actions/planners/check-table.planner';
import { reviewDatabase } from '../../actions/planners/unused-index.planner';
import { collectTableHealth } from '../../connections/collectors/table-health.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import type { Handlers } from '../../dispatch/dispatcher';
import { assessTableHealth } from '../../engines/maintenance/table-health';
import type { ConnectionConfig } from '../../store/connections.repo';
import { SchedulerRepo } from '../../store/scheduler.repo';
import { indexUsageHistory } from '../scheduler/kinds/index-usage.job';
import type { ServiceDeps } from '../service-deps';

/** A database's tables with their fragmentation, statistics age and estimate error. */
export async function tableHealth(cfg: ConnectionConfig, schema: string, countUpTo: number, now: Date): Promise<TableHealth[]> {
  return withMysqlSession(cfg, async (s) => (await collectTableHealth(s, schema, countUpTo)).map((t) => assessTableHealth(t, now)));
}

/** A database's secondary indexes with their usage evidence and hide / drop stage (the audit in `ctx` says when each was hidden). */
export async function unusedIndexReview(cfg: ConnectionConfig, schema: string, waitDays: number, ctx: PlannerContext): Promise<UnusedIndexReport> {
  return withMysqlSession(cfg, async (s) => (await reviewDatabase(s, s.flavor, schema, waitDays, ctx)).report);
}

/**
 * CHECK TABLE derived and run in one go through the executor (the command line: no preview to
 * match), one audited step per table; `signal` stops it between tables.
 */
export async function runCheckTables(
  executor: Executor,
  cfg: ConnectionConfig,
  params: ParamsOf<'check-table'>,
  signal: AbortSignal,
  progress: StepProgress,
): Promise<{ results: CheckTableResult[]; stoppedAt: string | null }> {
  const { plan } = await withMysqlSession(cfg, (s) => checkTablePlanner.derive(params, s, s.flavor));
  const { outcomes, stoppedAt } = await executor.applyDerived(cfg, plan, signal, progress);
  return { results: checkTableResults(outcomes), stoppedAt };
}

function mysqlConfig(deps: Pick<ServiceDeps, 'connections'>, connectionId: string): ConnectionConfig {
  const cfg = deps.connections.config(connectionId);
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; table health reads MySQL or MariaDB`);
  return cfg;
}

/** Handlers for the health calls; `now` is the clock the waiting periods are read against (tests inject one). */
export function healthHandlers(deps: Pick<ServiceDeps, 'connections' | 'audit' | 'db'>, now: () => Date = () => new Date()): Handlers<typeof healthContract> {
  const history = indexUsageHistory(new SchedulerRepo(deps.db));
  return {
    'health.tables': async ({ connectionId, schema, countUpTo }) => tableHealth(mysqlConfig(deps, connectionId), schema, countUpTo, now()),
    'health.unusedIndexes': async ({ connectionId, schema, waitDays }) =>
      unusedIndexReview(mysqlConfig(deps, connectionId), schema, waitDays, {
        connectionId,
        now: now(),
        audit: deps.audit,
        usageHistory: (s) => history(connectionId, s, now()),
      }),
  };
}
