import { describe, expect, it } from 'vitest';
import { analyzeFixture } from '../../testing/fixtures';
import { filesortRule, sortColumns } from './filesort.rule';
import { makeNode } from '../../plan-node';

const run = (path: string) => analyzeFixture(path, [filesortRule]);

describe('filesort', () => {
  it('suggests (filter columns, ORDER BY columns) for document_list', () => {
    const [f] = run('mariadb/before/document_list.explain.json');
    expect(f?.suggestion).toContain('ON `documents` (`project_id`, `updated_at`)');
    expect(f?.evidence.sortKey).toBe('updated_at');
  });

  it('reads the sort key from TREE and MariaDB labels', () => {
    expect(sortColumns(makeNode('sort', 'Sort: d.updated_at DESC, limit input to 20 row(s) per chunk'))).toEqual([
      { qualifier: 'd', column: 'updated_at', desc: true },
    ]);
    expect(sortColumns(makeNode('sort', 'filesort (dv.version_number desc, dv.id)'))).toEqual([
      { qualifier: 'dv', column: 'version_number', desc: true },
      { qualifier: 'dv', column: 'id', desc: false },
    ]);
  });

  it('does not flag a sort of a handful of rows, nor plans that read in index order', () => {
    expect(run('mysql/after/project_list.explain.v1.json')).toEqual([]);
    expect(run('mysql/after/document_list.analyze.txt')).toEqual([]);
  });
});
