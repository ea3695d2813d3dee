/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) and the next time one
 * fires, in UTC or an IANA time zone. Semantics follow Vixie cron as crontab(5) documents them
 * (https://man7.org/linux/man-pages/man5/crontab.5.html): `*`, lists, ranges, steps, month and day
 * names, 0 or 7 for Sunday, and when both day fields are restricted a day matching either runs.
 * Daylight-saving changes: a wall-clock time skipped by a spring-forward gap runs at the first
 * minute after the gap (the day's run is not lost), and a time that occurs twice in the autumn
 * runs once, at its first occurrence.
 */
import { AppError } from '../../../shared/contract/core';

/** A parsed expression: the allowed values of each field. */
export interface CronExpr {
  readonly source: string;
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  /** Day-of-month was `*` (then only the weekday restricts days), and the same for day-of-week. */
  readonly anyDay: boolean;
  readonly anyWeekday: boolean;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** The value names start at (1 for months, 0 for days). */
  nameBase?: number;
}
const FIELDS: readonly FieldDef[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
];

function bad(expr: string, why: string): AppError {
  return new AppError('BAD_INPUT', `Cron expression "${expr}": ${why}`);
}

function value(text: string, f: FieldDef, expr: string): number {
  const upper = text.toUpperCase();
  const named = f.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (f.nameBase ?? 0);
  if (!/^\d+$/.test(text)) throw bad(expr, `"${text}" is not a number in the ${f.name} field`);
  const n = Number(text);
  if (n < f.min || n > f.max) throw bad(expr, `${n} is outside ${f.min}–${f.max} in the ${f.name} field`);
  return n;
}

function parseField(text: string, f: FieldDef, expr: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') throw bad(expr, `empty list item in the ${f.name} field`);
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw bad(expr, `"${part}" has two steps in the ${f.name} field`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw bad(expr, `step "${stepText}" must be a positive number in the ${f.name} field`);
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (range === '*') {
      lo = f.min;
      hi = f.max;
    } else if (range!.includes('-')) {
      const [a, b, more] = range!.split('-');
      if (more !== undefined || !a || !b) throw bad(expr, `"${range}" is not a range in the ${f.name} field`);
      lo = value(a, f, expr);
      hi = value(b, f, expr);
      if (lo > hi) throw bad(expr, `range ${range} runs backwards in the ${f.name} field`);
    } else {
      lo = value(range!, f, expr);
      // `5/15` means from 5 to the end, every 15 (as Vixie cron reads it).
      hi = stepText !== undefined ? f.max : lo;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses an expression (or an @daily-style macro); a bad one is a BAD_INPUT error naming the field. */
export function parseCron(source: string): CronExpr {
  const trimmed = source.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const parts = expanded.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) throw bad(source, `needs 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!, source));
  const weekdays = new Set([...sets[4]!].map((d) => d % 7));
  return {
    source: trimmed,
    minutes: [...sets[0]!].sort((a, b) => a - b),
    hours: [...sets[1]!].sort((a, b) => a - b),
    days: sets[2]!,
    months: sets[3]!,
    weekdays,
    anyDay: parts[2]!.startsWith('*'),
    anyWeekday: parts[4]!.startsWith('*'),
  };
}

/** Whether a calendar date (month 1–12, weekday 0 = Sunday) is a day the expression runs on. */
export function matchesDay(e: CronExpr, month: number, day: number, weekday: number): boolean {
  if (!e.months.has(month)) return false;
  const dom = e.days.has(day);
  const dow = e.weekdays.has(weekday);
  if (e.anyDay && e.anyWeekday) return true;
  if (e.anyDay) return dow;
  if (e.anyWeekday) return dom;
  return dom || dow;
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
}

/** Reads instants as wall-clock fields in one zone. */
type WallReader = (ms: number) => Wall;

function wallReader(timeZone: string): WallReader {
  if (timeZone === 'UTC') {
    return (ms) => {
      const t = new Date(ms);
      return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes() };
    };
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch {
    throw new AppError('BAD_INPUT', `Unknown time zone "${timeZone}" (use UTC or an IANA name such as Europe/Paris)`);
  }
  return (ms) => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute! };
  };
}

/** Checks a zone name: UTC or one the platform's time-zone database knows. */
export function assertTimeZone(timeZone: string): void {
  wallReader(timeZone);
}

const MIN = 60_000;

/** The wall clock's minute as a number on a UTC-like scale (for offsets). */
function wallMs(w: Wall): number {
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi);
}

/**
 * The first instant whose wall clock reads `w`, or — when `w` falls in a spring-forward gap — the
 * first instant after the gap. Candidates come from the offsets just before and after the date.
 */
function instantOf(w: Wall, read: WallReader): number {
  const local = wallMs(w);
  const offsets = new Set<number>();
  for (const probe of [local - 36 * 60 * MIN, local, local + 36 * 60 * MIN]) offsets.add(wallMs(read(probe)) - probe);
  const exact = [...offsets].map((o) => local - o).filter((t) => wallMs(read(t)) === local);
  if (exact.length) return Math.min(...exact);
  // In a gap: the wall clock jumps over `w`; run at the first minute it reads later than `w`.
  let t = Math.min(...[...offsets].map((o) => local - o));
  for (let i = 0; i < 24 * 60 && wallMs(read(t)) < local; i++) t += MIN;
  return t;
}

/**
 * The first time strictly after `afterMs` at which the expression fires, in `timeZone`.
 * Searches day by day (at most ~8 years, enough for 29 February on a given weekday); an expression
 * that never fires (31 February) is a BAD_INPUT error.
 */
export function nextCronRun(e: CronExpr, afterMs: number, timeZone = 'UTC'): number {
  const read = wallReader(timeZone);
  const start = read(afterMs);
  const day = new Date(Date.UTC(start.y, start.mo - 1, start.d));
  for (let i = 0; i < 366 * 8; i++, day.setUTCDate(day.getUTCDate() + 1)) {
    const y = day.getUTCFullYear();
    const mo = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (!matchesDay(e, mo, d, day.getUTCDay())) continue;
    for (const h of e.hours) {
      for (const mi of e.minutes) {
        const t = instantOf({ y, mo, d, h, mi }, read);
        if (t > afterMs) return t;
      }
    }
  }
  throw bad(e.source, 'never fires (no such date)');
}
