/**
 * Purge handlers and the one job function the Purge tab, `dbw purge` and the scheduler share:
 * the dry run (exact count, the statements of a chunk; read only), and the run through the
 * executor with progress, a stop signal, the gates and the checkpoint.
 */
import { AppError } from '../../../shared/contract/core';
import { purgeSpec, type PurgeDryRun, type PurgeRunResult, type PurgeSpecInput } from '../../../shared/contract/purge';
import type { purgeContract } from '../../../shared/contract/purge';
import type { Executor } from '../../actions/executor';
import { collectPurgeSnapshot } from '../../connections/collectors/purge.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import type { Handlers } from '../../dispatch/dispatcher';
import { planPurge } from '../../engines/purge/purge-plan';
import { cowritePresets } from '../../engines/purge/presets';
import type { ConnectionConfig } from '../../store/connections.repo';
import type { ServiceDeps } from '../service-deps';

/** Where a purge runs: the connection, and the replicas its lag gate reads. */
export interface PurgeTarget {
  cfg: ConnectionConfig;
  /** Resolves a replica named in the spec (a saved connection id; the CLI passes URLs). */
  replica: (ref: string) => ConnectionConfig;
}

/** Progress of a running purge: rows deleted so far by this run, the dry run's count, and a line. */
export type PurgeProgress = (rowsDone: number, total: number | null, message: string) => void;

function mysqlOnly(cfg: ConnectionConfig): ConnectionConfig {
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; purges run on MySQL or MariaDB`);
  return cfg;
}

/** The dry run: what a run from here would delete, counted exactly through a read-only session. */
export async function dryRunPurge(cfg: ConnectionConfig, spec: PurgeSpecInput): Promise<PurgeDryRun> {
  const s = purgeSpec.parse(spec);
  return withMysqlSession(mysqlOnly(cfg), async (session) => planPurge(s, await collectPurgeSnapshot(session, s)).dryRun);
}

/**
 * Runs one purge job to its end (done, stopped by `signal`, a gate, or an error) through the
 * executor. `planHash` is the dry run's: the run refuses a job that changed since; a scheduled
 * job passes null and runs what it derives.
 */
export async function runPurgeJob(
  executor: Executor,
  target: PurgeTarget,
  spec: PurgeSpecInput,
  opts: { planHash: string | null; confirmation?: string; progress: PurgeProgress; signal: AbortSignal },
): Promise<PurgeRunResult> {
  const s = purgeSpec.parse(spec);
  const replicas = s.replicas.map((ref) => mysqlOnly(target.replica(ref)));
  return executor.runPurge(mysqlOnly(target.cfg), s, { ...opts, replicas });
}

/** Handlers for the purge calls. */
export function purgeHandlers(deps: Pick<ServiceDeps, 'connections' | 'executor'>): Handlers<typeof purgeContract> {
  return {
    'purge.presets': async ({ schema, now }) => {
      const at = now ? new Date(now) : new Date();
      if (Number.isNaN(at.getTime())) throw new AppError('BAD_INPUT', `Not a date: ${now}`);
      return cowritePresets(schema, at).map((p) => ({ ...p, schema }));
    },
    'purge.dryRun': async ({ connectionId, spec }) => dryRunPurge(deps.connections.config(connectionId), spec),
    'purge.run': async ({ connectionId, spec, planHash, confirmation }, ctx) => {
      const target = { cfg: deps.connections.config(connectionId), replica: (id: string) => deps.connections.config(id) };
      const result = await runPurgeJob(deps.executor, target, spec, {
        planHash,
        confirmation,
        signal: ctx.signal,
        progress: (done, total, message) => ctx.progress({ phase: 'purge', done, total, unit: 'rows', message }),
      });
      // A stopped run still committed its chunks: the stop reaches the caller with the figures.
      if (ctx.signal.aborted) throw new AppError('CANCELLED', result.message, { result });
      return result;
    },
  };
}
