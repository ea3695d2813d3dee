/**
 * What a job kind is: an id, a title, the zod schema of its spec and a `run` that does the work —
 * changes only through `ctx.applyPlan` (the one executor, under the job's standing approval),
 * reads only through `ctx.read` (a read-guarded session). Kinds are listed in job-kinds.ts.
 */
import type { z } from 'zod';
import type { PlanRequest } from '../../../shared/contract/actions';
import type { Plan } from '../../../shared/contract/plan';
import type { MysqlSession } from '../../connections/mysql-session';
import type { RunResult } from '../../store/scheduler.repo';
import type { ServiceDeps } from '../service-deps';

/** What a plan run through the executor did, in lines for the report. */
export interface AppliedPlan {
  plan: Pick<Plan, 'planner' | 'title' | 'hash'> & { steps: number };
  ok: boolean;
  lines: string[];
}

/** What a running job may use. */
export interface JobContext {
  readonly connectionId: string;
  /** Previews then applies a plan through the executor (audited, refused on a production connection without approval). */
  applyPlan(request: PlanRequest): Promise<AppliedPlan>;
  /** Runs `fn` on a read-guarded session to the job's connection. */
  read<T>(fn: (s: MysqlSession) => Promise<T>): Promise<T>;
  /** The runtime's services, for kinds whose work is a run of its own through the executor (a backup) rather than one plan. */
  readonly deps: ServiceDeps;
  /** The standing approval's typed name, which the executor takes as the confirmation on a production connection. */
  readonly confirmation: string | undefined;
}

/** Reports progress of a run. */
export type JobProgress = (done: number, total: number | null, message: string) => void;

/** One job kind. */
export interface JobKind<S = unknown> {
  id: string;
  title: string;
  /** One line: what a run does to the server. */
  description: string;
  spec: z.ZodType<S>;
  /** A spec to start from in the form. */
  example: Record<string, unknown>;
  run(ctx: JobContext, spec: S, onProgress: JobProgress, signal: AbortSignal): Promise<RunResult>;
}

/** Declares a kind, keeping its spec type. */
export function jobKind<S>(kind: JobKind<S>): JobKind<S> {
  return kind;
}

/** The report of a job whose whole work is one plan. */
export function planReport(applied: AppliedPlan): RunResult {
  const steps = applied.plan.steps;
  return {
    status: applied.ok ? 'ok' : 'failed',
    summary: applied.ok
      ? `${applied.plan.title}: ${steps} step${steps === 1 ? '' : 's'} ran`
      : `${applied.plan.title}: stopped — ${applied.lines.find((l) => l.startsWith('failed') || l.startsWith('unknown')) ?? 'a step did not run'}`,
    output: applied.lines,
    details: { planHash: applied.plan.hash, planner: applied.plan.planner },
  };
}
