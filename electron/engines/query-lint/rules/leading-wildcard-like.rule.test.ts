import { describe, expect, it } from 'vitest';
import { lintOne } from '../testing/lint-one';
import { leadingWildcardLikeRule } from './leading-wildcard-like.rule';

describe('leading-wildcard-like', () => {
  it('search parameters on two columns → FULLTEXT DDL and MATCH … AGAINST rewrite', () => {
    const [f] = lintOne(leadingWildcardLikeRule, 'SELECT d.id FROM documents d WHERE d.project_id = ? AND (d.title LIKE ? OR d.content LIKE ?)');
    expect(f!.suggestion).toContain('ALTER TABLE `documents` ADD FULLTEXT INDEX `ft_documents_title_content` (`title`, `content`)');
    expect(f!.rewrite!.sql).toBe(
      'SELECT `d`.`id` FROM `documents` AS `d` WHERE `d`.`project_id` = ? AND MATCH (`d`.`title`, `d`.`content`) AGAINST (? IN BOOLEAN MODE)',
    );
  });
  it("a literal '%…' pattern is flagged without a rewrite; an anchored one is fine", () => {
    expect(lintOne(leadingWildcardLikeRule, "SELECT id FROM users WHERE email LIKE '%@example.com'")).toMatchObject([
      { evidence: { pattern: '%@example.com' }, rewrite: null },
    ]);
    expect(lintOne(leadingWildcardLikeRule, "SELECT id FROM users WHERE email LIKE 'user1%'")).toEqual([]);
  });
});
