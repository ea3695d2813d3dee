import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/core';
import { nextCronRun, parseCron } from './cron';
import { dueDecision, nextRunAfter } from './schedule';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();
const next = (expr: string, after: string, zone = 'UTC'): string => iso(nextCronRun(parseCron(expr), at(after), zone));

describe('parseCron', () => {
  it('reads lists, ranges, steps and names', () => {
    const e = parseCron('*/15 9-17/4 1,15 JAN-mar mon-fri');
    expect(e.minutes).toEqual([0, 15, 30, 45]);
    expect(e.hours).toEqual([9, 13, 17]);
    expect([...e.days].sort((a, b) => a - b)).toEqual([1, 15]);
    expect([...e.months].sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect([...e.weekdays].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });
  it('treats 7 as Sunday and expands macros', () => {
    expect([...parseCron('0 0 * * 7').weekdays]).toEqual([0]);
    expect(parseCron('@daily').minutes).toEqual([0]);
    expect(parseCron('5/20 * * * *').minutes).toEqual([5, 25, 45]);
  });
  it.each([
    ['* * * *', /5 fields/],
    ['60 * * * *', /outside 0–59 in the minute field/],
    ['* 24 * * *', /hour field/],
    ['* * 0 * *', /day of month/],
    ['* * * 13 *', /month field/],
    ['*/0 * * * *', /positive/],
    ['5-1 * * * *', /backwards/],
    ['a * * * *', /not a number/],
    ['1,,2 * * * *', /empty list item/],
  ])('refuses %s with a typed error', (expr, why) => {
    let err: unknown;
    try {
      parseCron(expr);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_INPUT');
    expect((err as AppError).message).toMatch(why);
  });
});

describe('nextCronRun in UTC', () => {
  it('finds the next minute, hour and day', () => {
    expect(next('*/15 * * * *', '2026-03-01T10:07:30Z')).toBe('2026-03-01T10:15:00.000Z');
    expect(next('0 3 * * *', '2026-03-01T03:00:00Z')).toBe('2026-03-02T03:00:00.000Z');
    expect(next('30 2 * * 1', '2026-03-01T00:00:00Z')).toBe('2026-03-02T02:30:00.000Z'); // 1 March 2026 is a Sunday
    expect(next('0 0 1 * *', '2026-12-15T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
  });
  it('runs on either restricted day field (Vixie cron)', () => {
    // the 13th, or any Friday: after Sunday 1 March 2026 the first is Friday 6 March
    expect(next('0 0 13 * 5', '2026-03-01T00:00:00Z')).toBe('2026-03-06T00:00:00.000Z');
  });
  it('reaches 29 February years ahead and refuses a date that never exists', () => {
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(() => next('0 0 31 2 *', '2026-03-01T00:00:00Z')).toThrow(/never fires/);
  });
});

describe('nextCronRun across daylight-saving changes', () => {
  it('runs a time skipped by the spring-forward gap right after the gap, once', () => {
    // Europe/Paris jumps from 02:00 to 03:00 local (01:00Z) on 29 March 2026.
    const first = next('30 2 * * *', '2026-03-28T12:00:00Z', 'Europe/Paris');
    expect(first).toBe('2026-03-29T01:00:00.000Z');
    expect(next('30 2 * * *', first, 'Europe/Paris')).toBe('2026-03-30T00:30:00.000Z');
  });
  it('runs a time that occurs twice in the autumn once, at its first occurrence', () => {
    // Europe/Paris falls back from 03:00 CEST (01:00Z) to 02:00 CET on 25 October 2026: 02:30 happens at 00:30Z and 01:30Z.
    const first = next('30 2 * * *', '2026-10-24T12:00:00Z', 'Europe/Paris');
    expect(first).toBe('2026-10-25T00:30:00.000Z');
    expect(next('30 2 * * *', first, 'Europe/Paris')).toBe('2026-10-26T01:30:00.000Z');
  });
  it('keeps the wall-clock time across the change in New York', () => {
    expect(next('0 9 * * *', '2026-03-07T15:00:00Z', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z'); // EDT from 8 March
    expect(next('0 9 * * *', '2026-03-06T15:00:00Z', 'America/New_York')).toBe('2026-03-07T14:00:00.000Z'); // still EST
  });
  it('refuses an unknown zone', () => {
    expect(() => next('0 0 * * *', '2026-01-01T00:00:00Z', 'Mars/Olympus')).toThrow(/Unknown time zone/);
  });
});

describe('dueDecision', () => {
  const daily = { kind: 'daily' as const, at: '03:00', timeZone: 'UTC' };
  it('runs once for every slot missed while the app was closed', () => {
    const slot = at('2026-01-01T03:00:00Z');
    const d = dueDecision(daily, slot, at('2026-01-05T12:00:00Z'), at('2026-01-05T11:59:00Z'));
    expect(d).toEqual({ due: true, trigger: 'missed', missedSlots: 5 });
    expect(iso(nextRunAfter(daily, at('2026-01-05T12:00:00Z')))).toBe('2026-01-06T03:00:00.000Z');
  });
  it('is a plain scheduled run when the slot came while running, and not due before it', () => {
    const slot = at('2026-01-01T03:00:00Z');
    expect(dueDecision(daily, slot, at('2026-01-01T03:00:20Z'), at('2025-12-31T00:00:00Z'))).toEqual({ due: true, trigger: 'schedule', missedSlots: 0 });
    expect(dueDecision(daily, slot, at('2026-01-01T02:59:59Z'), at('2025-12-31T00:00:00Z'))).toEqual({ due: false });
  });
});
