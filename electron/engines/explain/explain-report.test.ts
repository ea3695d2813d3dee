import { describe, expect, it } from 'vitest';
import { explainReportSchema } from '../../../shared/contract/explain';
import { aliasesOfSql } from '../query-lint/sql-ast';
import { buildExplainReport } from './explain-report';
import { fixtureSchema, fixtureSql, fixtureText } from './testing/fixtures';

describe('buildExplainReport', () => {
  it('MySQL JSON + TREE + ANALYZE: ANALYZE shown first, findings merged without duplicates', () => {
    const files = ['document_list.explain.v1.json', 'document_list.tree.txt', 'document_list.analyze.txt'];
    const report = buildExplainReport(
      files.map((f) => ({ text: fixtureText('mysql', 'before', f) })),
      { schema: fixtureSchema('mysql', 'before'), aliases: aliasesOfSql(fixtureSql('mysql', 'before', 'document_list')) },
    );
    expect(explainReportSchema.safeParse(report).success).toBe(true);
    expect(report.plans[report.primary!]!.format).toBe('mysql-analyze');
    const ids = report.findings.map((f) => `${f.ruleId}:${f.table}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'full-table-scan:documents',
        'dependent-subquery:document_versions',
        'filesort:documents',
        'rows-examined-vs-returned:documents',
      ]),
    );
    expect(report.findings[0]!.severity).toBe('critical');
  });

  it('a broken output is an error next to the good ones', () => {
    const report = buildExplainReport([{ text: 'garbage' }, { text: fixtureText('mariadb', 'before', 'login.explain.json') }]);
    expect(report.errors).toHaveLength(1);
    expect(report.plans).toHaveLength(1);
  });
});
