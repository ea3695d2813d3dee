import { describe, expect, it } from 'vitest';
import { bindSampleLiterals } from './sample-literals';

describe('bindSampleLiterals', () => {
  it('gives LIMIT and OFFSET numbers and other placeholders a string literal', () => {
    expect(bindSampleLiterals('SELECT * FROM p WHERE user_id = ? ORDER BY updated_at DESC LIMIT ? OFFSET ?')).toBe(
      "SELECT * FROM p WHERE user_id = '1' ORDER BY updated_at DESC LIMIT 20 OFFSET 0",
    );
  });

  it('leaves question marks inside quotes, identifiers and comments alone', () => {
    expect(bindSampleLiterals("SELECT '?', `a?` FROM t /* ? */ WHERE x = ? -- ?\nAND y LIKE 'it''s?'")).toBe(
      "SELECT '?', `a?` FROM t /* ? */ WHERE x = '1' -- ?\nAND y LIKE 'it''s?'",
    );
  });

  it('uses the given value and handles LIMIT offset, count', () => {
    expect(bindSampleLiterals('SELECT 1 FROM t WHERE d > ? LIMIT ?, ?', "'2024-01-01 00:00:00'")).toBe(
      "SELECT 1 FROM t WHERE d > '2024-01-01 00:00:00' LIMIT 20, 20",
    );
  });
});
