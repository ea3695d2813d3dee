import { describe, expect, it } from 'vitest';
import { lintOne } from '../testing/lint-one';
import { missingLimitRule } from './missing-limit.rule';

describe('missing-limit', () => {
  it('flags an ordered list and proposes LIMIT 50', () => {
    const [f] = lintOne(missingLimitRule, 'SELECT id FROM document_versions WHERE document_id = ? ORDER BY version_number DESC');
    expect(f!.rewrite!.sql).toMatch(/ORDER BY `version_number` DESC LIMIT 50$/);
  });
  it.each([
    ['limited', 'SELECT id FROM documents ORDER BY id LIMIT 10'],
    ['GROUP BY report', 'SELECT document_id FROM document_versions GROUP BY document_id HAVING COUNT(*) > ? ORDER BY document_id'],
    ['aggregate', 'SELECT COUNT(*) FROM documents ORDER BY 1'],
    ['unique lookup', 'SELECT id FROM users WHERE email = ? ORDER BY id'],
    ['unordered export', 'SELECT * FROM user_sessions WHERE expires_at < NOW()'],
  ])('leaves a %s alone', (_label, sql) => expect(lintOne(missingLimitRule, sql)).toEqual([]));
});
