import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../shared/sql-split';
import { splitStatements as workloadStatements } from '../query-lint/sql-ast';

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

  it("keeps MariaDB's executable comments (/*M!…*/) in the statement, so the read guard sees what the server would run", () => {
    const out = splitStatements("/*M!100000 INSERT INTO d.t (msg) */ (SELECT 'x');\n/*m!100000 DELETE FROM d.t */ SELECT 1;\n/* plain */ SELECT 2");
    expect(out.map((s) => s.sql)).toEqual(["/*M!100000 INSERT INTO d.t (msg) */ (SELECT 'x')", '/*m!100000 DELETE FROM d.t */ SELECT 1', 'SELECT 2']);
  });

  it('cuts nothing inside /* ; */, -- ; and # ; comments, and keeps `--x` (no space) as SQL', () => {
    const out = splitStatements('SELECT 1 /* a; b */ + 2;\nSELECT 2 -- c; d\n+ 1;\nSELECT 3 # e; f\n;\nSELECT 4--5\n;');
    expect(out.map((s) => s.sql)).toEqual(['SELECT 1 /* a; b */ + 2', 'SELECT 2 -- c; d\n+ 1', 'SELECT 3 # e; f', 'SELECT 4--5']);
  });

  it('honours DELIMITER for stored programs whose bodies hold `;`', () => {
    const script = [
      'DELIMITER //',
      'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT `;`; END//',
      "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = ';'; END //",
      'delimiter ;',
      'SELECT 2; SELECT 3',
    ].join('\n');
    expect(splitStatements(script).map((s) => s.sql)).toEqual([
      'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT `;`; END',
      "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = ';'; END",
      'SELECT 2',
      'SELECT 3',
    ]);
  });

  it('gives each statement where its comments start and where it ends', () => {
    const script = 'SELECT 1;\n-- two\nSELECT 2;';
    const [a, b] = splitStatements(script);
    expect([a!.from, a!.offset, a!.end]).toEqual([0, 0, 8]);
    expect(script.slice(b!.from, b!.end)).toBe('-- two\nSELECT 2');
    expect(b!.offset).toBe(script.indexOf('SELECT 2'));
  });

  it('is the splitter the editor runner and the linter use (workload names from `-- name |` comments)', () => {
    const out = workloadStatements('-- login | 100 | 5ms\nSELECT 1 /* ; */;\n# x;\nSELECT 2');
    expect(out).toEqual([
      { name: 'login', sql: 'SELECT 1 /* ; */' },
      { name: null, sql: 'SELECT 2' },
    ]);
  });
});
