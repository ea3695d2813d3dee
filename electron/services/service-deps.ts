/** What every feature's handlers may use; built once by the runtime. */
import type Database from 'better-sqlite3';
import type { Executor } from '../actions/executor';
import type { AuditRepo } from '../store/audit.repo';
import type { ConnectionsRepo } from '../store/connections.repo';

/** Dependencies of the services. */
export interface ServiceDeps {
  db: Database.Database;
  connections: ConnectionsRepo;
  audit: AuditRepo;
  executor: Executor;
  workspaceDir: string;
}
