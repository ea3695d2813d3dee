import { describe, expect, it } from 'vitest';
import { splitStatements } from './sql-split';

describe('splitStatements', () => {
  it('keeps leading comments with the statement that follows them', () => {
    const out = splitStatements('-- header\n\n-- login | 100 | 100ms\nSELECT 1;\n# two\nSELECT 2');
    expect(out.map((s) => s.sql)).toEqual(['SELECT 1', 'SELECT 2']);
    expect(out[0]!.comments).toEqual(['header', 'login | 100 | 100ms']);
    expect(out[1]!.comments).toEqual(['two']);
  });

  it('does not split inside quotes, backticks or comments', () => {
    const out = splitStatements("SELECT ';', \"a;b\", `c;d` FROM t /* x; y */ WHERE a = 'it''s; \\' ok';SELECT 3");
    expect(out).toHaveLength(2);
    expect(out[0]!.sql).toContain("'it''s; \\' ok'");
    expect(out[1]!.sql).toBe('SELECT 3');
  });

  it('treats executable comments as SQL and ignores empty statements', () => {
    const out = splitStatements(';;/*!40101 SET NAMES utf8 */;\n--x\nSELECT 1;');
    expect(out.map((s) => s.sql)).toEqual(['/*!40101 SET NAMES utf8 */', '--x\nSELECT 1']);
  });
});
