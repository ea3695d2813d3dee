import { describe, expect, it } from 'vitest';
import { analyzeFixture } from '../../testing/fixtures';
import { indexMergeIntersectRule } from './index-merge-intersect.rule';

describe('index-merge-intersect', () => {
  it('flags an intersect merge', () => {
    expect(analyzeFixture('constructed/index-merge-intersect.grid.txt', [indexMergeIntersectRule])).toMatchObject([
      { evidence: { keys: 'idx_ag_status,idx_ag_user', mergeKind: 'intersect' } },
    ]);
  });

  it('leaves the union merge of login (OR across two unique keys) alone', () => {
    for (const path of [
      'mariadb/before/login.explain.json',
      'mysql/before/login.explain.v1.json',
      'mysql/before/login.tree.txt',
      'mariadb/before/login.explain.grid.txt',
    ]) {
      expect(analyzeFixture(path, [indexMergeIntersectRule]), path).toEqual([]);
    }
  });
});
