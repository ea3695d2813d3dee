import { describe, expect, it } from 'vitest';
import { analyzeFixture } from '../../testing/fixtures';
import { dependentSubqueryRule } from './dependent-subquery.rule';

const run = (path: string) => analyzeFixture(path, [dependentSubqueryRule]);

describe('dependent-subquery', () => {
  it('critical with scans inside, with the measured execution count', () => {
    const out = run('mariadb/before/document_list.analyze.json');
    expect(out.map((f) => f.table).sort()).toEqual(['ai_generations', 'document_versions']);
    for (const f of out) expect(f).toMatchObject({ severity: 'critical', evidence: { executions: 2 } });
    expect(run('mysql/before/project_detail.analyze.txt').map((f) => f.evidence.executions)).toEqual([1, 1]);
  });

  it('only info once each run is an index lookup', () => {
    const out = run('mysql/after/document_list.analyze.txt');
    expect(out.map((f) => f.severity)).toEqual(['info', 'info']);
  });

  it('no finding for plans without correlated subqueries', () => {
    expect(run('mysql/before/project_list.explain.v1.json')).toEqual([]);
  });
});
