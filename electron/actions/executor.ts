/**
 * The one plan executor: preview (derive + measure, reads only), apply (re-derive, refuse a
 * changed plan, run step by step with a lock-wait limit, stop at the first error, audit every
 * step), verify (measure again). Only this module opens a connection's write path.
 */
import type { z } from 'zod';
import type { actionsContract, Measurement, PlanRequest } from '../../shared/contract/actions';
import { AppError } from '../../shared/contract/core';
import type { Plan } from '../../shared/contract/plan';
import { withMysqlSession } from '../connections/mysql-session';
import { openMysqlWriter, type MysqlWriter } from '../connections/mysql-writer';
import type { UsageSnapshotRun } from '../engines/maintenance/unused-indexes';
import type { AuditRepo } from '../store/audit.repo';
import type { ConnectionConfig, ConnectionsRepo } from '../store/connections.repo';
import { requireConfirmation, requireSamePlan } from './apply-gates';
import { plannerFor, type PlannerContext, type PlannerRegistry } from './planner';
import type { RedisExecutor } from './redis-executor';
import { isRedisRequest } from './redis-request';
import { PurgeExecutor } from './purge-executor';
import type { PurgeRunResult, PurgeSpec } from '../../shared/contract/purge';
import { collectPurgeSnapshot } from '../connections/collectors/purge.collector';
import { planPurge } from '../engines/purge/purge-plan';
import type { ShardMigrateParams } from '../../shared/contract/shards';
import { openReplicaLagReader, waitForGate } from './throttle-gate';
import { RestoreExecutor } from './restore-executor';
import { PhysicalRestoreExecutor } from './physical-restore-executor';
import { auditStep } from './step-audit';

type PreviewOut = z.input<(typeof actionsContract)['actions.preview']['output']>;
type ApplyOut = z.input<(typeof actionsContract)['actions.apply']['output']>;
type Outcome = ApplyOut['outcomes'][number];

/** What the executor needs. */
export interface ExecutorDeps {
  connections: ConnectionsRepo;
  audit: AuditRepo;
  planners: PlannerRegistry;
  /** Who is acting (OS user name), for the audit log. */
  actor: string;
  /** Seconds a step may wait for a metadata or row lock before it fails. */
  lockWaitSeconds: number;
  /** The clock planners read (a waiting period); tests inject one instead of sleeping. */
  now?: () => Date;
  /** Opens the write path; injectable so tests can make a server "go away" mid-plan. */
  openWriter?: (cfg: ConnectionConfig, lockWaitSeconds: number) => Promise<MysqlWriter>;
  /** The scheduler's index-usage snapshots, for the unused-index review (PlannerContext.usageHistory). */
  usageHistory?: (connectionId: string, schema: string, now: Date) => UsageSnapshotRun[];
}

/** Progress callback for apply. */
export type StepProgress = (done: number, total: number, message: string) => void;

/** A gate read before a step: null lets it run, a message refuses it and stops the plan. */
type BeforeStep = (step: Plan['steps'][number], signal: AbortSignal, wait: (message: string) => void) => Promise<string | null>;

/** Runs plans. */
export class Executor {
  /**
   * Redis plans (redis-keys) run through the same preview → apply → verify, on Redis connections.
   * Loaded with the Redis client at the first Redis plan: a command that never runs one (a backup,
   * a purge) does not compile the client at its start.
   */
  private redisSide: Promise<RedisExecutor> | null = null;

  /** Purges run as a loop of committed chunks rather than a fixed list of steps (purge-executor.ts). */
  private readonly purge: PurgeExecutor;

  /** Restores load a dump with the tool's own client between audited steps (restore-executor.ts). */
  private readonly restore: RestoreExecutor;

  /** Physical restores copy a datadir and start a server on it rather than run statements (physical-restore-executor.ts). */
  private readonly physicalRestore: PhysicalRestoreExecutor;

  constructor(private readonly deps: ExecutorDeps) {
    this.purge = new PurgeExecutor(deps);
    this.restore = new RestoreExecutor(deps);
    this.physicalRestore = new PhysicalRestoreExecutor(deps);
  }

  private redis(): Promise<RedisExecutor> {
    return (this.redisSide ??= import('./redis-executor').then((m) => new m.RedisExecutor(this.deps)));
  }

  /** What planners may consult besides the server: this connection's audit log and the clock. */
  private context(connectionId: string): PlannerContext {
    const now = this.deps.now?.() ?? new Date();
    const history = this.deps.usageHistory;
    return { connectionId, now, audit: this.deps.audit, usageHistory: history ? (schema) => history(connectionId, schema, now) : undefined };
  }

  private sqlConfig(connectionId: string): ConnectionConfig {
    const cfg = this.deps.connections.config(connectionId);
    if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; this plan needs MySQL or MariaDB`);
    return cfg;
  }

  /** Dry run: derives the plan and measures; opens only a read session, so it cannot write. */
  async preview(connectionId: string, request: PlanRequest): Promise<PreviewOut> {
    if (isRedisRequest(request)) return (await this.redis()).preview(this.deps.connections.config(connectionId), request);
    const cfg = this.sqlConfig(connectionId);
    const planner = plannerFor(this.deps.planners, request);
    const ctx = this.context(connectionId);
    return withMysqlSession(cfg, async (s) => {
      const { plan, touches } = await planner.derive(request.params, s, s.flavor, ctx);
      const before = await planner.measure(request.params, s, s.flavor, ctx);
      return { plan, steps: touches, before, writesNothing: true as const };
    });
  }

  /** Measures what the plan acts on. */
  async verify(connectionId: string, request: PlanRequest): Promise<Measurement> {
    if (isRedisRequest(request)) return (await this.redis()).verify(this.deps.connections.config(connectionId), request);
    const cfg = this.sqlConfig(connectionId);
    return withMysqlSession(cfg, (s) => plannerFor(this.deps.planners, request).measure(request.params, s, s.flavor, this.context(connectionId)));
  }

  /** Applies the plan whose hash the user previewed. */
  async apply(
    connectionId: string,
    request: PlanRequest,
    planHash: string,
    confirmation: string | undefined,
    signal: AbortSignal,
    progress: StepProgress,
  ): Promise<ApplyOut> {
    if (isRedisRequest(request))
      return (await this.redis()).apply(this.deps.connections.config(connectionId), request, planHash, confirmation, signal, progress);
    const cfg = this.sqlConfig(connectionId);
    if (request.planner === 'purge') return this.applyPurge(cfg, request.params, planHash, confirmation, signal, progress);
    if (request.planner === 'backup-restore') return this.restore.apply(cfg, request.params, planHash, confirmation, signal, progress);
    if (request.planner === 'backup-physical-restore') return this.physicalRestore.apply(cfg, request.params, planHash, confirmation, signal, progress);
    requireConfirmation(cfg, confirmation, 'the change');
    const planner = plannerFor(this.deps.planners, request);
    const ctx = this.context(connectionId);
    const { plan, before } = await withMysqlSession(cfg, async (s) => ({
      plan: (await planner.derive(request.params, s, s.flavor, ctx)).plan,
      before: await planner.measure(request.params, s, s.flavor, ctx),
    }));
    requireSamePlan(plan.hash, planHash, 'The plan changed since it was previewed (the server or the request is different). Preview it again.');
    const gate = request.planner === 'shard-migrate' ? await this.migrationGate(request.params) : null;
    let ran: { outcomes: Outcome[]; stoppedAt: string | null };
    try {
      ran = await this.runSteps(cfg, plan, signal, progress, gate?.beforeStep);
    } finally {
      await gate?.close();
    }
    const { outcomes, stoppedAt } = ran;
    let after: Measurement | null = null;
    try {
      after = await withMysqlSession(cfg, (s) => planner.measure(request.params, s, s.flavor, ctx));
    } catch {
      after = null; // the server may be gone; the outcomes still say what ran
    }
    return { plan, outcomes, stoppedAt, before, after };
  }

  /**
   * Runs a purge job: re-derives its plan (exact count, key, checkpoint), refuses it when its hash
   * differs from the one previewed (`planHash` null: a scheduled or CLI run that derives and runs in
   * one go), asks a production connection's name, then runs the chunk loop with the lag gate on
   * `replicas`. The one entry point for the Purge tab, `dbw purge` and scheduled purges.
   */
  async runPurge(
    cfg: ConnectionConfig,
    spec: PurgeSpec,
    opts: {
      planHash: string | null;
      confirmation?: string;
      replicas: ConnectionConfig[];
      signal: AbortSignal;
      progress: (rowsDone: number, total: number | null, message: string) => void;
    },
  ): Promise<PurgeRunResult> {
    if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; purges run on MySQL or MariaDB`);
    requireConfirmation(cfg, opts.confirmation, 'the purge');
    const { plan, snap } = await withMysqlSession(cfg, async (s) => {
      const snap = await collectPurgeSnapshot(s, spec);
      return { plan: planPurge(spec, snap).plan, snap };
    });
    if (opts.planHash !== null)
      requireSamePlan(plan.hash, opts.planHash, 'The purge changed since its dry run (table, key, condition, chunk or archive). Run the dry run again.');
    return this.purge.run({
      cfg,
      spec,
      plan,
      key: snap.key,
      resume: snap.checkpoint,
      archiveFile: snap.archiveFile,
      expectedRows: snap.matching,
      replicas: opts.replicas,
      signal: opts.signal,
      progress: opts.progress,
    });
  }

  private async applyPurge(
    cfg: ConnectionConfig,
    spec: PurgeSpec,
    planHash: string,
    confirmation: string | undefined,
    signal: AbortSignal,
    progress: StepProgress,
  ): Promise<ApplyOut> {
    const planner = plannerFor(this.deps.planners, { planner: 'purge', params: spec });
    const before = await withMysqlSession(cfg, (s) => planner.measure(spec, s, s.flavor));
    const replicas = spec.replicas.map((id) => this.sqlConfig(id));
    const r = await this.runPurge(cfg, spec, {
      planHash,
      confirmation,
      replicas,
      signal,
      progress: (done, total, message) => progress(done, total ?? done, message),
    });
    const plan = await withMysqlSession(cfg, async (s) => (await planner.derive(spec, s, s.flavor)).plan).catch(() => null);
    const after = await withMysqlSession(cfg, (s) => planner.measure(spec, s, s.flavor)).catch(() => null);
    const ok = r.end === 'done' || r.end === 'stopped';
    return {
      plan: plan ?? { planner: 'purge', title: `Purge ${spec.schema}.${spec.table}`, steps: [], notes: [], hash: planHash },
      outcomes: [{ stepId: 'chunks', sql: r.message, status: ok ? 'ok' : 'failed', durationMs: r.elapsedMs, message: r.message, auditId: r.auditId }],
      stoppedAt: ok ? null : 'chunks',
      before,
      after,
      purge: r,
    };
  }

  /**
   * Runs a plan that the caller derived moments ago in the same process (the CLI's `--apply`,
   * after showing the plan and getting a "yes"): the same step loop, lock-wait limit and audit as
   * `apply`, for a connection given by URL rather than saved in the workspace.
   */
  async applyDerived(
    cfg: ConnectionConfig,
    plan: Plan,
    signal: AbortSignal,
    progress: StepProgress,
  ): Promise<{ outcomes: Outcome[]; stoppedAt: string | null }> {
    if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', 'Plans run on MySQL-family connections');
    return this.runSteps(cfg, plan, signal, progress);
  }

  /**
   * The shard migration's replica-lag gate: before each range (its `clear:` step) it holds while a
   * replica lags past the limit, and stops the plan when the hold outlasts `maxWaitMs` (the
   * checkpoints let a later run resume). Null without replicas.
   */
  private async migrationGate(params: ShardMigrateParams): Promise<{ beforeStep: BeforeStep; close: () => Promise<void> } | null> {
    if (params.replicas.length === 0) return null;
    const reader = await openReplicaLagReader(params.replicas.map((id) => this.sqlConfig(id)));
    const limits = { maxLagSeconds: params.maxLagSeconds, pauseThreadsRunning: Infinity, abortThreadsRunning: Infinity };
    const beforeStep: BeforeStep = async (step, signal, wait) => {
      if (!step.id.startsWith('clear:')) return null;
      const gate = await waitForGate({
        read: async () => ({ threadsRunning: null, replicaLags: await reader.read() }),
        limits,
        maxWaitMs: params.maxWaitMs,
        signal,
        onWait: (reason) => wait(`Waiting before ${step.id.slice(6)}: ${reason}`),
      });
      return gate.end === 'go' ? null : gate.message;
    };
    return { beforeStep, close: () => reader.close() };
  }

  /**
   * The step loop: one writer, steps in order, stop at the first error, every step audited
   * (skipped ones too). A step cut off by a lost connection is recorded as `unknown`, not failed.
   * `beforeStep` (a throttle gate) may hold a step, or refuse it, which stops the plan there.
   */
  private async runSteps(
    cfg: ConnectionConfig,
    plan: Plan,
    signal: AbortSignal,
    progress: StepProgress,
    beforeStep?: BeforeStep,
  ): Promise<{ outcomes: Outcome[]; stoppedAt: string | null }> {
    const open = this.deps.openWriter ?? openMysqlWriter;
    const writer = await open(cfg, this.deps.lockWaitSeconds);
    const outcomes: Outcome[] = [];
    let stoppedAt: string | null = null;
    const record = (o: Omit<Outcome, 'auditId'>, rollback: string | null): Outcome => auditStep(this.deps, cfg, plan, o, rollback);
    try {
      for (const [i, step] of plan.steps.entries()) {
        if (stoppedAt !== null || signal.aborted) {
          const why = signal.aborted && stoppedAt === null ? 'cancelled before this step' : `not run: step ${stoppedAt} stopped the plan`;
          if (signal.aborted && stoppedAt === null) stoppedAt = step.id;
          outcomes.push(record({ stepId: step.id, sql: step.sql, status: 'skipped', durationMs: 0, message: why }, step.rollback));
          continue;
        }
        let refused: string | null = null;
        try {
          refused = beforeStep ? await beforeStep(step, signal, (message) => progress(i, plan.steps.length, message)) : null;
        } catch (err) {
          // A gate that cannot be read must not let the plan run unwatched: stop here, recorded.
          refused = `The throttle gate could not be read: ${err instanceof AppError ? `${err.code}: ${err.message}` : String(err)}`;
        }
        if (refused !== null || signal.aborted) {
          stoppedAt = step.id;
          const why = refused ?? 'cancelled before this step';
          outcomes.push(record({ stepId: step.id, sql: step.sql, status: 'skipped', durationMs: 0, message: why }, step.rollback));
          continue;
        }
        progress(i, plan.steps.length, `Step ${i + 1}/${plan.steps.length}: ${step.sql}`);
        const t0 = performance.now();
        try {
          // Point of no return: from here on this step changes the server.
          const message = await writer.execute(step.sql);
          outcomes.push(record({ stepId: step.id, sql: step.sql, status: 'ok', durationMs: performance.now() - t0, message }, step.rollback));
        } catch (err) {
          const durationMs = performance.now() - t0;
          const unsent = (err instanceof AppError && (err.details as { sent?: boolean } | undefined)?.sent === false) || false;
          if (err instanceof AppError && err.code === 'CONNECTION_LOST' && !unsent) {
            // The statement reached the server, which may have applied it (or be applying it)
            // before the link dropped: neither "ok" nor "failed" is true, so say so.
            const message = `Outcome unknown: ${err.message}. The server may or may not have applied this step; check it on the server before re-running or rolling back.`;
            outcomes.push(record({ stepId: step.id, sql: step.sql, status: 'unknown', durationMs, message }, step.rollback));
          } else {
            const message = err instanceof AppError ? `${err.code}: ${err.message}` : String(err);
            outcomes.push(record({ stepId: step.id, sql: step.sql, status: 'failed', durationMs, message }, step.rollback));
          }
          stoppedAt = step.id;
        }
      }
    } finally {
      await writer.close();
    }
    progress(plan.steps.length, plan.steps.length, stoppedAt ? `Stopped at step ${stoppedAt}` : 'Done');
    return { outcomes, stoppedAt };
  }
}
