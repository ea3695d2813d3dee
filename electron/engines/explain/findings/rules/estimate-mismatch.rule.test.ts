import { describe, expect, it } from 'vitest';
import { analyzeFixture } from '../../testing/fixtures';
import { estimateMismatchRule } from './estimate-mismatch.rule';

const run = (path: string) => analyzeFixture(path, [estimateMismatchRule]);

describe('estimate-mismatch', () => {
  it('reports where a mismatch starts, not its ancestors', () => {
    const out = run('mysql/before/document_list.analyze.txt');
    expect(out.map((f) => f.table).sort()).toEqual(['ai_generations', 'd', 'document_versions']);
    for (const f of out) expect(f.evidence.direction).toBe('over');
  });

  it('MariaDB: rows passed on (r_rows × r_filtered) against rows × filtered', () => {
    const f = run('mariadb/before/document_list.analyze.json').find((x) => x.table === 'd')!;
    expect(f.evidence).toMatchObject({ estimatedRows: 31198, actualRows: 2 });
  });

  it('nothing without ANALYZE figures', () => {
    expect(run('mysql/before/document_list.explain.v1.json')).toEqual([]);
  });
});
