/** Executor handlers: preview, apply, verify, and the audit log. */
import { AppError } from '../../../shared/contract/core';
import type { actionsContract } from '../../../shared/contract/actions';
import type { Executor } from '../../actions/executor';
import type { Handlers } from '../../dispatch/dispatcher';
import type { AuditRepo } from '../../store/audit.repo';

/** Handlers for the actions calls. */
export function actionsHandlers(executor: Executor, audit: AuditRepo): Handlers<typeof actionsContract> {
  return {
    'actions.preview': async ({ connectionId, request }) => executor.preview(connectionId, request),
    'actions.verify': async ({ connectionId, request }) => executor.verify(connectionId, request),
    'actions.apply': async ({ connectionId, request, planHash, confirmation }, ctx) => {
      const applied = await executor.apply(connectionId, request, planHash, confirmation, ctx.signal, (done, total, message) =>
        ctx.progress({ phase: 'apply', done, total, unit: request.planner === 'purge' ? 'rows' : 'steps', message }),
      );
      // A stopped plan still did what it committed before the stop: the stop reaches the caller with it.
      if (ctx.signal.aborted)
        throw new AppError(
          'CANCELLED',
          applied.purge?.message ?? (applied.stoppedAt ? `Cancelled at step ${applied.stoppedAt}` : 'Cancelled after the last step'),
          { applied },
        );
      return applied;
    },
    'audit.list': async ({ connectionId, limit }) => audit.list(connectionId, limit),
  };
}
