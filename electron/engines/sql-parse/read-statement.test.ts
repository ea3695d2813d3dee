import { describe, expect, it } from 'vitest';
import { classifyRead, isReadStatement, type ReadRefusal } from './read-statement';
import { lexOptionsOf } from './sql-lexer';

const reason = (sql: string, mode = ''): ReadRefusal | 'ok' => {
  const v = classifyRead(sql, lexOptionsOf(mode));
  return v.ok ? 'ok' : v.reason;
};

describe('classifyRead refuses every bypass found through the API', () => {
  it.each([
    ['/*M!100000 INSERT INTO db.log (msg) */ (SELECT 1)', 'executable-comment'],
    ['/*M!100000 DELETE FROM db.t */ SELECT 1', 'executable-comment'],
    ['/*M!100000 CREATE OR REPLACE TABLE db.t AS */ SELECT 1', 'executable-comment'],
    ['/*M!100000 SET GLOBAL max_connections = 1 */', 'executable-comment'],
    ["/*M!100000 SET PASSWORD FOR 'u'@'%' = PASSWORD('x') */", 'executable-comment'],
    ['/*m!100000 DELETE FROM db.t */ SELECT 1', 'executable-comment'],
    ['/*!50000 DELETE FROM db.t */ SELECT 1', 'executable-comment'],
    ['SELECT 1 /*! INTO OUTFILE "/tmp/x" */', 'executable-comment'],
    ['SELECT /*!*/ 1', 'executable-comment'],
    ['WITH t AS (SELECT 1) DELETE FROM db.t WHERE id = 1', 'cte-write'],
    ['WITH RECURSIVE t (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) UPDATE db.x SET a = 1', 'cte-write'],
    ['with a as (select 1), b as (select 2) insert into db.t select * from a', 'cte-write'],
    ["SELECT * FROM users INTO OUTFILE '/var/lib/mysql-files/x.txt'", 'into'],
    ["SELECT 1 INTO DUMPFILE '/tmp/x'", 'into'],
    ["(SELECT 1 INTO OUTFILE '/tmp/x')", 'into'],
    ["SELECT * FROM (SELECT 1 AS a) d INTO OUTFILE '/tmp/x'", 'into'],
    ["WITH c AS (SELECT 1 AS a) SELECT * FROM c INTO OUTFILE '/tmp/x'", 'into'],
    ['SELECT id INTO @v FROM users LIMIT 1', 'into'],
    ['SELECT id FROM users LIMIT 1 INTO @v', 'into'],
    ['EXPLAIN FORMAT=JSON INTO @v SELECT 1', 'into'],
    ['SELECT * FROM users FOR UPDATE', 'locking-read'],
    ['SELECT * FROM users WHERE id = 1 FOR SHARE NOWAIT', 'locking-read'],
    ['SELECT * FROM users LOCK IN SHARE MODE', 'locking-read'],
    ['SELECT * FROM (SELECT * FROM users FOR UPDATE) x', 'locking-read'],
    ['SELECT 1; DELETE FROM users', 'multiple-statements'],
    ['SELECT 1; SELECT 2', 'multiple-statements'],
    ['EXPLAIN ANALYZE DELETE FROM users', 'executes-write'],
    ['EXPLAIN ANALYZE WITH t AS (SELECT 1) DELETE FROM users', 'executes-write'],
    ['ANALYZE DELETE FROM users', 'executes-write'],
    ['ANALYZE FORMAT=JSON UPDATE users SET a = 1', 'executes-write'],
    ['ANALYZE TABLE users', 'not-a-read'],
    ['ANALYZE NO_WRITE_TO_BINLOG TABLE users', 'not-a-read'],
    ['SELECT NEXTVAL(db.seq)', 'side-effect-function'],
    ['SELECT nextval(seq), 1', 'side-effect-function'],
    ['SELECT SETVAL(seq, 100)', 'side-effect-function'],
    ['SELECT NEXT VALUE FOR db.seq', 'side-effect-function'],
    ["SELECT GET_LOCK('x', 0)", 'side-effect-function'],
    ["SELECT id FROM users WHERE RELEASE_LOCK('x') IS NULL", 'side-effect-function'],
    ['SELECT RELEASE_ALL_LOCKS()', 'side-effect-function'],
    ['DELETE FROM users', 'not-a-read'],
    ['update users set role = 1', 'not-a-read'],
    ['SET GLOBAL max_connections = 1', 'not-a-read'],
    ['SET SESSION TRANSACTION READ WRITE', 'not-a-read'],
    ['/* x */ DROP TABLE users', 'not-a-read'],
    ['CALL db.p()', 'not-a-read'],
    ['DO GET_LOCK("x", 0)', 'not-a-read'],
    ['CREATE TEMPORARY TABLE t (a INT)', 'not-a-read'],
    ['LOCK TABLES users READ', 'not-a-read'],
    ['START TRANSACTION', 'not-a-read'],
    ['COMMIT', 'not-a-read'],
    ['HANDLER users OPEN', 'not-a-read'],
    ["LOAD DATA INFILE '/tmp/x' INTO TABLE users", 'not-a-read'],
  ] as const)('%s → %s', (sql, why) => {
    expect(reason(sql)).toBe(why);
  });
});

describe('classifyRead tells a syntax error from a write', () => {
  it('names the unknown word instead of calling it a write', () => {
    const v = classifyRead('SELEC * FROM users');
    expect(v).toMatchObject({ ok: false, reason: 'not-a-statement', code: 'BAD_INPUT' });
    expect(!v.ok && v.message).toBe('Not a statement the read session knows: SELEC.');
  });

  it.each([
    ["SELECT 'unterminated", 'lexical'],
    ['SELECT 1 /* open comment', 'lexical'],
    ['SELECT `open', 'lexical'],
    ['SELECT 1\u0000; DROP TABLE users', 'lexical'],
    ['', 'empty'],
    ['  -- only a comment\n', 'empty'],
    [';', 'empty'],
    ['WITH t AS (SELECT 1)', 'not-a-statement'],
    ['FOO BAR', 'not-a-statement'],
    ["'text'", 'not-a-statement'],
  ] as const)('%j → %s, BAD_INPUT', (sql, why) => {
    const v = classifyRead(sql);
    expect(v).toMatchObject({ ok: false, reason: why, code: 'BAD_INPUT' });
  });
});

describe('classifyRead lets reads through', () => {
  it.each([
    'SELECT 1',
    'select * from users where id = 1;',
    '/* a plain comment */ SELECT 1',
    '-- a line comment\nSELECT 1',
    '# a hash comment\nSELECT 1',
    "SELECT /*+ MAX_EXECUTION_TIME(1000) SET_VAR(optimizer_switch = 'use_invisible_indexes=on') */ * FROM users",
    'SELECT 1 UNION ALL SELECT 2 UNION SELECT 3',
    '(SELECT 1) UNION (SELECT 2) ORDER BY 1',
    '((SELECT 1))',
    'WITH t AS (SELECT 1 AS a) SELECT * FROM t',
    'WITH RECURSIVE t (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t',
    'WITH a AS (SELECT 1), b AS (SELECT 2) (SELECT * FROM a) UNION (SELECT * FROM b)',
    'WITH RECURSIVE t AS (SELECT 1 AS a UNION SELECT a + 1 FROM t WHERE a < 3) CYCLE a RESTRICT SELECT * FROM t',
    'TABLE users',
    'VALUES ROW(1, 2), ROW(3, 4)',
    'SHOW GLOBAL STATUS LIKE "Com_insert"',
    'SHOW CREATE TABLE users',
    'DESCRIBE users',
    'DESC users id',
    'EXPLAIN users',
    'EXPLAIN SELECT * FROM users',
    'EXPLAIN FORMAT=JSON SELECT * FROM users',
    'EXPLAIN FORMAT=TREE WITH t AS (SELECT 1) SELECT * FROM t',
    'EXPLAIN ANALYZE SELECT * FROM users',
    'ANALYZE SELECT * FROM users',
    'ANALYZE FORMAT=JSON SELECT * FROM users',
    'EXPLAIN FOR CONNECTION 12',
    "SELECT 'INTO OUTFILE', `into`, \"FOR UPDATE\" FROM users -- INTO OUTFILE '/tmp/x'",
    'SELECT `for`, `update` FROM t',
    "SELECT 'it''s', 'a\\'b' FROM dual",
    'SELECT SLEEP(1), LOAD_FILE("/etc/hostname"), LASTVAL(s), PREVIOUS VALUE FOR s',
    'SELECT 5--1',
    'SELECT * FROM t FOR SYSTEM_TIME ALL',
    'SELECT * FROM t USE INDEX FOR ORDER BY (i) ORDER BY a',
    'SELECT a->>"$.b" FROM t',
    'SELECT x FROM t WHERE y = ? AND z = ?',
  ])('%s', (sql) => {
    const v = classifyRead(sql);
    expect(v.ok ? 'ok' : `${v.reason}: ${v.message}`).toBe('ok');
  });

  it('flags EXPLAIN of a write: estimated, not run', () => {
    for (const [sql, verb] of [
      ['EXPLAIN DELETE FROM user_sessions WHERE expires_at < NOW()', 'DELETE'],
      ['EXPLAIN FORMAT=TRADITIONAL UPDATE users SET a = 1 WHERE id = 2', 'UPDATE'],
      ['EXPLAIN INSERT IGNORE INTO users (a) VALUES (1)', 'INSERT'],
      ['EXPLAIN WITH t AS (SELECT 1) DELETE FROM users', 'DELETE'],
    ] as const) {
      const v = classifyRead(sql);
      expect(v.ok && v.statement).toMatchObject({ explainsWrite: verb, executes: false });
    }
    expect(reason("EXPLAIN INSERT INTO users SELECT 1 INTO OUTFILE '/tmp/x'")).toBe('into');
  });

  it('lists calls and names for the stored-function and view checks', () => {
    const v = classifyRead('SELECT db.f(a), `g` (b), COUNT(*) FROM db.v JOIN w ON w.id = v.id');
    expect(v.ok && v.statement.calls).toEqual([
      { qualifier: 'db', name: 'f' },
      { qualifier: null, name: 'g' },
      { qualifier: null, name: 'count' },
    ]);
    expect(v.ok && v.statement.names).toEqual(
      expect.arrayContaining([
        { qualifier: 'db', name: 'v' },
        { qualifier: null, name: 'w' },
        { qualifier: 'v', name: 'id' },
      ]),
    );
    const aliased = classifyRead('SELECT VERSION() AS v, @@version_comment AS c, @w FROM t');
    const names = aliased.ok ? aliased.statement.names.map((n) => n.name) : [];
    expect(names).toContain('t');
    expect(names).not.toContain('v');
    expect(names).not.toContain('c');
    expect(names).not.toContain('w');
  });

  it('keeps the names the old guard exported', () => {
    expect(isReadStatement('SELECT 1')).toBe(true);
    expect(isReadStatement('/*M!100000 DELETE FROM t */ SELECT 1')).toBe(false);
  });
});

describe('classifyRead lexes like the server under the session sql_mode', () => {
  it('sees INTO hidden behind a backslash that NO_BACKSLASH_ESCAPES makes plain', () => {
    const sql = "SELECT 'a\\' INTO OUTFILE '/tmp/x' -- '";
    // Default mode: one string 'a\' INTO OUTFILE ' then /tmp/x and a comment.
    expect(reason(sql)).toBe('ok');
    expect(reason(sql, 'STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES')).toBe('into');
  });

  it('reads "…" as a name under ANSI_QUOTES, where a backslash does not escape', () => {
    const sql = 'SELECT "a\\" INTO OUTFILE "/tmp/x" -- "';
    expect(reason(sql)).toBe('ok');
    expect(reason(sql, 'ANSI_QUOTES')).toBe('into');
  });

  it('treats `--` as a comment only before a space or control character, as the server does', () => {
    expect(reason("SELECT 1 --\tx\nINTO OUTFILE '/tmp/x'")).toBe('into');
    expect(reason("SELECT 1 --x INTO OUTFILE '/tmp/x'")).toBe('into');
    expect(reason("SELECT 1 -- INTO OUTFILE '/tmp/x'")).toBe('ok');
  });
});
