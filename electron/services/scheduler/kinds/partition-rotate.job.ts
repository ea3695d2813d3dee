/** Partition rotation on a schedule: premake future partitions and retire expired ones, through the executor. */
import { rotateParams } from '../../../../shared/contract/partitions';
import { jobKind, planReport } from '../job-kind';

/** Runs the partition-rotate plan for today's date on the server (no `asOf`: each run rotates for its own day). */
export const partitionRotateJob = jobKind({
  id: 'partition-rotate',
  title: 'Partition rotation',
  description: 'Keeps empty future partitions ahead and drops (or archives) partitions past retention',
  spec: rotateParams.omit({ asOf: true }),
  example: { schema: 'mydb', table: 'events', retention: '12m', premake: 3, archive: 'drop' },
  async run(ctx, spec) {
    const applied = await ctx.applyPlan({ planner: 'partition-rotate', params: spec });
    if (applied.plan.steps === 0)
      return { status: 'ok', summary: 'Partitions already rotated: nothing to do', output: [], details: { planHash: applied.plan.hash } };
    return planReport(applied);
  },
});
