import { describe, expect, it } from 'vitest';
import { formatPrune } from './partition.command';

describe('formatPrune', () => {
  const report = {
    scratch: 'dbw_scratch_0123456789ab',
    sampledRows: 400,
    total: 10,
    dropped: true,
    results: [
      { name: 'one month', sql: 'SELECT 1', partitions: ['p1'], total: 10, readsAll: false, error: null },
      { name: 'by user', sql: 'SELECT 2', partitions: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9'], total: 10, readsAll: true, error: null },
      { name: 'other table', sql: 'SELECT 3', partitions: null, total: 10, readsAll: false, error: null },
      { name: 'broken', sql: 'SELEC', partitions: null, total: 10, readsAll: false, error: 'ER_PARSE_ERROR (1064)' },
    ],
  };

  it('shows partitions read of the total with a bar, and flags the full scan', () => {
    const lines = formatPrune('db.t', report).trimEnd().split('\n');
    expect(lines[0]).toBe('db.t: pruning on a scratch copy (400 sampled rows, 10 partitions; dbw_scratch_0123456789ab dropped)');
    expect(lines[1]).toMatch(/^ {2}one month\s+1\/10 ##\.{18}$/);
    expect(lines[2]).toMatch(/by user\s+10\/10 #{20} {2}READS EVERY PARTITION$/);
    expect(lines[3]).toMatch(/other table\s+does not read the table$/);
    expect(lines[4]).toMatch(/broken\s+error: ER_PARSE_ERROR \(1064\)$/);
  });

  it('says when the scratch database could not be dropped', () => {
    expect(formatPrune('db.t', { ...report, dropped: false })).toContain('dbw_scratch_0123456789ab NOT dropped: drop it by hand');
  });
});
