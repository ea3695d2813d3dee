/**
 * Scheduled jobs and their runs in the workspace. The tables belong to the scheduler alone and are
 * created on first use, so the shared migration list does not grow a step per feature.
 */
import type Database from 'better-sqlite3';
import { jobSchedule, standingApproval, type JobRun, type JobSchedule, type StandingApproval } from '../../shared/contract/scheduler';

/** A job row as stored (the connection's name and flags are read from the connection when listing). */
export interface JobRow {
  id: string;
  name: string;
  kind: string;
  connectionId: string;
  spec: Record<string, unknown>;
  schedule: JobSchedule;
  enabled: boolean;
  nextRunAt: string | null;
  approval: StandingApproval | null;
  createdAt: string;
}

/** What a finished run records. */
export interface RunResult {
  status: 'ok' | 'failed';
  summary: string;
  output: string[];
  details?: unknown;
}

/** Reads and writes jobs and runs. */
export class SchedulerRepo {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS scheduler_jobs (
               id TEXT PRIMARY KEY,
               name TEXT NOT NULL,
               kind TEXT NOT NULL,
               connection_id TEXT NOT NULL,
               spec TEXT NOT NULL,
               schedule TEXT NOT NULL,
               enabled INTEGER NOT NULL,
               next_run_at TEXT,
               approval TEXT,
               created_at TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS scheduler_runs (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               job_id TEXT NOT NULL,
               job_name TEXT NOT NULL,
               trigger TEXT NOT NULL,
               missed_slots INTEGER NOT NULL,
               started_at TEXT NOT NULL,
               finished_at TEXT,
               status TEXT NOT NULL,
               summary TEXT NOT NULL,
               output TEXT NOT NULL,
               details TEXT
             );
             CREATE INDEX IF NOT EXISTS scheduler_runs_job ON scheduler_runs(job_id, id);
             CREATE TABLE IF NOT EXISTS scheduler_lease (
               id INTEGER PRIMARY KEY CHECK (id = 1),
               holder TEXT NOT NULL,
               pid INTEGER NOT NULL,
               host TEXT NOT NULL,
               expires_at INTEGER NOT NULL
             );`);
  }

  /**
   * Takes or renews the workspace's one scheduler lease until `expiresAt` (ms): granted when nobody
   * holds it, `holder` already does, or the holder let it expire (a process that died). One SQLite
   * statement, so two processes can never both be granted it.
   */
  acquireLease(holder: string, pid: number, host: string, now: number, expiresAt: number): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO scheduler_lease (id, holder, pid, host, expires_at) VALUES (1, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host, expires_at = excluded.expires_at
           WHERE scheduler_lease.holder = excluded.holder OR scheduler_lease.expires_at <= ?`,
        )
        .run(holder, pid, host, expiresAt, now).changes === 1
    );
  }

  /** Gives the lease up (only the holder can). */
  releaseLease(holder: string): void {
    this.db.prepare('DELETE FROM scheduler_lease WHERE holder = ?').run(holder);
  }

  /** Who holds the lease, if anyone (expired leases included: the caller compares with its clock). */
  lease(): { holder: string; pid: number; host: string; expiresAt: number } | null {
    const row = this.db.prepare('SELECT holder, pid, host, expires_at FROM scheduler_lease WHERE id = 1').get() as
      { holder: string; pid: number; host: string; expires_at: number } | undefined;
    return row ? { holder: row.holder, pid: row.pid, host: row.host, expiresAt: row.expires_at } : null;
  }

  /** Every job, oldest first. */
  jobs(): JobRow[] {
    return (this.db.prepare('SELECT * FROM scheduler_jobs ORDER BY created_at, id').all() as Record<string, unknown>[]).map(jobOf);
  }

  /** One job, or null. */
  job(id: string): JobRow | null {
    const row = this.db.prepare('SELECT * FROM scheduler_jobs WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return row ? jobOf(row) : null;
  }

  /** Inserts or replaces a job. */
  save(j: JobRow): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO scheduler_jobs (id, name, kind, connection_id, spec, schedule, enabled, next_run_at, approval, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        j.id,
        j.name,
        j.kind,
        j.connectionId,
        JSON.stringify(j.spec),
        JSON.stringify(j.schedule),
        j.enabled ? 1 : 0,
        j.nextRunAt,
        j.approval ? JSON.stringify(j.approval) : null,
        j.createdAt,
      );
  }

  /** Sets the slot a job runs at next. */
  setNextRun(id: string, nextRunAt: string | null): void {
    this.db.prepare('UPDATE scheduler_jobs SET next_run_at = ? WHERE id = ?').run(nextRunAt, id);
  }

  /** Deletes a job and its runs. */
  remove(id: string): boolean {
    const r = this.db.prepare('DELETE FROM scheduler_jobs WHERE id = ?').run(id);
    this.db.prepare('DELETE FROM scheduler_runs WHERE job_id = ?').run(id);
    return r.changes > 0;
  }

  /** Records a run that starts now; returns its id. */
  startRun(job: JobRow, trigger: JobRun['trigger'], missedSlots: number, at: string): number {
    const r = this.db
      .prepare(
        `INSERT INTO scheduler_runs (job_id, job_name, trigger, missed_slots, started_at, status, summary, output) VALUES (?, ?, ?, ?, ?, 'running', '', '[]')`,
      )
      .run(job.id, job.name, trigger, missedSlots, at);
    return Number(r.lastInsertRowid);
  }

  /** Records how a run ended. */
  finishRun(id: number, at: string, result: RunResult): void {
    this.db
      .prepare('UPDATE scheduler_runs SET finished_at = ?, status = ?, summary = ?, output = ?, details = ? WHERE id = ?')
      .run(at, result.status, result.summary, JSON.stringify(result.output), result.details === undefined ? null : JSON.stringify(result.details), id);
  }

  /** Runs left 'running' by a process that stopped mid-run are failed, saying so. */
  failInterrupted(at: string): number {
    return this.db
      .prepare(
        "UPDATE scheduler_runs SET status = 'failed', finished_at = ?, summary = 'The app stopped while this run was in progress; check the server before running it again.' WHERE status = 'running'",
      )
      .run(at).changes;
  }

  /** One run. */
  run(id: number): JobRun | null {
    const row = this.db.prepare('SELECT * FROM scheduler_runs WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return row ? runOf(row) : null;
  }

  /** Runs newest first, of one job or of all. */
  runs(jobId: string | undefined, limit: number): JobRun[] {
    const rows = jobId
      ? this.db.prepare('SELECT * FROM scheduler_runs WHERE job_id = ? ORDER BY id DESC LIMIT ?').all(jobId, limit)
      : this.db.prepare('SELECT * FROM scheduler_runs ORDER BY id DESC LIMIT ?').all(limit);
    return (rows as Record<string, unknown>[]).map(runOf);
  }

  /** Failed runs after an id, oldest first (what a notifier has not shown yet). */
  failuresAfter(afterId: number): JobRun[] {
    return (
      this.db.prepare("SELECT * FROM scheduler_runs WHERE id > ? AND status = 'failed' ORDER BY id LIMIT 100").all(afterId) as Record<string, unknown>[]
    ).map(runOf);
  }

  /** Successful runs of every job of `kind` on a connection that ended at or after `since`, newest first, with the job's spec. */
  okRunsOfKind(kind: string, connectionId: string, since: string, limit: number): Array<{ at: string; spec: Record<string, unknown>; details: unknown }> {
    const rows = this.db
      .prepare(
        `SELECT r.finished_at AS at, j.spec AS spec, r.details AS details FROM scheduler_runs r JOIN scheduler_jobs j ON j.id = r.job_id
          WHERE j.kind = ? AND j.connection_id = ? AND r.status = 'ok' AND r.finished_at >= ? ORDER BY r.id DESC LIMIT ?`,
      )
      .all(kind, connectionId, since, limit) as Array<{ at: string; spec: string; details: string | null }>;
    return rows.map((r) => ({
      at: r.at,
      spec: JSON.parse(r.spec) as Record<string, unknown>,
      details: r.details === null ? null : (JSON.parse(r.details) as unknown),
    }));
  }

  /** The latest run of a job. */
  lastRun(jobId: string): JobRun | null {
    const row = this.db.prepare('SELECT * FROM scheduler_runs WHERE job_id = ? ORDER BY id DESC LIMIT 1').get(jobId) as Record<string, unknown> | undefined;
    return row ? runOf(row) : null;
  }
}

function jobOf(r: Record<string, unknown>): JobRow {
  return {
    id: String(r.id),
    name: String(r.name),
    kind: String(r.kind),
    connectionId: String(r.connection_id),
    spec: JSON.parse(String(r.spec)) as Record<string, unknown>,
    schedule: jobSchedule.parse(JSON.parse(String(r.schedule))),
    enabled: Number(r.enabled) === 1,
    nextRunAt: r.next_run_at === null ? null : String(r.next_run_at),
    approval: r.approval === null ? null : standingApproval.parse(JSON.parse(String(r.approval))),
    createdAt: String(r.created_at),
  };
}

function runOf(r: Record<string, unknown>): JobRun {
  return {
    id: Number(r.id),
    jobId: String(r.job_id),
    jobName: String(r.job_name),
    trigger: r.trigger as JobRun['trigger'],
    missedSlots: Number(r.missed_slots),
    startedAt: String(r.started_at),
    finishedAt: r.finished_at === null ? null : String(r.finished_at),
    status: r.status as JobRun['status'],
    summary: String(r.summary),
    output: JSON.parse(String(r.output)) as string[],
    ...(r.details === null || r.details === undefined ? {} : { details: JSON.parse(String(r.details)) as unknown }),
  };
}
