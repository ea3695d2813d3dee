import { describe, expect, it } from 'vitest';
import { analyzeFixture } from '../../testing/fixtures';
import { rowsExaminedRule } from './rows-examined-vs-returned.rule';

const run = (path: string) => analyzeFixture(path, [rowsExaminedRule]);

describe('rows-examined-vs-returned', () => {
  it('MySQL EXPLAIN ANALYZE: scan rows against the Filter above them', () => {
    const f = run('mysql/before/document_list.analyze.txt').find((x) => x.table === 'documents')!;
    expect(f.evidence).toMatchObject({ rowsRead: 32000, rowsKept: 2, ratio: 16000 });
  });

  it('MariaDB ANALYZE: r_rows × r_loops against r_filtered', () => {
    const f = run('mariadb/before/document_list.analyze.json').find((x) => x.table === 'document_versions')!;
    expect(f.evidence.rowsRead).toBe(192000);
    expect(f.evidence.ratio).toBeGreaterThan(1000);
  });

  it('needs measurements: nothing on plain EXPLAIN, nothing once indexed', () => {
    expect(run('mariadb/before/document_list.explain.json')).toEqual([]);
    expect(run('mysql/after/document_list.analyze.txt')).toEqual([]);
  });
});
