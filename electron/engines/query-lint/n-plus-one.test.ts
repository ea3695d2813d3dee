import { describe, expect, it } from 'vitest';
import { findNPlusOne, fingerprint } from './n-plus-one';

describe('fingerprint', () => {
  it('replaces literals and IN lists', () => {
    expect(fingerprint("SELECT * FROM t WHERE a = 'x' AND b IN (1, 2,3) -- c")).toBe('select * from t where a = ? and b in (?+)');
  });
});

describe('findNPlusOne', () => {
  const loop = Array.from({ length: 12 }, (_, i) => `SELECT id, title FROM documents WHERE project_id = ${i + 1}`);
  it('flags one shape repeated with different values', () => {
    const [f] = findNPlusOne([...loop, 'SELECT 1']);
    expect(f).toMatchObject({ ruleId: 'n-plus-one', evidence: { executions: 12, distinctValues: 12 } });
  });
  it('ignores the same statement repeated verbatim, short runs, and writes', () => {
    expect(findNPlusOne(Array.from({ length: 12 }, () => 'SELECT 1 FROM t WHERE id = 5'))).toEqual([]);
    expect(findNPlusOne(loop.slice(0, 5))).toEqual([]);
    expect(findNPlusOne(Array.from({ length: 12 }, (_, i) => `DELETE FROM t WHERE id = ${i}`))).toEqual([]);
  });
});
