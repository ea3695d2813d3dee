import { describe, expect, it } from 'vitest';
import { lintOne } from '../testing/lint-one';
import { deepOffsetRule } from './deep-offset.rule';

describe('deep-offset', () => {
  it('rewrites OFFSET ? to a keyset seek on (sort key, id)', () => {
    const [f] = lintOne(deepOffsetRule, 'SELECT p.id FROM projects p WHERE p.user_id = ? ORDER BY p.updated_at DESC LIMIT ? OFFSET ?');
    expect(f!.severity).toBe('warning');
    expect(f!.rewrite!.sql).toBe(
      'SELECT `p`.`id` FROM `projects` AS `p` WHERE `p`.`user_id` = ? AND (`p`.`updated_at`, `p`.`id`) < (?, ?) ORDER BY `p`.`updated_at` DESC, `p`.`id` DESC LIMIT ?',
    );
  });
  it('ascending order seeks with >, MySQL comma form is read too', () => {
    const [f] = lintOne(deepOffsetRule, 'SELECT id FROM documents ORDER BY created_at LIMIT 5000, 20');
    expect(f!.severity).toBe('critical');
    expect(f!.rewrite!.sql).toContain('(`created_at`, `id`) > (?, ?)');
    expect(f!.rewrite!.sql).toMatch(/LIMIT 20$/);
  });
  it('small literal offsets and plain LIMIT are fine', () => {
    expect(lintOne(deepOffsetRule, 'SELECT id FROM documents ORDER BY id LIMIT 20 OFFSET 40')).toEqual([]);
    expect(lintOne(deepOffsetRule, 'SELECT id FROM documents ORDER BY id LIMIT 20')).toEqual([]);
  });
});
