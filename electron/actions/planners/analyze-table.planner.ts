/** ANALYZE TABLE planner: collects table stats, plans with the pure engine, measures stats time stamps. */
import { AppError } from '../../../shared/contract/core';
import { collectTableStats } from '../../connections/collectors/table-stats.collector';
import { measureAnalyze, planAnalyzeTables } from '../../engines/maintenance/analyze-table.plan';
import type { ParamsOf, Planner } from '../planner';

/** The analyze-table planner. */
export const analyzeTablePlanner: Planner<ParamsOf<'analyze-table'>> = {
  async derive(params, reader) {
    const stats = await collectTableStats(reader, params.tables);
    const { plan, touches, missing } = planAnalyzeTables(params.tables, stats, params.op ?? 'analyze');
    if (missing.length) throw new AppError('NOT_FOUND', `No such table: ${missing.join(', ')}`);
    return { plan, touches };
  },
  async measure(params, reader) {
    return measureAnalyze(await collectTableStats(reader, params.tables), new Date().toISOString());
  },
};
