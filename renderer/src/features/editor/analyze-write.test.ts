import { describe, expect, it } from 'vitest';
import { analyzeOutputOf, isWriteStatement } from './analyze-write';

const step = (id: string, sql: string) => ({
  id,
  kind: 'ADMIN' as const,
  sql,
  description: '',
  risk: 'low' as const,
  estimate: '',
  rollback: null,
  needsRestart: false,
});
const applied = (analyze: 'ok' | 'failed', rollback: 'ok' | 'skipped') => ({
  plan: {
    planner: 'explain-analyze',
    title: '',
    notes: [],
    hash: 'h',
    steps: [step('begin', 'START TRANSACTION'), step('analyze', 'ANALYZE FORMAT=JSON DELETE FROM t'), step('rollback', 'ROLLBACK')],
  },
  outcomes: [
    { stepId: 'begin', sql: 'START TRANSACTION', status: 'ok' as const, durationMs: 1, message: '0 row(s) affected', auditId: 1 },
    {
      stepId: 'analyze',
      sql: 'ANALYZE FORMAT=JSON DELETE FROM t',
      status: analyze,
      durationMs: 1,
      message: analyze === 'ok' ? '{"query_block":{}}' : 'LOCK_WAIT: timeout',
      auditId: 2,
    },
    { stepId: 'rollback', sql: 'ROLLBACK', status: rollback, durationMs: 1, message: rollback === 'ok' ? '0 row(s) affected' : 'not run', auditId: 3 },
  ],
  stoppedAt: null,
  before: { at: '', metrics: [] },
  after: null,
});

describe('ANALYZE of a write', () => {
  it('goes the plan way for INSERT/UPDATE/DELETE/REPLACE only', () => {
    expect(isWriteStatement('/* c */ UPDATE t SET a = 1')).toBe(true);
    expect(isWriteStatement('-- x\ndelete from t')).toBe(true);
    expect(isWriteStatement('SELECT * FROM t')).toBe(false);
    expect(isWriteStatement('WITH x AS (SELECT 1) SELECT * FROM x')).toBe(false);
  });
  it('reads the plan text from the ANALYZE step, and refuses an outcome that did not roll back cleanly', () => {
    expect(analyzeOutputOf(applied('ok', 'ok'))).toEqual({ text: '{"query_block":{}}', explainSql: 'ANALYZE FORMAT=JSON DELETE FROM t' });
    expect(analyzeOutputOf(applied('failed', 'skipped'))).toEqual({ error: expect.stringMatching(/ANALYZE failed: LOCK_WAIT/) });
    expect(analyzeOutputOf(applied('ok', 'skipped'))).toEqual({ error: expect.stringMatching(/ROLLBACK did not report success/) });
  });
});
