/**
 * `dbw schedule`: the app's scheduled jobs from the command line, over the same workspace and the
 * same scheduler calls as the Schedule tab. `due` runs every job whose slot came (or passed while
 * no process ran the schedule) once and exits — for a workstation or server where the app is not
 * left open, from cron — unless the app or `dbw serve` already runs the schedule (the workspace's
 * lease says who), so a job never runs twice. Jobs are added and approved in the Schedule tab.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DueRuns, JobRun, ScheduledJob, SchedulerStatus } from '../../../../shared/contract/scheduler';
import { createRuntime, type Runtime } from '../../../services/runtime';
import { nodeSecretBox } from '../../../store/secret-box';
import { appVersion, defaultWorkspaceDir } from '../paths';
import { subcommands, type CliIO } from './command';
import { parseFlags, UsageError } from './flags';

const usage = `Usage:
  dbw schedule list [--json]                 jobs with their schedule, next and last run, and who runs them
  dbw schedule runs [JOB] [--limit N] [--json]
                                             reports of the latest runs (of one job, or all)
  dbw schedule run JOB [--json]              run one job now, through the audited executor
  dbw schedule due [--json]                  run every due or missed job once, then exit (for cron)
Every subcommand takes --workspace DIR (default: $DBW_WORKSPACE or ~/.config/dba-workbench).
JOB is a job's id (or its first 8 characters) or its name.

Only one process runs a workspace's schedule at a time: while the app or \`dbw serve\` has it open,
\`due\` runs nothing and says which process does. Add jobs and record standing approvals for
production connections in the app's Schedule tab (Maintenance → Schedule).
Exit codes: 0 done, 1 a run failed, 2 bad usage or an unknown job.`;

/** Opens the workspace's runtime without starting its timer: this process runs only what it is asked. */
async function withRuntime<T>(workspace: string | undefined, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const workspaceDir = workspace ?? defaultWorkspaceDir();
  mkdirSync(workspaceDir, { recursive: true, mode: 0o700 });
  const rt = createRuntime({
    workspaceDir,
    host: 'node',
    secrets: nodeSecretBox(join(workspaceDir, 'secret.key')),
    version: appVersion,
    runSchedule: false,
  });
  try {
    return await fn(rt);
  } finally {
    rt.close();
  }
}

let calls = 0;

/** One scheduler call through the runtime's dispatcher, as the app makes it. */
async function call<T>(rt: Runtime, method: string, payload: unknown): Promise<T> {
  const r = await rt.dispatcher.dispatch(method, payload, `cli-${process.pid}-${++calls}`);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

/** The job named by id, id prefix or name; a usage error naming the jobs otherwise. */
async function findJob(rt: Runtime, ref: string): Promise<ScheduledJob> {
  const jobs = await call<ScheduledJob[]>(rt, 'scheduler.list', {});
  const hits = jobs.filter((j) => j.id === ref || j.name === ref || (ref.length >= 8 && j.id.startsWith(ref)));
  if (hits.length === 1) return hits[0]!;
  const known = jobs.map((j) => `${j.id.slice(0, 8)} ${j.name}`).join(', ') || 'none';
  throw new UsageError(hits.length ? `"${ref}" names ${hits.length} jobs: give the id` : `No scheduled job "${ref}" (jobs: ${known})`);
}

const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

/** Who runs the schedule, in a sentence. */
export function describeRunner(s: SchedulerStatus): string {
  if (s.runner === 'none') return 'No process runs this schedule now: jobs run when the app starts, or with `dbw schedule due`.';
  return `Run by pid ${s.pid} on ${s.host} (lease until ${when(s.until)}).`;
}

/** The job list as text. */
export function formatJobs(jobs: readonly ScheduledJob[], status: SchedulerStatus): string {
  const rows = jobs.map((j) => [
    j.id.slice(0, 8),
    j.name,
    j.kind,
    `${j.connectionName}${j.production ? ' (production)' : ''}`,
    j.enabled ? j.scheduleText : `${j.scheduleText} (disabled)`,
    when(j.nextRunAt),
    j.lastStatus ? `${j.lastStatus} ${when(j.lastRunAt)}` : '—',
  ]);
  const head = ['ID', 'NAME', 'KIND', 'CONNECTION', 'SCHEDULE', 'NEXT RUN (UTC)', 'LAST RUN'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [jobs.length ? [line(head), ...rows.map(line)].join('\n') : 'No scheduled jobs.', describeRunner(status)].join('\n') + '\n';
}

/** One run's report as text. */
export function formatRun(r: JobRun): string {
  const head = `#${r.id} ${r.jobName}: ${r.status} (${r.trigger}${r.missedSlots > 1 ? `, covers ${r.missedSlots} slots` : ''}) ${when(r.startedAt)} → ${when(r.finishedAt)}`;
  return [head, `  ${r.summary}`, ...r.output.map((l) => `  ${l}`)].join('\n') + '\n';
}

const json = (io: CliIO, value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** The schedule command. */
export const scheduleCommand = subcommands('schedule', usage, {
  async list(args, io) {
    const f = parseFlags(args, { workspace: 'string', json: 'boolean' });
    return withRuntime(f.workspace, async (rt) => {
      const [jobs, status] = await Promise.all([call<ScheduledJob[]>(rt, 'scheduler.list', {}), call<SchedulerStatus>(rt, 'scheduler.status', {})]);
      if (f.json) json(io, { jobs, runner: status });
      else io.stdout.write(formatJobs(jobs, status));
      return 0;
    });
  },
  async runs(args, io) {
    const f = parseFlags(args, { workspace: 'string', json: 'boolean', limit: 'string' });
    const limit = f.limit === undefined ? 20 : Number(f.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit needs a whole number from 1 to 500');
    if (f._.length > 1) throw new UsageError('Give at most one JOB');
    return withRuntime(f.workspace, async (rt) => {
      const jobId = f._[0] ? (await findJob(rt, f._[0])).id : undefined;
      const runs = await call<JobRun[]>(rt, 'scheduler.runs', { jobId, limit });
      if (f.json) json(io, runs);
      else io.stdout.write(runs.length ? runs.map(formatRun).join('') : 'No runs yet.\n');
      return 0;
    });
  },
  async run(args, io) {
    const f = parseFlags(args, { workspace: 'string', json: 'boolean' });
    if (f._.length !== 1) throw new UsageError('Give one JOB (its id or name)');
    return withRuntime(f.workspace, async (rt) => {
      const job = await findJob(rt, f._[0]!);
      const r = await call<JobRun>(rt, 'scheduler.runNow', { id: job.id });
      if (f.json) json(io, r);
      else io.stdout.write(formatRun(r));
      return r.status === 'ok' ? 0 : 1;
    });
  },
  async due(args, io) {
    const f = parseFlags(args, { workspace: 'string', json: 'boolean' });
    return withRuntime(f.workspace, async (rt) => {
      const due = await call<DueRuns>(rt, 'scheduler.runDue', {});
      if (f.json) json(io, due);
      else if (due.heldBy) io.stdout.write(`${due.heldBy} runs this workspace's schedule; nothing was run here.\n`);
      else io.stdout.write(due.runs.length ? due.runs.map(formatRun).join('') : 'No job is due.\n');
      return due.runs.every((r) => r.status === 'ok') ? 0 : 1;
    });
  },
});
