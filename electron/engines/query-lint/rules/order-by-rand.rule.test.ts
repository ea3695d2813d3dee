import { describe, expect, it } from 'vitest';
import { lintOne } from '../testing/lint-one';
import { orderByRandRule } from './order-by-rand.rule';

describe('order-by-rand', () => {
  it('flags ORDER BY RAND(), not other orderings', () => {
    expect(lintOne(orderByRandRule, 'SELECT id FROM documents ORDER BY RAND() LIMIT 5')).toHaveLength(1);
    expect(lintOne(orderByRandRule, 'SELECT id, RAND() AS r FROM documents ORDER BY id')).toEqual([]);
  });
});
