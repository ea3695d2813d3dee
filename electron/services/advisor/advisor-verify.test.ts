import { describe, expect, it } from 'vitest';
import { explainRows, withInvisibleIndexes } from './advisor-verify';

describe('verify helpers', () => {
  it('puts the use_invisible_indexes hint right after the first keyword', () => {
    expect(withInvisibleIndexes('  SELECT a FROM t WHERE b = 1')).toBe(
      "  SELECT /*+ SET_VAR(optimizer_switch = 'use_invisible_indexes=on') */ a FROM t WHERE b = 1",
    );
    expect(withInvisibleIndexes('DELETE FROM t WHERE b = 1')).toMatch(/^DELETE \/\*\+ SET_VAR/);
    expect(withInvisibleIndexes('INSERT INTO t VALUES (1)')).toBe('INSERT INTO t VALUES (1)');
  });

  it('maps tabular EXPLAIN rows, with empty keys and string row counts', () => {
    expect(
      explainRows([
        { id: 1, table: 'd', type: 'ALL', key: null, rows: '31198', Extra: 'Using where' },
        { table: 'ag', type: 'ref', key: 'idx_a', rows: 3, Extra: '' },
      ]),
    ).toEqual([
      { table: 'd', accessType: 'ALL', key: null, rows: 31198, extra: 'Using where' },
      { table: 'ag', accessType: 'ref', key: 'idx_a', rows: 3, extra: null },
    ]);
  });
});
