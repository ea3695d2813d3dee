/**
 * The app's planners, by name. Each feature keeps its planner in planners/<name>.planner.ts and
 * registers it below; what a planner is, and the lookup, are in planner.ts.
 */
import type { PlannerRegistry } from './planner';
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
