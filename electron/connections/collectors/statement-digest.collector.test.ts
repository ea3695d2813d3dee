import { describe, expect, it } from 'vitest';
import { digestText } from '../../engines/slowlog/digest';
import { reportFromDigests } from '../../services/slow-log/live-digest';
import { slowLogRowsToText, type StatementDigestRow } from './statement-digest.collector';

describe('mysql.slow_log rows as log text', () => {
  it('renders entries the digest engine reads back with their times, rows, db and thread', () => {
    const text = slowLogRowsToText([
      {
        startTime: '2026-11-20T09:00:00.000000Z',
        userHost: 'app[app] @  [10.0.1.11]',
        queryTime: 1.5,
        lockTime: 0.0001,
        rowsSent: 1,
        rowsExamined: 300000,
        db: 'cowrite',
        threadId: 7,
        sqlText: 'SELECT * FROM user_sessions WHERE token_hash = "ab"',
      },
      {
        startTime: '2026-11-20T09:00:01.000000Z',
        userHost: 'app[app] @  [10.0.1.11]',
        queryTime: 0.5,
        lockTime: 0,
        rowsSent: 1,
        rowsExamined: 300000,
        db: 'cowrite',
        threadId: 7,
        sqlText: 'SELECT * FROM user_sessions WHERE token_hash = "cd";',
      },
    ]);
    const r = digestText(text);
    expect(r.warnings).toEqual([]);
    expect(r.classes).toHaveLength(1);
    const c = r.classes[0]!;
    expect(c.count).toBe(2);
    expect(c.metrics.Query_time!.sum).toBeCloseTo(2);
    expect(c.metrics.Rows_examined!.max).toBe(300000);
    expect(c.dbs[0]!.value).toBe('cowrite');
    expect(c.users[0]!.value).toBe('app');
  });
});

describe('performance_schema digests as a report', () => {
  const row = (digest: string, text: string, count: number, sumTime: number, over: Partial<StatementDigestRow> = {}): StatementDigestRow => ({
    schema: 'cowrite',
    digest,
    digestText: text,
    count,
    sumTime,
    minTime: sumTime / count / 2,
    avgTime: sumTime / count,
    maxTime: (sumTime / count) * 2,
    p95: null,
    p99: null,
    sumLockTime: 0,
    rowsSent: count,
    rowsExamined: count * 50_000,
    rowsAffected: 0,
    tmpTables: 0,
    tmpDiskTables: 0,
    selectScan: count,
    noIndexUsed: count,
    firstSeen: '2026-11-20 09:00:00.000000',
    lastSeen: '2026-11-20 10:00:00.000000',
    sampleText: null,
    ...over,
  });
  const snap = {
    enabled: true,
    hasQuantiles: false,
    hasSample: false,
    rows: [
      row('aa11', 'SELECT * FROM `cowrite` . `users` WHERE `email` = ?', 100, 5),
      row('bb22', 'SELECT `id` FROM `cowrite` . `documents` WHERE `id` = ?', 1000, 0.5, { rowsExamined: 1000, selectScan: 0 }),
    ],
  };

  it('keeps count, total/min/avg/max time and row sums; shares and findings follow', () => {
    const { report, missingMetrics } = reportFromDigests(snap);
    expect(report.classes.map((c) => c.count)).toEqual([100, 1000]);
    const [a, b] = report.classes;
    expect(a!.pctOfOrderBy).toBeCloseTo(5 / 5.5);
    expect(a!.metrics.Query_time).toMatchObject({ cnt: 100, sum: 5, avg: 0.05, max: 0.1, min: 0.025 });
    expect(a!.tables).toEqual(['cowrite.users']);
    expect(a!.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['full-scan', 'rows-examined-ratio']));
    expect(b!.findings).toEqual([]);
    expect(report.header.qps).toBeCloseTo(1100 / 3600);
    expect(missingMetrics).toEqual(expect.arrayContaining(['Query_time.median', 'Query_time.p95', 'histogram']));
  });

  it('applies the db and text filters and the limit', () => {
    expect(reportFromDigests(snap, { filter: { text: 'documents' } }).report.classes.map((c) => c.checksum)).toEqual(['BB22']);
    expect(reportFromDigests(snap, { filter: { db: ['other'] } }).report.classes).toEqual([]);
    expect(reportFromDigests(snap, { limit: 1 }).report.classes).toHaveLength(1);
  });
});
