import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/contract/actions';
import type { DueRuns, JobRun, ScheduledJob, SchedulerStatus } from '../../../shared/contract/scheduler';
import { adminConnection, invoke, saveConnection } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import { aesSecretBox } from '../../store/secret-box';
import { createRuntime, type Runtime } from '../runtime';
import { LEASE_MS, type SchedulerClock } from './scheduler';

/** A clock the test moves by hand; its timers fire only when the test advances it. */
class ManualClock implements SchedulerClock {
  private timers: { at: number; fn: () => void }[] = [];
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  setTimer(fn: () => void, ms: number): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }
  /** Moves to `iso` and fires the timers that came due. */
  advanceTo(iso: string): void {
    this.t = Date.parse(iso);
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.fn();
  }
  pending(): number {
    return this.timers.length;
  }
}

const secrets = aesSecretBox(Buffer.alloc(32, 7), 'test');

describe.each(sqlServers)('scheduler on $label', (server) => {
  const DB = `dbw_sched_${server.port}`;
  let admin: mysql.Connection;
  const dirs: string[] = [];
  const runtimes: Runtime[] = [];
  const open = (dir: string, clock: ManualClock, runSchedule = true): Runtime => {
    const rt = createRuntime({ workspaceDir: dir, host: 'node', secrets, version: 'test', clock, runSchedule });
    runtimes.push(rt);
    return rt;
  };
  const workspace = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dbw-sched-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(`CREATE TABLE \`${DB}\`.t (id INT PRIMARY KEY, v INT, KEY kv (v)) ENGINE=InnoDB`);
    await admin.query(`INSERT INTO \`${DB}\`.t VALUES (1, 10), (2, 20), (3, 30)`);
  });
  afterAll(async () => {
    for (const rt of runtimes) rt.close();
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.end();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('runs a job missed while the app was down exactly once at start, then on its next slot', async () => {
    const dir = workspace();
    const first = open(dir, new ManualClock(Date.parse('2026-01-01T00:00:00Z')));
    const connectionId = await saveConnection(first, server, `sched ${server.label}`);
    const job = await invoke<ScheduledJob>(first, 'scheduler.add', {
      name: 'nightly statistics',
      kind: 'analyze',
      connectionId,
      spec: { tables: [{ schema: DB, table: 't' }] },
      schedule: { kind: 'daily', at: '03:00' },
    });
    expect(job.nextRunAt).toBe('2026-01-01T03:00:00.000Z');
    await first.scheduler.idle();
    expect(await invoke<JobRun[]>(first, 'scheduler.runs', {})).toEqual([]);
    first.close();

    // Four days and a half later: five daily slots passed while the app was closed.
    const clock = new ManualClock(Date.parse('2026-01-05T12:00:00Z'));
    const rt = open(dir, clock);
    await rt.scheduler.idle();
    const runs = await invoke<JobRun[]>(rt, 'scheduler.runs', { jobId: job.id });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'missed', missedSlots: 5, status: 'ok', startedAt: '2026-01-05T12:00:00.000Z' });
    expect(runs[0]!.output.join('\n')).toMatch(/ok ANALYZE TABLE/);
    const [listed] = await invoke<ScheduledJob[]>(rt, 'scheduler.list', {});
    expect(listed).toMatchObject({ nextRunAt: '2026-01-06T03:00:00.000Z', lastStatus: 'ok' });
    const audit = await invoke<AuditEntry[]>(rt, 'audit.list', { connectionId });
    expect(audit.filter((a) => a.planner === 'analyze-table' && a.sql.includes(DB))).toHaveLength(1);

    // The timer wakes before the slot: nothing runs. At the slot: one scheduled run.
    expect(clock.pending()).toBe(1);
    clock.advanceTo('2026-01-05T12:01:00Z');
    await rt.scheduler.idle();
    expect(await invoke<JobRun[]>(rt, 'scheduler.runs', { jobId: job.id })).toHaveLength(1);
    clock.advanceTo('2026-01-06T03:00:05Z');
    await rt.scheduler.idle();
    const after = await invoke<JobRun[]>(rt, 'scheduler.runs', { jobId: job.id });
    expect(after.map((r) => [r.trigger, r.status])).toEqual([
      ['schedule', 'ok'],
      ['missed', 'ok'],
    ]);
  });

  it('needs a standing approval on a production connection, recorded in the audit, and runs under it', async () => {
    const rt = open(workspace(), new ManualClock(Date.parse('2026-02-01T00:00:00Z')));
    const name = `prod ${server.label}`;
    const connectionId = await saveConnection(rt, server, name, { production: true });
    const input = {
      name: 'prod statistics',
      kind: 'analyze',
      connectionId,
      spec: { tables: [{ schema: DB, table: 't' }] },
      schedule: { kind: 'cron', expr: '15 4 * * 1-5' },
    };
    await expect(invoke(rt, 'scheduler.add', input)).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    await expect(invoke(rt, 'scheduler.add', { ...input, confirmation: 'prod' })).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    const job = await invoke<ScheduledJob>(rt, 'scheduler.add', { ...input, confirmation: name });
    expect(job.approval).toMatchObject({ typedName: name });
    expect(job.nextRunAt).toBe('2026-02-02T04:15:00.000Z'); // Monday
    const audit = await invoke<AuditEntry[]>(rt, 'audit.list', { connectionId });
    expect(audit.find((a) => a.planner === 'scheduler')).toMatchObject({ id: job.approval!.auditId, stepId: 'approval', status: 'ok' });
    const run = await invoke<JobRun>(rt, 'scheduler.runNow', { id: job.id });
    expect(run).toMatchObject({ trigger: 'manual', status: 'ok' });
  });

  it('records a failed run with its reason and lists it for notification', async () => {
    const rt = open(workspace(), new ManualClock(Date.parse('2026-03-01T00:00:00Z')));
    const connectionId = await saveConnection(rt, server, `fail ${server.label}`);
    const failures: JobRun[] = [];
    rt.scheduler.on('failure', (r: JobRun) => failures.push(r));
    const job = await invoke<ScheduledJob>(rt, 'scheduler.add', {
      name: 'gone table',
      kind: 'analyze',
      connectionId,
      spec: { tables: [{ schema: DB, table: 'no_such_table' }] },
      schedule: { kind: 'weekly', weekday: 0, at: '01:00' },
    });
    const run = await invoke<JobRun>(rt, 'scheduler.runNow', { id: job.id });
    expect(run.status).toBe('failed');
    expect(run.summary).toMatch(/NOT_FOUND: No such table/);
    expect(failures.map((f) => f.id)).toEqual([run.id]);
    expect((await invoke<JobRun[]>(rt, 'scheduler.failures', { afterId: 0 })).map((f) => f.id)).toEqual([run.id]);
    expect(await invoke<JobRun[]>(rt, 'scheduler.failures', { afterId: run.id })).toEqual([]);
  });

  it('keeps an index-usage snapshot per run and refuses a bad spec or schedule', async () => {
    const rt = open(workspace(), new ManualClock(Date.parse('2026-03-01T00:00:00Z')));
    const connectionId = await saveConnection(rt, server, `usage ${server.label}`);
    await admin.query(`SELECT v FROM \`${DB}\`.t FORCE INDEX (kv) WHERE v > 0`);
    const job = await invoke<ScheduledJob>(rt, 'scheduler.add', {
      name: 'usage',
      kind: 'index-usage',
      connectionId,
      spec: { database: DB },
      schedule: { kind: 'monthly', day: 1, at: '00:30' },
    });
    const run = await invoke<JobRun>(rt, 'scheduler.runNow', { id: job.id });
    // The sandbox MariaDB runs with userstat=ON, MySQL with performance_schema: both count index reads.
    expect(run.status).toBe('ok');
    expect(run.output.join('\n')).toMatch(/^t\.kv: [1-9]\d* rows read/m);
    expect(run.details).toMatchObject({ source: server === sqlServers[0] ? 'user_statistics' : 'performance_schema' });
    await expect(
      invoke(rt, 'scheduler.add', { name: 'x', kind: 'analyze', connectionId, spec: { tables: [] }, schedule: { kind: 'daily', at: '03:00' } }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      invoke(rt, 'scheduler.add', { name: 'x', kind: 'index-usage', connectionId, spec: { database: DB }, schedule: { kind: 'cron', expr: '0 0 31 2 *' } }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      invoke(rt, 'scheduler.add', { name: 'x', kind: 'purge-everything', connectionId, spec: {}, schedule: { kind: 'daily', at: '03:00' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
  it('runs the purge and backup kinds through the executor: the purge deletes in chunks, the backup verifies', async () => {
    const rt = open(workspace(), new ManualClock(Date.parse('2026-04-01T00:00:00Z')));
    const connectionId = await saveConnection(rt, server, `ops ${server.label}`);
    await admin.query(`CREATE TABLE \`${DB}\`.p (id INT PRIMARY KEY, v INT) ENGINE=InnoDB`);
    await admin.query(`INSERT INTO \`${DB}\`.p VALUES ${Array.from({ length: 20 }, (_, i) => `(${i + 1}, ${i % 2})`).join(', ')}`);
    const purge = await invoke<ScheduledJob>(rt, 'scheduler.add', {
      name: 'purge odd',
      kind: 'purge',
      connectionId,
      spec: { schema: DB, table: 'p', where: 'v = 1', chunk: 3, checkIntervalMs: 0 },
      schedule: { kind: 'daily', at: '04:00' },
    });
    const purged = await invoke<JobRun>(rt, 'scheduler.runNow', { id: purge.id });
    expect(purged.status).toBe('ok');
    const [[left]] = (await admin.query(`SELECT COUNT(*) AS n, SUM(v) AS s FROM \`${DB}\`.p`)) as unknown as [[{ n: number; s: string | null }]];
    expect(Number(left.n)).toBe(10);
    expect(Number(left.s ?? 0)).toBe(0);
    const audit = await invoke<AuditEntry[]>(rt, 'audit.list', { connectionId });
    expect(audit.some((a) => a.planner === 'purge')).toBe(true);

    const backup = await invoke<ScheduledJob>(rt, 'scheduler.add', {
      name: 'nightly backup',
      kind: 'backup',
      connectionId,
      spec: { database: DB, verify: true },
      schedule: { kind: 'daily', at: '02:00' },
    });
    const backed = await invoke<JobRun>(rt, 'scheduler.runNow', { id: backup.id });
    expect(backed.status).toBe('ok');
    expect(backed.summary).toMatch(/· verified$/);
    expect(backed.details).toMatchObject({ verified: true });
  }, 240_000);

  it('runs each slot in one process only when several open the workspace, and another takes over when the holder dies', async () => {
    const dir = workspace();
    const t0 = Date.parse('2026-05-01T00:00:00Z');
    const clockA = new ManualClock(t0);
    const a = open(dir, clockA);
    const connectionId = await saveConnection(a, server, `lease ${server.label}`);
    const job = await invoke<ScheduledJob>(a, 'scheduler.add', {
      name: 'shared statistics',
      kind: 'analyze',
      connectionId,
      spec: { tables: [{ schema: DB, table: 't' }] },
      schedule: { kind: 'daily', at: '03:00' },
    });
    await a.scheduler.idle();
    const clockB = new ManualClock(t0);
    const b = open(dir, clockB);
    await b.scheduler.idle();
    expect(await invoke<SchedulerStatus>(a, 'scheduler.status', {})).toMatchObject({ runner: 'this-process', pid: process.pid });
    expect(await invoke<SchedulerStatus>(b, 'scheduler.status', {})).toMatchObject({ runner: 'other-process' });

    // Both processes wake at the slot; A renews and runs it, B only looks.
    for (const iso of ['2026-05-01T01:00:00Z', '2026-05-01T02:00:00Z', '2026-05-01T03:00:05Z']) {
      clockA.advanceTo(iso);
      clockB.advanceTo(iso);
      await a.scheduler.idle();
      await b.scheduler.idle();
    }
    const first = await invoke<JobRun[]>(b, 'scheduler.runs', { jobId: job.id });
    expect(first.map((r) => [r.trigger, r.status])).toEqual([['schedule', 'ok']]);

    // A one-shot pass (the CLI's `dbw schedule due`) is refused while A holds the lease.
    const cli = open(dir, new ManualClock(Date.parse('2026-05-01T03:00:10Z')), false);
    const refused = await invoke<DueRuns>(cli, 'scheduler.runDue', {});
    expect(refused.runs).toEqual([]);
    expect(refused.heldBy).toMatch(new RegExp(`pid ${process.pid}`));

    // A dies without a word (its clock stops, so it never renews): B takes over once the lease
    // lapses and runs the next slot alone.
    const lapse = Date.parse('2026-05-01T03:00:05Z') + LEASE_MS;
    clockB.advanceTo(new Date(lapse - 1000).toISOString());
    await b.scheduler.idle();
    expect(await invoke<SchedulerStatus>(b, 'scheduler.status', {})).toMatchObject({ runner: 'other-process' });
    clockB.advanceTo('2026-05-02T03:00:05Z');
    await b.scheduler.idle();
    expect(await invoke<SchedulerStatus>(b, 'scheduler.status', {})).toMatchObject({ runner: 'this-process' });
    const second = await invoke<JobRun[]>(b, 'scheduler.runs', { jobId: job.id });
    expect(second.map((r) => [r.trigger, r.status])).toEqual([
      ['schedule', 'ok'],
      ['schedule', 'ok'],
    ]);

    // B closes and gives the lease up: the one-shot pass now runs what is due, then lets go.
    b.close();
    const late = open(dir, new ManualClock(Date.parse('2026-05-03T09:00:00Z')), false);
    const ran = await invoke<DueRuns>(late, 'scheduler.runDue', {});
    expect(ran.heldBy).toBeNull();
    // The 3 May slot passed before this pass began: one run, marked missed.
    expect(ran.runs.map((r) => [r.trigger, r.missedSlots, r.status])).toEqual([['missed', 1, 'ok']]);
    expect(await invoke<SchedulerStatus>(late, 'scheduler.status', {})).toMatchObject({ runner: 'none' });
  });
});
