/** Table health handlers: read through a read-only session, assessed by the pure engine; the fixes are analyze-table plans (ANALYZE or OPTIMIZE). */
import { AppError } from '../../../shared/contract/core';
import type { healthContract } from '../../../shared/contract/health';
import { collectTableHealth } from '../../connections/collectors/table-health.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import type { Handlers } from '../../dispatch/dispatcher';
import { assessTableHealth } from '../../engines/maintenance/table-health';
import type { ServiceDeps } from '../service-deps';

/** Handlers for the health calls. */
export function healthHandlers(deps: Pick<ServiceDeps, 'connections'>): Handlers<typeof healthContract> {
  return {
    'health.tables': async ({ connectionId, schema, countUpTo }) => {
      const cfg = deps.connections.config(connectionId);
      if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; table health reads MySQL or MariaDB`);
      const now = new Date();
      return withMysqlSession(cfg, async (s) => (await collectTableHealth(s, schema, countUpTo)).map((t) => assessTableHealth(t, now)));
    },
  };
}
