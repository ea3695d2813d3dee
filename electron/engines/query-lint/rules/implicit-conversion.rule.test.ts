import { describe, expect, it } from 'vitest';
import { lintOne } from '../testing/lint-one';
import { implicitConversionRule } from './implicit-conversion.rule';

describe('implicit-conversion', () => {
  it('quotes the number compared with a VARCHAR column', () => {
    const [f] = lintOne(implicitConversionRule, 'SELECT id FROM users WHERE username = 17');
    expect(f).toMatchObject({ evidence: { column: 'username', columnType: 'varchar(64)' } });
    expect(f!.rewrite!.sql).toBe("SELECT `id` FROM `users` WHERE `username` = '17'");
  });
  it('numbers against numeric columns, strings against strings, and no schema: nothing', () => {
    expect(lintOne(implicitConversionRule, 'SELECT id FROM users WHERE id = 17')).toEqual([]);
    expect(lintOne(implicitConversionRule, "SELECT id FROM users WHERE username = '17'")).toEqual([]);
    expect(lintOne(implicitConversionRule, 'SELECT id FROM users WHERE username = 17', false)).toEqual([]);
  });
});
