import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workloadFromDigests, workloadFromScript } from './workload';

describe('workloadFromScript', () => {
  it('weighs each statement by its `name | qps | slo` comment', () => {
    const w = workloadFromScript(readFileSync(new URL('../../../../shared/corpus/cowrite/workload.sql', import.meta.url), 'utf8'));
    expect(w).toHaveLength(16);
    expect(w[0]).toMatchObject({ name: 'login', weight: { count: 100, totalTimeSec: 10 } });
    expect(w.find((q) => q.name === 'cleanup_expired_sessions')!.weight).toEqual({ count: 1, totalTimeSec: 0.5 });
  });

  it('gives unannotated statements a unit weight and a positional name', () => {
    expect(workloadFromScript('-- just a note\nSELECT 1; SELECT 2')).toEqual([
      { sql: 'SELECT 1', name: 'query 1', weight: { count: 1, totalTimeSec: 1 } },
      { sql: 'SELECT 2', name: 'query 2', weight: { count: 1, totalTimeSec: 1 } },
    ]);
  });
});

describe('workloadFromDigests', () => {
  it('converts picoseconds and prefers an untruncated sample over the digest text', () => {
    const w = workloadFromDigests([
      {
        SCHEMA_NAME: 'db',
        DIGEST_TEXT: 'SELECT * FROM `t` WHERE `a` = ?',
        QUERY_SAMPLE_TEXT: 'SELECT * FROM t WHERE a = 5',
        COUNT_STAR: '4',
        SUM_TIMER_WAIT: '2000000000000',
        SUM_ROWS_EXAMINED: '400',
      },
      {
        SCHEMA_NAME: 'db',
        DIGEST_TEXT: 'SELECT `b` FROM `t`',
        QUERY_SAMPLE_TEXT: 'SELECT b FROM t WHERE x IN (1, 2, ...',
        COUNT_STAR: 1,
        SUM_TIMER_WAIT: 0,
        SUM_ROWS_EXAMINED: 0,
      },
    ]);
    expect(w[0]).toMatchObject({ sql: 'SELECT * FROM t WHERE a = 5', weight: { count: 4, totalTimeSec: 2 }, rowsExamined: 100 });
    expect(w[1]!.sql).toBe('SELECT `b` FROM `t`');
  });
});
