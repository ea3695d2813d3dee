/**
 * Purge presets, and the dry run and run of `dbw purge`: the same planner and executor loop
 * (Executor.runPurge) the Purge tab and scheduled purges reach through the `purge` plan's
 * preview and apply, for a connection given by URL.
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

/** Handlers for the purge calls (the presets; a job previews and applies as a `purge` plan). */
export function purgeHandlers(): Handlers<typeof purgeContract> {
  return {
    'purge.presets': async ({ schema, now }) => {
      const at = now ? new Date(now) : new Date();
      if (Number.isNaN(at.getTime())) throw new AppError('BAD_INPUT', `Not a date: ${now}`);
      return cowritePresets(schema, at).map((p) => ({ ...p, schema }));
    },
  };
}
