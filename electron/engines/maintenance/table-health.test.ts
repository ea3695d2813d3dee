import { describe, expect, it } from 'vitest';
import { planAnalyzeTables } from './analyze-table.plan';
import { assessTableHealth, defaultHealthLimits, type TableHealthInput } from './table-health';

const MB = 1024 * 1024;
const now = new Date('2026-12-06T12:00:00Z');
const base: TableHealthInput = {
  schema: 'app',
  table: 't',
  engine: 'InnoDB',
  rows: 1000,
  dataBytes: 300 * MB,
  indexBytes: 100 * MB,
  statsUpdatedAt: '2026-12-01 12:00:00',
  freeBytes: 4 * MB,
  countedRows: 1000,
};

describe('table health', () => {
  it('is quiet on a healthy table', () => {
    const h = assessTableHealth(base, now);
    expect(h.advice).toEqual([]);
    expect(h.statsAgeDays).toBe(5);
    expect(h.estimateErrorPct).toBe(0);
    expect(h.fragmentationPct).toBe(1);
  });
  it('advises OPTIMIZE when free space is both a large share and large, and lets it cover stale statistics', () => {
    const h = assessTableHealth({ ...base, freeBytes: 200 * MB, statsUpdatedAt: '2026-09-01 00:00:00' }, now);
    expect(h.fragmentationPct).toBe(33.3);
    expect(h.advice).toEqual(['optimize']);
    expect(h.reasons.join(' ')).toMatch(/33.3% of the table's space is free/);
    expect(h.reasons.join(' ')).toMatch(/statistics are 96.5 days old/);
    expect(assessTableHealth({ ...base, dataBytes: MB, indexBytes: 0, freeBytes: 3 * MB }, now).advice).toEqual([]);
  });
  it('advises ANALYZE on old statistics or an estimate far from the count', () => {
    expect(assessTableHealth({ ...base, statsUpdatedAt: '2026-10-01 00:00:00' }, now).advice).toEqual(['analyze']);
    const off = assessTableHealth({ ...base, rows: 20_000, countedRows: 2000 }, now);
    expect(off.estimateErrorPct).toBe(900);
    expect(off.advice).toEqual(['analyze']);
    expect(assessTableHealth({ ...base, countedRows: null }, now).estimateErrorPct).toBeNull();
    expect(defaultHealthLimits.statsAgeDays).toBe(30);
  });
});

describe('OPTIMIZE plan', () => {
  it('says what OPTIMIZE does on InnoDB, with a time estimate from the size', () => {
    const { plan } = planAnalyzeTables([{ schema: 'app', table: 't' }], [base], 'optimize');
    expect(plan.title).toBe('OPTIMIZE TABLE on 1 table');
    expect(plan.steps[0]).toMatchObject({ id: 'optimize:app.t', kind: 'DDL', sql: 'OPTIMIZE TABLE `app`.`t`', risk: 'low' });
    expect(plan.steps[0]!.estimate).toBe(
      'rebuilds 400.0 MB (~8 s at 50 MB/s); online: writes go on, exclusive metadata lock briefly at start and end; needs that much free disk',
    );
    expect(plan.notes[0]).toMatch(/recreate \+ analyze/);
    expect(planAnalyzeTables([{ schema: 'app', table: 't' }], [base]).plan.steps[0]!.sql).toBe('ANALYZE TABLE `app`.`t`');
  });
});
