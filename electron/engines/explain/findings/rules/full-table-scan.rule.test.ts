import { describe, expect, it } from 'vitest';
import { analyzeFixture } from '../../testing/fixtures';
import { fullTableScanRule } from './full-table-scan.rule';

const run = (path: string, withSchema = true) => analyzeFixture(path, [fullTableScanRule], withSchema);

describe('full-table-scan', () => {
  it('flags the scans of document_list on the PK-only schema, the subquery ones as critical', () => {
    for (const path of ['mariadb/before/document_list.explain.json', 'mysql/before/document_list.explain.v1.json', 'mysql/before/document_list.analyze.txt']) {
      const byTable = Object.fromEntries(run(path).map((f) => [f.table, f]));
      expect(Object.keys(byTable).sort(), path).toEqual(['ai_generations', 'document_versions', 'documents']);
      expect(byTable.document_versions!.severity).toBe('critical');
      expect(byTable.documents!.severity).toBe('warning');
      expect(byTable.documents!.suggestion).toContain('CREATE INDEX `idx_documents_project_id` ON `documents` (`project_id`)');
    }
  });

  it('measured rows are in the evidence under ANALYZE', () => {
    const f = run('mysql/before/document_list.analyze.txt').find((x) => x.table === 'document_versions')!;
    expect(f.evidence).toMatchObject({ actualRows: 96000, loops: 2 });
    expect(f.message).toContain('192,000 rows actually read');
  });

  it('is gone once the indexes exist', () => {
    expect(run('mysql/after/document_list.explain.v1.json')).toEqual([]);
    expect(run('mariadb/after/document_list.explain.json')).toEqual([]);
  });

  it('ignores small tables (users, 2 000 rows) and uses plan estimates without a schema', () => {
    expect(run('mariadb/extra/lower_username.explain.json')).toEqual([]);
    expect(
      run('mariadb/before/document_list.explain.json', false)
        .map((f) => f.table)
        .sort(),
    ).toEqual(['ai_generations', 'd', 'document_versions']);
  });
});
