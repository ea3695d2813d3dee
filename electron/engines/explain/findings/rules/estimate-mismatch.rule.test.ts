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
    expect(f.evidence).toMatchObject({ estimatedRows: 31198, actualRowsPerLoop: 2, rowsReadPerLoop: 32000, compared: 'rows after the condition' });
    // The 2 measured rows are those left after the condition, not the 32,000 the full scan read.
    expect(f.message).toBe('d, rows left after its condition: estimated 31,198, measured 2 — 15599× too high; 32,000 rows were read to get them.');
  });

  it('MySQL: a HAVING filter that let 0 rows out says so next to the 32,000 rows below it (captured after the indexes)', () => {
    const [f] = run('mysql/after/versions_over_limit.analyze.txt');
    expect(f!.message).toMatch(
      /^filter over document_versions, rows out: estimated 32,012, measured 0 — 32012× too high; 96,000 rows were read to get them\.$/,
    );
    expect(f!.evidence).toMatchObject({ actualRowsPerLoop: 0, actualRowsTotal: 0, loops: 1 });
  });

  it('per-loop figures are multiplied by the loops, consistently', () => {
    const f = run('mysql/before/document_list.analyze.txt').find((x) => x.table === 'document_versions')!;
    expect(f.evidence).toMatchObject({ estimatedRows: 9467, actualRowsPerLoop: 3, loops: 2, actualRowsTotal: 6, rowsReadPerLoop: 96000 });
    expect(f.message).toContain('measured 3 per loop (× 2 loops = 6)');
  });

  it('nothing without ANALYZE figures', () => {
    expect(run('mysql/before/document_list.explain.v1.json')).toEqual([]);
  });
});
