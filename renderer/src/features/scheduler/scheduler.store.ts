/** The Schedule tab: jobs, their runs and reports, the add form, standing approvals, failure notices. */
import { create } from 'zustand';
import type { AppContract } from '../../../../shared/contract';
import type { OutputOf } from '../../../../shared/contract/core';
import type { JobRun, JobSchedule, ScheduledJob, SchedulerStatus } from '../../../../shared/contract/scheduler';
import { useUi } from '../../app/ui.store';
import { api, errorMessage } from '../../lib/api';

type Kind = OutputOf<AppContract, 'scheduler.kinds'>[number];

/** The add form (kept while the tab is open). */
export interface JobForm {
  name: string;
  kind: string;
  specText: string;
  scheduleKind: JobSchedule['kind'];
  at: string;
  weekday: number;
  day: number;
  expr: string;
  timeZone: string;
  confirmation: string;
}

interface SchedulerState {
  kinds: Kind[];
  jobs: ScheduledJob[];
  runs: JobRun[];
  /** Which process runs the workspace's schedule (one at a time). */
  runner: SchedulerStatus | null;
  selectedJobId: string | null;
  form: JobForm;
  busy: string | null;
  error: string | null;
  /** The newest failed run already notified. */
  lastFailureId: number | null;
  load(): Promise<void>;
  setForm(patch: Partial<JobForm>): void;
  add(connectionId: string): Promise<void>;
  select(jobId: string | null): Promise<void>;
  runNow(jobId: string): Promise<void>;
  setEnabled(jobId: string, enabled: boolean): Promise<void>;
  remove(jobId: string): Promise<void>;
  approve(jobId: string, confirmation: string): Promise<void>;
  pollFailures(): Promise<void>;
}

const initialForm: JobForm = {
  name: 'Nightly statistics',
  kind: 'analyze',
  specText: '',
  scheduleKind: 'daily',
  at: '03:00',
  weekday: 0,
  day: 1,
  expr: '0 3 * * *',
  timeZone: 'UTC',
  confirmation: '',
};

/** The schedule the form describes. */
export function scheduleOf(f: JobForm): JobSchedule {
  if (f.scheduleKind === 'daily') return { kind: 'daily', at: f.at, timeZone: f.timeZone };
  if (f.scheduleKind === 'weekly') return { kind: 'weekly', weekday: f.weekday, at: f.at, timeZone: f.timeZone };
  if (f.scheduleKind === 'monthly') return { kind: 'monthly', day: f.day, at: f.at, timeZone: f.timeZone };
  return { kind: 'cron', expr: f.expr, timeZone: f.timeZone };
}

/** Tells the user a run failed: a toast always, a desktop notification when allowed. */
function notifyFailure(run: JobRun): void {
  const title = `Scheduled job failed: ${run.jobName}`;
  useUi.getState().toast('error', `${title} — ${run.summary}`);
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') new Notification(title, { body: run.summary, tag: `dbw-job-${run.jobId}` });
}

/** The scheduler store. */
export const useScheduler = create<SchedulerState>()((set, get) => {
  const guarded = async (busy: string, fn: () => Promise<void>): Promise<void> => {
    set({ busy, error: null });
    try {
      await fn();
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      set({ busy: null });
    }
  };
  const refresh = async (): Promise<void> => {
    const [jobs, runner] = await Promise.all([api().scheduler.list({}), api().scheduler.status({})]);
    const id = get().selectedJobId;
    set({ jobs, runner, runs: id ? await api().scheduler.runs({ jobId: id, limit: 50 }) : get().runs });
  };
  return {
    kinds: [],
    jobs: [],
    runs: [],
    runner: null,
    selectedJobId: null,
    form: initialForm,
    busy: null,
    error: null,
    lastFailureId: null,
    load: () =>
      guarded('load', async () => {
        const kinds = await api().scheduler.kinds({});
        const form = get().form.specText
          ? get().form
          : { ...get().form, specText: JSON.stringify(kinds.find((k) => k.id === get().form.kind)?.example ?? {}, null, 2) };
        set({ kinds, form });
        await refresh();
        if (get().lastFailureId === null) {
          const runs = await api().scheduler.runs({ limit: 1 });
          set({ lastFailureId: runs[0]?.id ?? 0 });
        }
      }),
    setForm(patch) {
      const next = { ...get().form, ...patch };
      if (patch.kind && patch.kind !== get().form.kind) next.specText = JSON.stringify(get().kinds.find((k) => k.id === patch.kind)?.example ?? {}, null, 2);
      set({ form: next });
    },
    add: (connectionId) =>
      guarded('add', async () => {
        const f = get().form;
        let spec: Record<string, unknown>;
        try {
          spec = JSON.parse(f.specText) as Record<string, unknown>;
        } catch {
          throw new Error('The spec is not valid JSON');
        }
        const job = await api().scheduler.add({
          name: f.name,
          kind: f.kind,
          connectionId,
          spec,
          schedule: scheduleOf(f),
          enabled: true,
          confirmation: f.confirmation || undefined,
        });
        set({ form: { ...f, confirmation: '' }, selectedJobId: job.id });
        await refresh();
      }),
    async select(jobId) {
      set({ selectedJobId: jobId, runs: [] });
      if (jobId) await guarded('runs', async () => set({ runs: await api().scheduler.runs({ jobId, limit: 50 }) }));
    },
    runNow: (jobId) =>
      guarded(`run:${jobId}`, async () => {
        set({ selectedJobId: jobId });
        await api().scheduler.runNow({ id: jobId });
        await refresh();
        await get().pollFailures();
      }),
    setEnabled: (jobId, enabled) =>
      guarded('update', async () => {
        await api().scheduler.update({ id: jobId, enabled });
        await refresh();
      }),
    remove: (jobId) =>
      guarded('remove', async () => {
        await api().scheduler.remove({ id: jobId });
        if (get().selectedJobId === jobId) set({ selectedJobId: null, runs: [] });
        await refresh();
      }),
    approve: (jobId, confirmation) =>
      guarded('approve', async () => {
        await api().scheduler.approve({ id: jobId, confirmation });
        await refresh();
      }),
    async pollFailures() {
      const after = get().lastFailureId;
      if (after === null) return;
      try {
        const failed = await api().scheduler.failures({ afterId: after });
        for (const run of failed) notifyFailure(run);
        if (failed.length) {
          set({ lastFailureId: failed[failed.length - 1]!.id });
          await refresh();
        }
      } catch {
        // the next poll tries again
      }
    },
  };
});
