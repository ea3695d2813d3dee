/** Table health handlers: read through a read-only session, assessed by the pure engines; the fixes are plans (ANALYZE / OPTIMIZE, hide or drop an unused index, CHECK TABLE). */
import { AppError } from '../../../shared/contract/core';
import type { healthContract } from '../../../shared/contract/health';
import { collectTableHealth } from '../../connections/collectors/table-health.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import type { Handlers } from '../../dispatch/dispatcher';
import { assessTableHealth } from '../../engines/maintenance/table-health';
import type { ServiceDeps } from '../service-deps';
import type { ConnectionConfig } from '../../store/connections.repo';
import { reviewDatabase } from '../../actions/planners/unused-index.planner';

function mysqlConfig(deps: Pick<ServiceDeps, 'connections'>, connectionId: string): ConnectionConfig {
  const cfg = deps.connections.config(connectionId);
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; table health reads MySQL or MariaDB`);
  return cfg;
}

/** Handlers for the health calls; `now` is the clock the waiting periods are read against (tests inject one). */
export function healthHandlers(deps: Pick<ServiceDeps, 'connections' | 'audit'>, now: () => Date = () => new Date()): Handlers<typeof healthContract> {
  return {
    'health.tables': async ({ connectionId, schema, countUpTo }) => {
      const cfg = mysqlConfig(deps, connectionId);
      const at = now();
      return withMysqlSession(cfg, async (s) => (await collectTableHealth(s, schema, countUpTo)).map((t) => assessTableHealth(t, at)));
    },
    'health.unusedIndexes': async ({ connectionId, schema, waitDays }) => {
      const cfg = mysqlConfig(deps, connectionId);
      const ctx = { connectionId, now: now(), audit: deps.audit };
      return withMysqlSession(cfg, async (s) => (await reviewDatabase(s, s.flavor, schema, waitDays, ctx)).report);
    },
  };
}
