import { describe, expect, it } from 'vitest';
import { hasRowLimit, needsRowCap } from './row-limit';

describe('row cap of the editor', () => {
  it('applies to a SELECT without a LIMIT of its own', () => {
    expect(needsRowCap('SELECT * FROM documents')).toBe(true);
    expect(needsRowCap('SELECT * FROM t WHERE id IN (SELECT id FROM u LIMIT 5)')).toBe(true);
    expect(needsRowCap("SELECT 'LIMIT 3' AS s FROM t")).toBe(true);
    expect(needsRowCap('WITH x AS (SELECT 1) SELECT * FROM x')).toBe(true);
  });
  it('leaves bounded queries and non-queries as written', () => {
    expect(needsRowCap('SELECT * FROM documents LIMIT 10')).toBe(false);
    expect(needsRowCap('select * from t order by id fetch first 5 rows only')).toBe(false);
    expect(needsRowCap('SHOW TABLES')).toBe(false);
    expect(needsRowCap('EXPLAIN SELECT * FROM t')).toBe(false);
    expect(hasRowLimit('SELECT * FROM (SELECT * FROM t LIMIT 3) x')).toBe(false);
  });
});
