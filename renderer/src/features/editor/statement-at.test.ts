import { describe, expect, it } from 'vitest';
import { statementAt, statementRanges } from './statement-at';

describe('statement at cursor', () => {
  const text = "SELECT 1;\nSELECT ';' AS s; -- c;\nSELECT 3";
  it('splits on semicolons outside quotes and comments', () => {
    expect(statementRanges(text).map((s) => s.sql)).toEqual(['SELECT 1', "SELECT ';' AS s", '-- c;\nSELECT 3']);
  });
  it('picks the statement under the cursor', () => {
    expect(statementAt(text, 2)?.sql).toBe('SELECT 1');
    expect(statementAt(text, 14)?.sql).toBe("SELECT ';' AS s");
    expect(statementAt(text, text.length)?.sql).toMatch(/SELECT 3$/);
  });
});
