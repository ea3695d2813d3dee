import { describe, expect, it } from 'vitest';
import { lintOne } from '../testing/lint-one';
import { correlatedCountRule } from './correlated-count.rule';

describe('correlated-count-subquery', () => {
  it('rewrites to a grouped derived table LEFT JOIN with COALESCE', () => {
    const [f] = lintOne(
      correlatedCountRule,
      'SELECT d.id, (SELECT COUNT(*) FROM document_versions WHERE document_id = d.id) AS versions_count FROM documents d WHERE d.project_id = ?',
    );
    expect(f!.rewrite!.sql).toBe(
      'SELECT `d`.`id`, COALESCE(`versions_count_agg`.`n`, 0) AS `versions_count` FROM `documents` AS `d` LEFT JOIN (SELECT `document_id`, COUNT(*) AS `n` FROM `document_versions` GROUP BY `document_id`) AS `versions_count_agg` ON `versions_count_agg`.`document_id` = `d`.`id` WHERE `d`.`project_id` = ?',
    );
  });
  it('leaves uncorrelated and non-COUNT subqueries alone', () => {
    expect(lintOne(correlatedCountRule, 'SELECT d.id, (SELECT COUNT(*) FROM users) AS n FROM documents d')).toEqual([]);
    expect(
      lintOne(correlatedCountRule, 'SELECT d.id, (SELECT MAX(version_number) FROM document_versions WHERE document_id = d.id) AS v FROM documents d'),
    ).toEqual([]);
  });
});
