import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DueRuns, JobRun, ScheduledJob } from '../../../../shared/contract/scheduler';
import { createRuntime } from '../../../services/runtime';
import type { SchedulerClock } from '../../../services/scheduler/scheduler';
import { nodeSecretBox } from '../../../store/secret-box';
import { runCli } from '../../../testing/cli';
import { adminConnection, invoke, saveConnection } from '../../../testing/harness';
import { sqlServers } from '../../../testing/servers';
import { scheduleCommand } from './schedule.command';

/** A clock frozen at one instant, whose timers never fire: the set-up runtime only writes the job. */
const frozenAt = (iso: string): SchedulerClock => ({ now: () => Date.parse(iso), setTimer: () => () => undefined });

describe.each(sqlServers)('dbw schedule on $label', (server) => {
  const DB = `dbw_sched_cli_${server.port}`;
  let admin: mysql.Connection;
  let dir: string;
  const ws = () => ['--workspace', dir];

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(`CREATE TABLE \`${DB}\`.t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB`);
    dir = mkdtempSync(join(tmpdir(), 'dbw-sched-cli-'));
    // The job is written as the app writes it, by a runtime whose clock stands on 1 January, so its
    // first daily slot is long past when the command runs.
    const setup = createRuntime({
      workspaceDir: dir,
      host: 'node',
      secrets: nodeSecretBox(join(dir, 'secret.key')),
      version: 'test',
      clock: frozenAt('2026-01-01T00:00:00Z'),
      runSchedule: false,
    });
    const connectionId = await saveConnection(setup, server, `cli ${server.label}`);
    await invoke<ScheduledJob>(setup, 'scheduler.add', {
      name: 'nightly statistics',
      kind: 'analyze',
      connectionId,
      spec: { tables: [{ schema: DB, table: 't' }] },
      schedule: { kind: 'daily', at: '03:00' },
    });
    setup.close();
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the jobs, runs what is due once, and leaves the schedule to the process that runs it', async () => {
    const listed = await runCli(scheduleCommand, ['list', ...ws()]);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/nightly statistics\s+analyze\s+cli .*daily at 03:00.*2026-01-01 03:00:00Z/i);
    expect(listed.out).toMatch(/No process runs this schedule now/);

    const due = await runCli(scheduleCommand, ['due', '--json', ...ws()]);
    expect(due.code).toBe(0);
    const ran = JSON.parse(due.out) as DueRuns;
    expect(ran.heldBy).toBeNull();
    expect(ran.runs.map((r) => [r.trigger, r.status])).toEqual([['missed', 'ok']]);
    expect(ran.runs[0]!.output.join('\n')).toMatch(/ok ANALYZE TABLE/);
    expect((await runCli(scheduleCommand, ['due', ...ws()])).out).toBe('No job is due.\n');

    // The app (or dbw serve) opens the workspace and holds its lease: `due` runs nothing.
    const app = createRuntime({ workspaceDir: dir, host: 'node', secrets: nodeSecretBox(join(dir, 'secret.key')), version: 'test' });
    try {
      await app.scheduler.idle();
      const held = await runCli(scheduleCommand, ['due', ...ws()]);
      expect(held.code).toBe(0);
      expect(held.out).toMatch(new RegExp(`pid ${process.pid} .*runs this workspace's schedule; nothing was run here`));
      const whileHeld = await runCli(scheduleCommand, ['list', ...ws()]);
      expect(whileHeld.err).toBe('');
      expect(whileHeld.out).toMatch(new RegExp(`Run by pid ${process.pid}`));

      // A run asked for by name runs at once, through the executor, lease or not.
      const now = await runCli(scheduleCommand, ['run', 'nightly statistics', '--json', ...ws()]);
      expect(now.code).toBe(0);
      expect(JSON.parse(now.out)).toMatchObject({ trigger: 'manual', status: 'ok' });
    } finally {
      app.close();
    }
    const runs = await runCli(scheduleCommand, ['runs', 'nightly statistics', '--json', ...ws()]);
    expect((JSON.parse(runs.out) as JobRun[]).map((r) => r.trigger)).toEqual(['manual', 'missed']);
    const text = await runCli(scheduleCommand, ['runs', ...ws()]);
    expect(text.out).toMatch(/nightly statistics: ok \(missed, covers \d+ slots\)/);

    const unknown = await runCli(scheduleCommand, ['run', 'no such job', ...ws()]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/No scheduled job "no such job" \(jobs: [0-9a-f]{8} nightly statistics\)/);
  });
});
