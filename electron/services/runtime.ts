/**
 * The application runtime both hosts mount: opens the workspace, builds the repositories, the
 * executor and every handler, and exposes one dispatcher plus a progress fan-out.
 */
import { EventEmitter } from 'node:events';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { contract, type AppContract } from '../../shared/contract';
import type { ProgressEvent } from '../../shared/contract/core';
import { Executor } from '../actions/executor';
import { defaultPlanners } from '../actions/planners';
import { Dispatcher, type Handlers } from '../dispatch/dispatcher';
import { AuditRepo } from '../store/audit.repo';
import { ConnectionsRepo } from '../store/connections.repo';
import type { SecretKeyStatus } from '../../shared/contract/connections';
import type { SecretBox } from '../store/secret-box';
import { redactStoredStatements } from '../store/stored-statements';
import { openWorkspace } from '../store/workspace.store';
import { actionsHandlers } from './actions/actions.service';
import { advisorHandlers } from './advisor/advisor.service';
import { connectionsHandlers } from './connections/connections.service';
import { schemaHandlers } from './schema/schema.service';
import type { ServiceDeps } from './service-deps';
import { slowLogHandlers } from './slow-log/slow-log.service';
import { sqlHandlers } from './sql/sql.service';
import { tunerHandlers } from './tuner/tuner.service';
import { monitorHandlers } from './monitor/monitor.service';
import { redisHandlers } from './redis/redis.service';
import { partitionsHandlers } from './partitions/partitions.service';
import { replicationHandlers } from './replication/replication.service';
import { backupHandlers } from './backup/backup.service';
import { BackupCatalogRepo } from '../store/backup-catalog.repo';
import { Scheduler, type SchedulerClock } from './scheduler/scheduler';
import { indexUsageHistory } from './scheduler/kinds/index-usage.job';
import { SchedulerRepo } from '../store/scheduler.repo';
import { schedulerHandlers } from './scheduler/scheduler.service';
import { benchHandlers } from './bench/bench.service';
import { purgeHandlers } from './purge/purge.service';
import { healthHandlers } from './health/health.service';
import { shardsHandlers } from './shards/shards.service';
import { sysbenchHandlers } from './sysbench/sysbench.service';

/** Options for a runtime. */
export interface RuntimeOptions {
  workspaceDir: string;
  host: 'electron' | 'node';
  secrets: SecretBox;
  version: string;
  /** The scheduler's clock (tests inject one; the wall clock otherwise). */
  clock?: SchedulerClock;
  /** Whether this process runs scheduled jobs on their slots (default true; a one-shot CLI command does not). */
  runSchedule?: boolean;
}

/** A running app core. */
export interface Runtime {
  dispatcher: Dispatcher<AppContract>;
  /** Emits 'progress' with ProgressEvent. */
  events: EventEmitter;
  /** Whether saved secrets open with this start's key (the host warns when they do not). */
  keyStatus: SecretKeyStatus;
  /** Runs scheduled jobs in this process; started with the runtime, stopped by close(). */
  scheduler: Scheduler;
  close(): void;
}

/** Builds the runtime. */
export function createRuntime(opts: RuntimeOptions): Runtime {
  const db = openWorkspace(join(opts.workspaceDir, 'workspace.sqlite'));
  const connections = new ConnectionsRepo(db, opts.secrets);
  // Workspaces written by older builds: seal clear TLS material, redact stored passwords, check the key.
  connections.sealClearSecrets();
  redactStoredStatements(db);
  const keyStatus = connections.keyStatus();
  const audit = new AuditRepo(db);
  const usageHistory = indexUsageHistory(new SchedulerRepo(db));
  const executor = new Executor({ connections, audit, planners: defaultPlanners, actor: safeUser(), lockWaitSeconds: 10, usageHistory });
  const deps: ServiceDeps = { db, connections, audit, executor, workspaceDir: opts.workspaceDir };
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const scheduler = new Scheduler(deps, opts.clock);
  // The dispatcher is referenced by system.cancel, so it is created first and handlers bound after.
  const handlers = {} as Handlers<AppContract>;
  const dispatcher = new Dispatcher(contract, handlers, (e: ProgressEvent) => events.emit('progress', e));
  Object.assign(handlers, {
    'system.info': async () => ({
      version: opts.version,
      host: opts.host,
      workspaceDir: opts.workspaceDir,
      secretStorage: opts.secrets.description,
      connectionCount: connections.count(),
    }),
    'system.cancel': async ({ requestId }: { requestId: string }) => ({ cancelled: dispatcher.cancel(requestId) }),
    ...connectionsHandlers(connections),
    ...schemaHandlers(connections),
    ...actionsHandlers(executor, audit),
    ...advisorHandlers(deps),
    ...slowLogHandlers({ workspaceDir: opts.workspaceDir, connections }),
    ...sqlHandlers(deps),
    ...tunerHandlers(deps),
    ...monitorHandlers(deps),
    ...redisHandlers(deps),
    ...partitionsHandlers(deps),
    ...replicationHandlers(deps),
    ...backupHandlers({ ...deps, catalog: new BackupCatalogRepo(db) }),
    ...schedulerHandlers(scheduler),
    ...benchHandlers(deps),
    ...purgeHandlers(),
    ...healthHandlers(deps),
    ...shardsHandlers(deps),
    ...sysbenchHandlers(deps),
  } satisfies Handlers<AppContract>);
  if (opts.runSchedule !== false) scheduler.start();
  const close = (): void => {
    // A run in progress is cancelled and its report written before the workspace closes.
    const stopping = scheduler.stop();
    if (scheduler.busy) void stopping.finally(() => db.close());
    else db.close();
  };
  return { dispatcher, events, keyStatus, scheduler, close };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
