import { describe, expect, it } from 'vitest';
import { lintOne } from '../testing/lint-one';
import { functionOnColumnRule } from './function-on-column.rule';

describe('function-on-column', () => {
  it('YEAR(col) = YEAR(NOW()) → MAKEDATE range', () => {
    const [f] = lintOne(functionOnColumnRule, 'SELECT id FROM user_sessions WHERE user_id = ? AND YEAR(expires_at) = YEAR(NOW())');
    expect(f!.rewrite!.sql).toBe(
      'SELECT `id` FROM `user_sessions` WHERE `user_id` = ? AND `expires_at` >= MAKEDATE(YEAR(NOW()), 1) AND `expires_at` < MAKEDATE(YEAR(NOW()) + 1, 1)',
    );
  });
  it('YEAR(col) = 2025 → date literals; DATE(col) = ? → one-day range', () => {
    expect(lintOne(functionOnColumnRule, 'SELECT id FROM documents WHERE YEAR(created_at) = 2025')[0]!.rewrite!.sql).toContain(
      "`created_at` >= '2025-01-01' AND `created_at` < '2026-01-01'",
    );
    expect(lintOne(functionOnColumnRule, 'SELECT id FROM documents WHERE DATE(created_at) = ?')[0]!.rewrite!.sql).toContain(
      '`created_at` >= ? AND `created_at` < ? + INTERVAL 1 DAY',
    );
  });
  it('indexed column: warning without a rewrite when there is no known inverse', () => {
    const [f] = lintOne(functionOnColumnRule, "SELECT id FROM users WHERE LOWER(username) = 'user17'");
    expect(f).toMatchObject({ severity: 'warning', rewrite: null, evidence: { function: 'LOWER', indexed: true } });
  });
  it('functions of values only, or of two columns, are not flagged', () => {
    expect(lintOne(functionOnColumnRule, 'SELECT id FROM user_sessions WHERE expires_at > NOW() - INTERVAL 1 DAY')).toEqual([]);
    expect(lintOne(functionOnColumnRule, 'SELECT id FROM documents WHERE DATE(created_at) = DATE(updated_at)')).toEqual([]);
  });
});
