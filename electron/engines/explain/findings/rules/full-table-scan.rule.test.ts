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
    expect(f.evidence).toMatchObject({ actualRowsPerLoop: 96000, loops: 2, actualRowsRead: 192000 });
    expect(f.message).toContain('192,000 rows actually read (96,000 × 2 loops)');
  });

  it('a dependent subquery measured to run once is not "once for every outer row", and without ANALYZE nothing unknown is shown', () => {
    const once = run('mysql/before/project_detail.analyze.txt');
    for (const f of once) {
      expect(f.severity, f.message).toBe('warning');
      expect(f.message).not.toContain('once for every row');
    }
    for (const f of run('mariadb/before/document_list.explain.json')) {
      expect(Object.values(f.evidence)).not.toContain(null);
      expect(f.evidence).not.toHaveProperty('actualRowsPerLoop');
    }
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

  it('a full scan in a subquery that never ran (0 loops) is not critical and says it read nothing (captured on both servers)', () => {
    for (const path of ['mysql/extra/subquery_never_run.analyze.txt', 'mariadb/extra/subquery_never_run.analyze.json']) {
      const byTable = Object.fromEntries(run(path).map((f) => [f.table, f]));
      expect(byTable.document_versions, path).toMatchObject({ severity: 'info', evidence: { loops: 0, actualRowsRead: 0 } });
      expect(byTable.document_versions!.message, path).toMatch(/read no rows in this execution \(never reached\)/);
      // The outer scan did run: 32,000 rows read, a warning.
      expect(byTable.documents, path).toMatchObject({ severity: 'warning', evidence: { actualRowsRead: 32000 } });
    }
  });
});
