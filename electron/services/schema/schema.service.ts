/** Schema browsing handlers. */
import type { schemaContract } from '../../../shared/contract/schema';
import { AppError } from '../../../shared/contract/core';
import { collectTableStats } from '../../connections/collectors/table-stats.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import type { Handlers } from '../../dispatch/dispatcher';
import type { ConnectionsRepo } from '../../store/connections.repo';

/** Handlers for the schema calls. */
export function schemaHandlers(repo: ConnectionsRepo): Handlers<typeof schemaContract> {
  return {
    'schema.tables': async ({ connectionId, schema }) => {
      const cfg = repo.config(connectionId);
      if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', 'Tables exist on MySQL-family connections only');
      const stats = await withMysqlSession(cfg, (s) => collectTableStats(s, [], schema));
      return stats.map(({ statsUpdatedAt: _ignored, ...t }) => t);
    },
  };
}
