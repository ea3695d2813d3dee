/**
 * Partition bounds as dates. Bounds are computed on calendar dates (UTC, no time zone), never on
 * YYYYMM numbers: 202412 + 1 is 202413, not January. The server's own encodings are decoded here:
 * TO_DAYS counts days from year 0 (TO_DAYS('1970-01-01') = 719528), TO_SECONDS seconds from year 0,
 * RANGE COLUMNS bounds are quoted date literals.
 * https://dev.mysql.com/doc/refman/8.4/en/date-and-time-functions.html#function_to-days
 */

/** TO_DAYS('1970-01-01'). */
export const EPOCH_TO_DAYS = 719528;
const DAY_MS = 86_400_000;

/** A rotation step. */
export type Interval = 'day' | 'week' | 'month';

/** 'YYYY-MM-DD' of a UTC date. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Parses 'YYYY-MM-DD[ hh:mm:ss]' as a UTC instant, or null. */
export function parseDate(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?/.exec(text.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** TO_DAYS of a date. */
export function toDays(d: Date): number {
  return EPOCH_TO_DAYS + Math.floor(d.getTime() / DAY_MS);
}

/** The date whose TO_DAYS is `n`. */
export function fromDays(n: number): Date {
  return new Date((n - EPOCH_TO_DAYS) * DAY_MS);
}

/** TO_SECONDS of an instant. */
export function toSeconds(d: Date): number {
  return EPOCH_TO_DAYS * 86_400 + Math.floor(d.getTime() / 1000);
}

/** `n` intervals after `d` (months keep the first of the month). */
export function addInterval(d: Date, interval: Interval, n: number): Date {
  if (interval === 'month') return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate()));
  return new Date(d.getTime() + n * (interval === 'week' ? 7 : 1) * DAY_MS);
}

/** The start of the interval holding `d` (months: the 1st; weeks: Monday; days: midnight). */
export function startOf(d: Date, interval: Interval): Date {
  if (interval === 'month') return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  if (interval === 'day') return day;
  const back = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - back * DAY_MS);
}

/** A YYYYMM number (202402) as the first day of that month, or null when it is not one. */
export function yyyymmToDate(n: number): Date | null {
  const y = Math.floor(n / 100);
  const m = n % 100;
  if (!Number.isInteger(n) || y < 1000 || y > 9999 || m < 1 || m > 12) return null;
  return new Date(Date.UTC(y, m - 1, 1));
}

/** The name a partition holding [from, to) gets: p202401 for a month, p20240108 for a day or week. */
export function partitionName(from: Date, interval: Interval): string {
  const iso = isoDate(from).replace(/-/g, '');
  return interval === 'month' ? `p${iso.slice(0, 6)}` : `p${iso}`;
}
