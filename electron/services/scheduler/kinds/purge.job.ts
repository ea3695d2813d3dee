/** A purge on a schedule: the Purge tab's chunked delete (checkpoint, gates, one transaction per chunk) as a plan through the executor. */
import { purgeSpec } from '../../../../shared/contract/purge';
import { jobKind, planReport } from '../job-kind';

/** Deletes the rows a condition matches, in primary-key chunks, resuming from the job's checkpoint. */
export const purgeJob = jobKind({
  id: 'purge',
  title: 'Purge (chunked delete)',
  description:
    'Deletes the rows the condition matches in primary-key chunks, one committed transaction each, with the lag and load gates (through the executor)',
  spec: purgeSpec,
  example: { schema: 'cowrite', table: 'user_sessions', where: 'expires_at < NOW() - INTERVAL 7 DAY', chunk: 1000, sleepMs: 100, resume: true },
  async run(ctx, spec) {
    return planReport(await ctx.applyPlan({ planner: 'purge', params: spec }));
  },
});
