/** Index advisor handlers: advise (collect → engine) and verify (EXPLAIN and time, before/after). */
import type { advisorContract } from '../../../shared/contract/advisor.calls';
import type { Handlers } from '../../dispatch/dispatcher';
import type { ServiceDeps } from '../service-deps';
import { runAdvise } from './advisor-advise';
import { runVerify } from './advisor-verify';

/** Handlers for the advisor calls. */
export function advisorHandlers(deps: Pick<ServiceDeps, 'connections'>): Handlers<typeof advisorContract> {
  return {
    'advisor.advise': (input, ctx) => runAdvise(input, deps.connections, ctx),
    'advisor.verify': (input, ctx) => runVerify(input, deps.connections, ctx),
  };
}
