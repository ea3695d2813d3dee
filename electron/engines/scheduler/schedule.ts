/**
 * A job's schedule as a cron expression, its next run and its catch-up after the app was closed:
 * however many slots passed, the job runs once and its next run is computed from now.
 */
import type { JobSchedule } from '../../../shared/contract/scheduler';
import { nextCronRun, parseCron, type CronExpr } from './cron';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The cron expression a daily/weekly/monthly schedule stands for. */
export function cronOf(s: JobSchedule): string {
  if (s.kind === 'cron') return s.expr;
  const [h, m] = s.at.split(':').map(Number) as [number, number];
  if (s.kind === 'daily') return `${m} ${h} * * *`;
  if (s.kind === 'weekly') return `${m} ${h} * * ${s.weekday}`;
  return `${m} ${h} ${s.day} * *`;
}

/** Parses the schedule (a bad cron expression or time zone is a BAD_INPUT error). */
export function compileSchedule(s: JobSchedule): CronExpr {
  return parseCron(cronOf(s));
}

/** The first run strictly after `afterMs`. */
export function nextRunAfter(s: JobSchedule, afterMs: number): number {
  return nextCronRun(compileSchedule(s), afterMs, s.timeZone);
}

/** The schedule in words, for lists. */
export function describeSchedule(s: JobSchedule): string {
  const zone = s.timeZone;
  if (s.kind === 'daily') return `daily at ${s.at} ${zone}`;
  if (s.kind === 'weekly') return `every ${WEEKDAYS[s.weekday]} at ${s.at} ${zone}`;
  if (s.kind === 'monthly') return `monthly on day ${s.day} at ${s.at} ${zone}`;
  return `cron "${s.expr}" ${zone}`;
}

/** What to do with a job at `nowMs`: nothing yet, or one run covering every slot that passed. */
export type DueDecision = { due: false } | { due: true; trigger: 'schedule' | 'missed'; missedSlots: number };

/**
 * Decides whether a job is due. `nextRunAt` is the slot stored after the last run; `startedAtMs` is
 * when this process started. A slot that passed before the start was missed while the app was
 * closed: the job runs once, with the number of slots it covers (counted up to `cap`).
 */
export function dueDecision(s: JobSchedule, nextRunAtMs: number, nowMs: number, startedAtMs: number, cap = 1000): DueDecision {
  if (nextRunAtMs > nowMs) return { due: false };
  let slots = 1;
  for (let t = nextRunAfter(s, nextRunAtMs); t <= nowMs && slots < cap; t = nextRunAfter(s, t)) slots++;
  return { due: true, trigger: nextRunAtMs < startedAtMs ? 'missed' : 'schedule', missedSlots: nextRunAtMs < startedAtMs ? slots : slots - 1 };
}
