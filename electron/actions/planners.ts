/**
 * The planners the executor knows, by name. A planner collects what it needs through a read
 * session, derives its plan with a pure engine function, and measures what it acts on.
 * Each feature keeps its planner in planners/<name>.planner.ts and registers it below.
 */
import type { Measurement, PlanRequest } from '../../shared/contract/actions';
import type { Flavor } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import type { Plan } from '../../shared/contract/plan';
import type { SqlReader } from '../connections/sql-reader';
import type { StepTouch } from '../engines/maintenance/analyze-table.plan';
import type { UsageSnapshotRun } from '../engines/maintenance/unused-indexes';
import type { AuditRepo } from '../store/audit.repo';
import { analyzeTablePlanner } from './planners/analyze-table.planner';
import { explainAnalyzePlanner } from './planners/explain-analyze.planner';
import { sqlStatementPlanner } from './planners/sql-statement.planner';
import { indexAdvisorPlanner } from './planners/index-advisor.planner';
import { tunerPlanner } from './planners/tuner.planner';
import { readOnlyAccountPlanner } from './planners/read-only-account.planner';
import { killSessionPlanner } from './planners/kill-session.planner';
import { partitionRotatePlanner } from './planners/partition-rotate.planner';
import { partitionConvertPlanner } from './planners/partition-convert.planner';
import { partitionScratchPlanner } from './planners/partition-scratch.planner';
import { backupScratchPlanner } from './planners/backup-scratch.planner';
import { purgePlanner } from './planners/purge.planner';
import { shardMigratePlanner } from './planners/shard-migrate.planner';
import { unusedIndexPlanner } from './planners/unused-index.planner';
import { checkTablePlanner } from './planners/check-table.planner';
import { sysbenchScratchPlanner } from './planners/sysbench-scratch.planner';
import { backupRestorePlanner } from './planners/backup-restore.planner';
import { backupPhysicalRestorePlanner } from './planners/backup-physical-restore.planner';

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

/** The app's planners. */
export const defaultPlanners: PlannerRegistry = {
  'analyze-table': analyzeTablePlanner,
  'sql-statement': sqlStatementPlanner,
  'index-advisor': indexAdvisorPlanner,
  tuner: tunerPlanner,
  'explain-analyze': explainAnalyzePlanner,
  'read-only-account': readOnlyAccountPlanner,
  'kill-session': killSessionPlanner,
  'partition-rotate': partitionRotatePlanner,
  'partition-convert': partitionConvertPlanner,
  'partition-scratch': partitionScratchPlanner,
  'backup-scratch': backupScratchPlanner,
  purge: purgePlanner,
  'shard-migrate': shardMigratePlanner,
  'unused-index': unusedIndexPlanner,
  'check-table': checkTablePlanner,
  'sysbench-scratch': sysbenchScratchPlanner,
  'backup-restore': backupRestorePlanner,
  'backup-physical-restore': backupPhysicalRestorePlanner,
};

/** Looks up the planner for a request. */
export function plannerFor(registry: PlannerRegistry, request: PlanRequest): Planner<PlanRequest['params']> {
  const planner = registry[request.planner] as Planner<PlanRequest['params']> | undefined;
  if (!planner) throw new AppError('UNSUPPORTED', `No planner named ${request.planner} in this build`);
  return planner;
}
