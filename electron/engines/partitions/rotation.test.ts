import { describe, expect, it } from 'vitest';
import { fromDays, toDays } from './bounds';
import { dateScheme, decodeBound, parseRetention, planRotation, rotationTimeline, type LivePartition } from './rotation';

const part = (name: string, description: string, rows = 0, ordinal = 0): LivePartition => ({ name, ordinal, description, rows, dataBytes: rows * 100 });

describe('rotation engine', () => {
  it('reads the schemes information_schema shows', () => {
    expect(dateScheme('RANGE COLUMNS', '`created_at`')).toEqual({ kind: 'columns', column: 'created_at' });
    expect(dateScheme('RANGE', 'to_days(`d`)')).toEqual({ kind: 'to_days', column: 'd' });
    expect(dateScheme('RANGE', 'year(`d`) * 100 + month(`d`)')).toBeNull();
    expect(dateScheme('HASH', '`id`')).toBeNull();
    expect(decodeBound(String(toDays(new Date(Date.UTC(2025, 0, 1)))), { kind: 'to_days', column: 'd' })).toEqual(new Date(Date.UTC(2025, 0, 1)));
    expect(fromDays(739617).toISOString().slice(0, 10)).toBe('2025-01-01');
  });

  it('crosses the year on dates: the bound after December is January 1st, never 202413', () => {
    const r = planRotation({
      schema: 's',
      table: 't',
      scheme: { kind: 'to_days', column: 'd' },
      partitions: [part('p202411', String(toDays(new Date(Date.UTC(2024, 11, 1))))), part('p202412', String(toDays(new Date(Date.UTC(2025, 0, 1)))))],
      asOf: '2024-12-20',
      retention: parseRetention('24m'),
      premake: 1,
      archive: 'drop',
    });
    expect(r.steps.map((s) => s.sql)).toEqual(["ALTER TABLE `s`.`t` ADD PARTITION (PARTITION `p202501` VALUES LESS THAN (TO_DAYS('2025-02-01')))"]);
    expect(r.steps[0]!.rollback).toBe('ALTER TABLE `s`.`t` DROP PARTITION `p202501`');
  });

  it('re-creates holes: a live partition holding three months is split per month', () => {
    const r = planRotation({
      schema: 's',
      table: 't',
      scheme: { kind: 'columns', column: 'd' },
      partitions: [part('p202608', "'2026-09-01'"), part('p202611', "'2026-12-01'", 7), part('p202612', "'2027-01-01'"), part('pmax', 'MAXVALUE')],
      asOf: '2026-12-06',
      retention: parseRetention('12m'),
      premake: 0,
      archive: 'drop',
    });
    expect(r.steps[0]!.id).toBe('split:p202611');
    expect(r.steps[0]!.sql).toBe(
      "ALTER TABLE `s`.`t` REORGANIZE PARTITION `p202611` INTO (PARTITION `p202609` VALUES LESS THAN ('2026-10-01'), PARTITION `p202610` VALUES LESS THAN ('2026-11-01'), PARTITION `p202611` VALUES LESS THAN ('2026-12-01'))",
    );
    expect(r.steps[0]!.risk).toBe('medium');
    expect(r.steps).toHaveLength(1);
  });

  it('places each partition on the timeline against today and the retention', () => {
    const { timeline, interval } = rotationTimeline({
      scheme: { kind: 'columns', column: 'd' },
      partitions: [
        part('p202510', "'2025-11-01'"),
        part('p202611', "'2026-12-01'"),
        part('p202612', "'2027-01-01'"),
        part('p202701', "'2027-02-01'"),
        part('pmax', 'MAXVALUE', 3),
      ],
      asOf: '2026-12-06',
      retention: parseRetention('12m'),
    });
    expect(interval).toBe('month');
    expect(timeline.map((p) => p.status)).toEqual(['expired', 'past', 'current', 'future', 'catch-all']);
    expect(timeline[2]).toMatchObject({ from: '2026-12-01', to: '2027-01-01' });
  });

  it('refuses retention it cannot read', () => {
    expect(() => parseRetention('12 months')).toThrow(/12m, 8w, 90d/);
  });
});
