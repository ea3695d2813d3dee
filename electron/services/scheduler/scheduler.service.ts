/** Handlers of the scheduler calls, over the runtime's one Scheduler. */
import type { schedulerContract } from '../../../shared/contract/scheduler';
import type { Handlers } from '../../dispatch/dispatcher';
import type { Scheduler } from './scheduler';

/** Handlers for the scheduler calls. */
export function schedulerHandlers(scheduler: Scheduler): Handlers<typeof schedulerContract> {
  return {
    'scheduler.kinds': async () => scheduler.kindList(),
    'scheduler.list': async () => scheduler.list(),
    'scheduler.add': async (input) => scheduler.add(input),
    'scheduler.update': async ({ id, ...change }) => scheduler.update(id, change),
    'scheduler.remove': async ({ id }) => ({ removed: scheduler.remove(id) }),
    'scheduler.approve': async ({ id, confirmation }) => scheduler.approve(id, confirmation),
    'scheduler.runNow': async ({ id }) => scheduler.runNow(id),
    'scheduler.runs': async ({ jobId, limit }) => scheduler.repo.runs(jobId, limit),
    'scheduler.failures': async ({ afterId }) => scheduler.repo.failuresAfter(afterId),
    'scheduler.status': async () => scheduler.status(),
    'scheduler.runDue': async () => scheduler.runDue(),
  };
}
