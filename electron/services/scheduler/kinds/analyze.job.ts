/** ANALYZE TABLE on a schedule: the maintenance panel's statistics refresh, as a plan through the executor. */
import { z } from 'zod';
import { tableRef } from '../../../../shared/contract/actions';
import { jobKind, planReport } from '../job-kind';

/** Refreshes the optimizer's index statistics of the listed tables. */
export const analyzeJob = jobKind({
  id: 'analyze',
  title: 'ANALYZE TABLE',
  description: 'Refreshes index statistics of the listed tables (ANALYZE TABLE through the executor)',
  spec: z.object({ tables: z.array(tableRef).min(1).max(500) }),
  example: { tables: [{ schema: 'cowrite', table: 'documents' }] },
  async run(ctx, spec) {
    return planReport(await ctx.applyPlan({ planner: 'analyze-table', params: { tables: spec.tables } }));
  },
});
