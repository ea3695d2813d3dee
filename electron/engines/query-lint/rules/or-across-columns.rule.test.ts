import { describe, expect, it } from 'vitest';
import { lintOne } from '../testing/lint-one';
import { orAcrossColumnsRule } from './or-across-columns.rule';

describe('or-across-columns', () => {
  it('login: UNION of one SELECT per column, other conditions kept in each branch', () => {
    const [f] = lintOne(orAcrossColumnsRule, 'SELECT id FROM users WHERE is_active = 1 AND (username = ? OR email = ?)');
    expect(f!.rewrite!.sql).toBe(
      'SELECT `id` FROM `users` WHERE `is_active` = 1 AND `username` = ? UNION SELECT `id` FROM `users` WHERE `is_active` = 1 AND `email` = ?',
    );
  });
  it('no rewrite when ORDER BY/LIMIT would need wrapping; no finding for OR on one column or LIKE', () => {
    expect(lintOne(orAcrossColumnsRule, 'SELECT id FROM users WHERE username = ? OR email = ? LIMIT 1')[0]!.rewrite).toBeNull();
    expect(lintOne(orAcrossColumnsRule, 'SELECT id FROM users WHERE role = ? OR role = ?')).toEqual([]);
    expect(lintOne(orAcrossColumnsRule, 'SELECT id FROM documents WHERE title LIKE ? OR content LIKE ?')).toEqual([]);
  });
});
