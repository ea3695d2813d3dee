import { describe, expect, it } from 'vitest';
import { isReadOnlyStatement } from './explain.collector';

describe('isReadOnlyStatement (gate for ANALYZE, which executes)', () => {
  it.each([
    ['SELECT 1', true],
    ['  /* c */ select id from t', true],
    ['WITH x AS (SELECT 1) SELECT * FROM x', true],
    ['(SELECT 1) UNION (SELECT 2)', true],
    ['SELECT id FROM t FOR UPDATE', false],
    ['SELECT id FROM t LOCK IN SHARE MODE', false],
    ["SELECT id INTO OUTFILE '/tmp/x' FROM t", false],
    ['DELETE FROM t WHERE id = 1', false],
    ['UPDATE t SET a = 1', false],
    ['INSERT INTO t SELECT 1', false],
  ])('%s → %s', (sql, read) => expect(isReadOnlyStatement(sql)).toBe(read));
});
