import { describe, expect, it } from 'vitest';
import { analyzeFixture } from '../../testing/fixtures';
import { joinWithoutIndexRule } from './join-without-index.rule';

const run = (path: string) => analyzeFixture(path, [joinWithoutIndexRule]);

describe('join-without-index', () => {
  it('BNL join buffer on MariaDB and hash join on MySQL, with the join column to index', () => {
    const [bnl] = run('mariadb/extra/documents_with_forms.explain.json');
    expect(bnl).toMatchObject({ table: 'documents', evidence: { joinAlgorithm: 'block_nested_loop' } });
    expect(bnl!.suggestion).toContain('ON `documents` (`project_id`)');
    const hash = run('mysql/extra/documents_with_forms.explain.v1.json');
    expect(hash.map((f) => f.evidence.joinAlgorithm)).toEqual(['hash']);
    expect(run('mysql/extra/documents_with_forms.analyze.txt').map((f) => f.table)).toContain('documents');
  });

  it('no finding when joins go through primary keys', () => {
    expect(run('mysql/before/document_search.explain.v1.json')).toEqual([]);
    expect(run('mariadb/before/project_detail.explain.json')).toEqual([]);
  });
});
