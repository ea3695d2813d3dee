/** The Maintenance panel's Schedule tab: jobs with their next run, runs with their reports, standing approvals. */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { JobRun, ScheduledJob } from '../../../../../shared/contract/scheduler';
import { useActiveConnection } from '../../../app/active-connection';
import { useScheduler } from '../scheduler.store';
import { JobFormCard } from './JobFormCard';
import '../scheduler.css';

const POLL_MS = 15_000;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }) + ' UTC' : '—');

/** The Schedule tab. */
export default function ScheduleView() {
  const connection = useActiveConnection();
  const s = useScheduler(useShallow((x) => ({ jobs: x.jobs, runs: x.runs, runner: x.runner, selected: x.selectedJobId, busy: x.busy, error: x.error })));
  const actions = useScheduler(
    useShallow((x) => ({ load: x.load, select: x.select, runNow: x.runNow, setEnabled: x.setEnabled, remove: x.remove, poll: x.pollFailures })),
  );

  useEffect(() => {
    void actions.load();
    const t = setInterval(() => void actions.poll(), POLL_MS);
    return () => clearInterval(t);
  }, [actions]);

  const selectedJob = s.jobs.find((j) => j.id === s.selected) ?? null;
  return (
    <section className="panel" aria-label="Schedule">
      <div className="panel-head">
        <h2>Maintenance · Schedule</h2>
        <span className="muted">Jobs run in the app through the executor; a run missed while the app was closed runs once at the next start.</span>
      </div>
      {s.runner && (
        <p className="muted" aria-label="Schedule runner">
          {s.runner.runner === 'this-process'
            ? 'This app runs the schedule.'
            : s.runner.runner === 'other-process'
              ? `Another process runs this workspace's schedule (pid ${s.runner.pid} on ${s.runner.host}); jobs are not run twice.`
              : 'No process runs the schedule now: jobs run at the next start, or with `dbw schedule due`.'}
        </p>
      )}
      {s.error && (
        <div className="error-text" role="alert">
          {s.error}
        </div>
      )}
      <div className="sched-grid">
        <JobFormCard connection={connection} />
        <div className="card scroll">
          <strong>Jobs</strong>
          {s.jobs.length === 0 ? (
            <p className="muted">No scheduled job yet.</p>
          ) : (
            <table className="grid" aria-label="Scheduled jobs">
              <thead>
                <tr>
                  <th>Job</th>
                  <th>Kind</th>
                  <th>Connection</th>
                  <th>Schedule</th>
                  <th>Next run</th>
                  <th>Last run</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {s.jobs.map((j) => (
                  <JobRow key={j.id} job={j} selected={j.id === s.selected} busy={s.busy} actions={actions} />
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      {selectedJob && <RunsCard job={selectedJob} runs={s.runs} />}
    </section>
  );
}

function JobRow(props: {
  job: ScheduledJob;
  selected: boolean;
  busy: string | null;
  actions: {
    select(id: string): Promise<void>;
    runNow(id: string): Promise<void>;
    setEnabled(id: string, on: boolean): Promise<void>;
    remove(id: string): Promise<void>;
  };
}) {
  const { job: j, actions } = props;
  return (
    <tr className={props.selected ? 'selected' : undefined} onClick={() => void actions.select(j.id)}>
      <td>
        {j.name}
        {!j.enabled && <span className="muted"> (paused)</span>}
      </td>
      <td>{j.kind}</td>
      <td>
        {j.connectionName}
        {j.production && <ApprovalBadge job={j} />}
      </td>
      <td>{j.scheduleText}</td>
      <td>{j.enabled ? when(j.nextRunAt) : '—'}</td>
      <td>
        {j.lastStatus ? <span className={`sched-status ${j.lastStatus}`}>{j.lastStatus}</span> : <span className="muted">never</span>}{' '}
        {j.lastRunAt ? when(j.lastRunAt) : ''}
      </td>
      <td onClick={(e) => e.stopPropagation()}>
        <div className="sched-actions">
          <button onClick={() => void actions.runNow(j.id)} disabled={props.busy !== null}>
            {props.busy === `run:${j.id}` ? 'Running…' : 'Run now'}
          </button>
          <button className="ghost" onClick={() => void actions.setEnabled(j.id, !j.enabled)} disabled={props.busy !== null}>
            {j.enabled ? 'Pause' : 'Resume'}
          </button>
          <button className="ghost" onClick={() => void actions.remove(j.id)} disabled={props.busy !== null} aria-label={`Delete ${j.name}`}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}

function ApprovalBadge({ job }: { job: ScheduledJob }) {
  const approve = useScheduler((x) => x.approve);
  const [typed, setTyped] = useState('');
  if (job.approval && job.approval.typedName === job.connectionName) {
    return (
      <div className="sched-approval" title={`Audit entry ${job.approval.auditId ?? '—'}`}>
        production · approved by {job.approval.by}, {when(job.approval.at)}
      </div>
    );
  }
  return (
    <div className="sched-approval warn" onClick={(e) => e.stopPropagation()}>
      production · needs a standing approval
      <input placeholder={`type ${job.connectionName}`} value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Approval: connection name" />
      <button className="ghost" onClick={() => void approve(job.id, typed)} disabled={typed !== job.connectionName}>
        Approve
      </button>
    </div>
  );
}

function RunsCard({ job, runs }: { job: ScheduledJob; runs: JobRun[] }) {
  return (
    <div className="card scroll sched-runs" aria-label="Runs">
      <strong>Runs of {job.name}</strong>
      {runs.length === 0 && <p className="muted">No run yet. The first is {job.enabled ? when(job.nextRunAt) : 'not scheduled (paused)'}.</p>}
      {runs.map((r) => (
        <details key={r.id} className="sched-run" open={r.id === runs[0]?.id}>
          <summary>
            <span className={`sched-status ${r.status}`}>{r.status}</span> {when(r.startedAt)} · {r.trigger}
            {r.missedSlots > 1 ? ` (covers ${r.missedSlots} missed slots)` : ''}
            {r.finishedAt ? ` · ${Math.max(0, Date.parse(r.finishedAt) - Date.parse(r.startedAt))} ms` : ''} — {r.summary}
          </summary>
          {r.output.length > 0 && <pre className="sched-output">{r.output.join('\n')}</pre>}
        </details>
      ))}
    </div>
  );
}
