import { describe, expect, it } from 'vitest';
import { tokenizeSql } from './sql-highlight';

const kinds = (sql: string) =>
  tokenizeSql(sql)
    .filter((t) => t.kind !== 'space')
    .map((t) => `${t.kind}:${t.text}`);

describe('tokenizeSql', () => {
  it('tells keywords, identifiers, numbers, strings and operators apart', () => {
    expect(kinds("SELECT id FROM users WHERE username = 'bob' AND id > 10")).toEqual([
      'keyword:SELECT',
      'ident:id',
      'keyword:FROM',
      'ident:users',
      'keyword:WHERE',
      'ident:username',
      'op:=',
      "string:'bob'",
      'keyword:AND',
      'ident:id',
      'op:>',
      'number:10',
    ]);
  });

  it('keeps escaped and doubled quotes inside one string, and backquoted names as one token', () => {
    expect(kinds("select 'it''s \\'x\\'' from `my table`")).toEqual(['keyword:select', "string:'it''s \\'x\\''", 'keyword:from', 'quoted:`my table`']);
  });

  it('reads comments of the three kinds', () => {
    expect(kinds('select 1 -- one\n/* two */ # three')).toEqual(['keyword:select', 'number:1', 'comment:-- one', 'comment:/* two */', 'comment:# three']);
  });

  it('is lossless, also for an unterminated string from a truncated sample', () => {
    const sql = "INSERT INTO t (a, b) VALUES (1.5e3, 'cut sho";
    expect(
      tokenizeSql(sql)
        .map((t) => t.text)
        .join(''),
    ).toBe(sql);
    expect(tokenizeSql(sql).at(-1)).toEqual({ kind: 'string', text: "'cut sho" });
  });

  it('does not treat HTML as anything but text', () => {
    const sql = "select '<script>alert(1)</script>'";
    expect(
      tokenizeSql(sql)
        .map((t) => t.text)
        .join(''),
    ).toBe(sql);
    expect(tokenizeSql(sql)[2]!.kind).toBe('string');
  });
});
