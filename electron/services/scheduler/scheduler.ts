/**
 * The scheduler that lives in the host process (Electron main or `dbw serve`): one timer, jobs run
 * one at a time, each run recorded with its report. At start, runs an earlier process left
 * unfinished are marked failed and every job whose slot passed while the app was closed runs once
 * (not once per missed slot). Time comes from an injectable clock so tests never wait for real.
 * Several processes may open one workspace (the app, `dbw serve`, `dbw schedule due` from cron):
 * only the holder of the workspace's scheduler lease runs scheduled jobs, so no job runs twice and
 * no process fails another's run in progress as "interrupted". A holder that dies stops renewing it
 * and another process takes over once it expires.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname, userInfo } from 'node:os';
import type { PlanRequest } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import type { DueRuns, JobRun, JobSchedule, ScheduledJob, SchedulerStatus } from '../../../shared/contract/scheduler';
import { withMysqlSession } from '../../connections/mysql-session';
import { describeSchedule, dueDecision, nextRunAfter } from '../../engines/scheduler/schedule';
import { SchedulerRepo, type JobRow, type RunResult } from '../../store/scheduler.repo';
import type { ServiceDeps } from '../service-deps';
import type { AppliedPlan, JobContext, JobKind } from './job-kind';
import { jobKinds } from './job-kinds';

/** Time as the scheduler sees it. */
export interface SchedulerClock {
  now(): number;
  /** Calls `fn` after `ms`; the returned function cancels it. Must not keep the process alive. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** The wall clock, with timers that do not hold the process open. */
export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

/** The longest the timer sleeps before looking at the jobs again (jobs added by the CLI appear within it). */
export const MAX_SLEEP_MS = 60_000;

/** How long the lease lasts unrenewed: three looks, so a live holder always renews in time. */
export const LEASE_MS = 3 * MAX_SLEEP_MS;

/** Input of a new job. */
export interface NewJob {
  name: string;
  kind: string;
  connectionId: string;
  spec: Record<string, unknown>;
  schedule: JobSchedule;
  enabled: boolean;
  confirmation?: string;
}

/** Runs scheduled jobs. Emits 'failure' with a JobRun when a run fails. */
export class Scheduler extends EventEmitter {
  readonly repo: SchedulerRepo;
  private startedAt = 0;
  private cancelTimer: (() => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly abort = new AbortController();
  private stopped = false;
  private running = 0;
  /** This process's name in the lease. */
  private readonly holder = randomUUID();
  private leased = false;
  /** Whether this process runs the schedule on its timer (start() was called). */
  private ticking = false;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly clock: SchedulerClock = systemClock,
    private readonly kinds: readonly JobKind<unknown>[] = jobKinds,
  ) {
    super();
    this.repo = new SchedulerRepo(deps.db);
  }

  /** Starts the timer; the first look (catch-up of missed runs) happens at once. */
  start(): void {
    this.startedAt = this.clock.now();
    this.ticking = true;
    this.enqueueTick();
  }

  /**
   * Runs every job that is due now, or whose slot passed while no process ran the schedule, once,
   * and returns their runs; for a machine where the app is not left open (`dbw schedule due` from
   * cron). Refused while another process holds the lease: that one runs them.
   */
  async runDue(): Promise<DueRuns> {
    if (this.startedAt === 0) this.startedAt = this.clock.now();
    return this.enqueue(async () => {
      if (!this.takeLease()) return { runs: [], heldBy: this.describeHolder() };
      try {
        return { runs: await this.runDueJobs(), heldBy: null };
      } finally {
        if (!this.ticking) this.releaseLease();
      }
    });
  }

  /** Who runs this workspace's schedule. */
  status(): SchedulerStatus {
    const lease = this.repo.lease();
    const now = this.clock.now();
    if (!lease || lease.expiresAt <= now) return { runner: 'none', pid: null, host: null, until: null };
    return {
      runner: lease.holder === this.holder ? 'this-process' : 'other-process',
      pid: lease.pid,
      host: lease.host,
      until: new Date(lease.expiresAt).toISOString(),
    };
  }

  /** Stops the timer and cancels a run in progress (no new look or run starts); resolves when nothing runs. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.abort.abort();
    // Nothing runs: give the lease up now, while the caller may still close the workspace after.
    if (!this.busy) this.releaseLease();
    await this.idle();
    this.releaseLease();
  }

  /** Whether a run is in progress (its report is still to be written). */
  get busy(): boolean {
    return this.running > 0;
  }

  /** Resolves when every queued look and run has finished. */
  async idle(): Promise<void> {
    let last: Promise<unknown> | null = null;
    while (last !== this.queue) {
      last = this.queue;
      await last.catch(() => undefined);
    }
  }

  /** The kind named `id`, or a NOT_FOUND error listing those that exist. */
  kind(id: string): JobKind<unknown> {
    const k = this.kinds.find((x) => x.id === id);
    if (!k) throw new AppError('NOT_FOUND', `No job kind "${id}" in this build (known: ${this.kinds.map((x) => x.id).join(', ')})`);
    return k;
  }

  /** The kinds, for the form. */
  kindList(): { id: string; title: string; description: string; example: Record<string, unknown> }[] {
    return this.kinds.map((k) => ({ id: k.id, title: k.title, description: k.description, example: k.example }));
  }

  /** Jobs as the UI shows them. */
  list(): ScheduledJob[] {
    return this.repo.jobs().map((j) => this.view(j));
  }

  /** Adds a job after checking its kind, spec, schedule and connection (and the standing approval on production). */
  add(input: NewJob): ScheduledJob {
    const kind = this.kind(input.kind);
    const spec = this.checkSpec(kind, input.spec);
    const next = nextRunAfter(input.schedule, this.clock.now()); // refuses a bad expression or zone
    const cfg = this.deps.connections.config(input.connectionId);
    const job: JobRow = {
      id: randomUUID(),
      name: input.name,
      kind: kind.id,
      connectionId: cfg.id,
      spec,
      schedule: input.schedule,
      enabled: input.enabled,
      nextRunAt: input.enabled ? new Date(next).toISOString() : null,
      approval: null,
      createdAt: this.iso(),
    };
    if (cfg.production) job.approval = this.approval(job, input.confirmation);
    this.repo.save(job);
    this.enqueueTick();
    return this.view(job);
  }

  /** Enables/disables a job or changes its schedule; the next run is computed from now. */
  update(id: string, change: { enabled?: boolean; schedule?: JobSchedule }): ScheduledJob {
    const job = this.mustJob(id);
    const schedule = change.schedule ?? job.schedule;
    const enabled = change.enabled ?? job.enabled;
    const next = nextRunAfter(schedule, this.clock.now());
    const updated = { ...job, schedule, enabled, nextRunAt: enabled ? new Date(next).toISOString() : null };
    this.repo.save(updated);
    this.enqueueTick();
    return this.view(updated);
  }

  /** Records a standing approval for a job on a production connection. */
  approve(id: string, confirmation: string): ScheduledJob {
    const job = this.mustJob(id);
    const updated = { ...job, approval: this.approval(job, confirmation) };
    this.repo.save(updated);
    return this.view(updated);
  }

  /** Deletes a job and its runs. */
  remove(id: string): boolean {
    return this.repo.remove(id);
  }

  /** Runs a job now (queued behind a run in progress); resolves to its run. */
  runNow(id: string): Promise<JobRun> {
    const job = this.mustJob(id);
    return this.enqueue(() => this.execute(job, 'manual', 0));
  }

  private mustJob(id: string): JobRow {
    const job = this.repo.job(id);
    if (!job) throw new AppError('NOT_FOUND', `No scheduled job ${id}`);
    return job;
  }

  private checkSpec(kind: JobKind<unknown>, spec: unknown): Record<string, unknown> {
    const parsed = kind.spec.safeParse(spec);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError('BAD_INPUT', `Spec of a ${kind.id} job: ${first ? `${first.path.join('.') || '(root)'} ${first.message}` : 'invalid'}`);
    }
    return parsed.data as Record<string, unknown>;
  }

  /** The typed name must be the production connection's; the approval is one audit row. */
  private approval(job: JobRow, confirmation: string | undefined): NonNullable<JobRow['approval']> {
    const cfg = this.deps.connections.config(job.connectionId);
    if (!cfg.production) throw new AppError('BAD_INPUT', `${cfg.name} is not marked production; its jobs need no standing approval`);
    if (confirmation !== cfg.name) {
      throw new AppError('CONFIRMATION_REQUIRED', `${cfg.name} is marked production: type its name to approve "${job.name}" running unattended.`, {
        expected: cfg.name,
      });
    }
    const at = this.iso();
    const by = actor();
    const auditId = this.deps.audit.append({
      at,
      actor: by,
      connectionId: cfg.id,
      connectionName: cfg.name,
      planner: 'scheduler',
      planTitle: `Standing approval: scheduled job "${job.name}"`,
      planHash: job.id,
      stepId: 'approval',
      sql: `-- ${job.kind} ${JSON.stringify(job.spec)}, ${describeSchedule(job.schedule)}`,
      status: 'ok',
      message: `${by} typed "${confirmation}" to let this job change ${cfg.name} on its schedule`,
      durationMs: 0,
      rollback: null,
    });
    return { typedName: confirmation, by, at, auditId };
  }

  private view(j: JobRow): ScheduledJob {
    let connectionName = '(deleted connection)';
    let production = false;
    try {
      const cfg = this.deps.connections.config(j.connectionId);
      connectionName = cfg.name;
      production = cfg.production;
    } catch {
      // the connection was removed; the job stays listed so it can be deleted
    }
    const last = this.repo.lastRun(j.id);
    return {
      ...j,
      connectionName,
      production,
      scheduleText: describeSchedule(j.schedule),
      lastRunAt: last?.startedAt ?? null,
      lastStatus: last?.status ?? null,
    };
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn, fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private enqueueTick(): void {
    if (this.stopped || this.startedAt === 0) return;
    this.cancelTimer?.();
    this.cancelTimer = null;
    void this.enqueue(() => this.tick());
  }

  /**
   * Takes or renews the lease; the first time this process gets it, runs an earlier holder left
   * 'running' are failed (that holder is gone: it let the lease expire or gave it up).
   */
  private takeLease(): boolean {
    const now = this.clock.now();
    const ok = this.repo.acquireLease(this.holder, process.pid, hostname(), now, now + LEASE_MS);
    if (ok && !this.leased) this.repo.failInterrupted(this.iso());
    this.leased = ok;
    return ok;
  }

  private releaseLease(): void {
    if (!this.leased) return;
    this.repo.releaseLease(this.holder);
    this.leased = false;
  }

  private describeHolder(): string {
    const lease = this.repo.lease();
    return lease ? `Another process (pid ${lease.pid} on ${lease.host}, until ${new Date(lease.expiresAt).toISOString()})` : 'Another process';
  }

  /** Runs every due job once (in order), renewing the lease while a run lasts. */
  private async runDueJobs(): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    for (const job of this.repo.jobs()) {
      if (this.stopped) break;
      if (!job.enabled || job.nextRunAt === null) continue;
      const now = this.clock.now();
      let decision;
      try {
        decision = dueDecision(job.schedule, Date.parse(job.nextRunAt), now, this.startedAt);
      } catch {
        continue; // a schedule this build cannot read stays listed; update() reports why
      }
      if (!decision.due) continue;
      const renew = this.renewWhileRunning();
      try {
        runs.push(await this.execute(job, decision.trigger, decision.missedSlots));
      } finally {
        renew();
      }
    }
    return runs;
  }

  /** Renews the lease every look's time while a run lasts; the returned function stops it. */
  private renewWhileRunning(): () => void {
    let cancel = (): void => undefined;
    const arm = (): void => {
      cancel = this.clock.setTimer(() => {
        this.takeLease();
        arm();
      }, MAX_SLEEP_MS);
    };
    arm();
    return () => cancel();
  }

  /** Runs every due job once if this process holds the lease, then sleeps until the next slot (at most MAX_SLEEP_MS). */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (!this.takeLease()) {
      // Another process runs the schedule; look again later, and take over if it goes away.
      this.cancelTimer = this.clock.setTimer(() => this.enqueueTick(), MAX_SLEEP_MS);
      return;
    }
    await this.runDueJobs();
    if (this.stopped) return;
    const nexts = this.repo
      .jobs()
      .filter((j) => j.enabled && j.nextRunAt)
      .map((j) => Date.parse(j.nextRunAt!));
    const wait = Math.max(1000, Math.min(MAX_SLEEP_MS, ...nexts.map((t) => t - this.clock.now())));
    this.cancelTimer = this.clock.setTimer(() => this.enqueueTick(), wait);
  }

  /** One run: the next slot is stored first (a crash mid-run does not rerun it), then the kind runs and its report is kept. */
  private async execute(job: JobRow, trigger: JobRun['trigger'], missedSlots: number): Promise<JobRun> {
    if (this.stopped) throw new AppError('CANCELLED', 'The app is closing; the job did not start');
    this.running++;
    try {
      return await this.executeRun(job, trigger, missedSlots);
    } finally {
      this.running--;
    }
  }

  private async executeRun(job: JobRow, trigger: JobRun['trigger'], missedSlots: number): Promise<JobRun> {
    if (trigger !== 'manual') this.repo.setNextRun(job.id, new Date(nextRunAfter(job.schedule, this.clock.now())).toISOString());
    const runId = this.repo.startRun(job, trigger, missedSlots, this.iso());
    let result: RunResult;
    try {
      result = await this.runKind(job);
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', err instanceof Error ? err.message : String(err));
      result = { status: 'failed', summary: `${e.code}: ${e.message}`, output: [] };
    }
    if (missedSlots > 1) result.output.unshift(`${missedSlots} slots passed while the app was closed; this one run covers them.`);
    this.repo.finishRun(runId, this.iso(), result);
    const run = this.repo.run(runId)!;
    if (run.status === 'failed') this.emit('failure', run);
    return run;
  }

  private async runKind(job: JobRow): Promise<RunResult> {
    const kind = this.kind(job.kind);
    const spec = kind.spec.parse(job.spec);
    const cfg = this.deps.connections.config(job.connectionId);
    if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; ${kind.title} needs MySQL or MariaDB`);
    if (cfg.production && job.approval?.typedName !== cfg.name) {
      throw new AppError(
        'CONFIRMATION_REQUIRED',
        `${cfg.name} is marked production and this job has no standing approval for it${job.approval ? ` (approved as "${job.approval.typedName}")` : ''}: approve it in the Schedule tab.`,
      );
    }
    const signal = this.abort.signal;
    const executor = this.deps.executor;
    const ctx: JobContext = {
      connectionId: job.connectionId,
      deps: this.deps,
      confirmation: job.approval?.typedName,
      read: (fn) => withMysqlSession(cfg, fn),
      async applyPlan(request: PlanRequest): Promise<AppliedPlan> {
        const preview = await executor.preview(job.connectionId, request);
        const summary = (p: typeof preview.plan): AppliedPlan['plan'] => ({ planner: p.planner, title: p.title, hash: p.hash, steps: p.steps.length });
        if (preview.plan.steps.length === 0) return { plan: summary(preview.plan), ok: true, lines: [] };
        const applied = await executor.apply(job.connectionId, request, preview.plan.hash, job.approval?.typedName, signal, () => undefined);
        return {
          plan: summary(applied.plan),
          ok: applied.outcomes.every((o) => o.status === 'ok'),
          lines: applied.outcomes.map((o) => `${o.status} ${o.sql} (${Math.round(o.durationMs)} ms)${o.message ? `: ${o.message}` : ''}`),
        };
      },
    };
    return kind.run(ctx, spec, () => undefined, signal);
  }
}

function actor(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
