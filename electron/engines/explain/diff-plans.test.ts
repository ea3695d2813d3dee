import { describe, expect, it } from 'vitest';
import { planDiffSchema } from '../../../shared/contract/explain';
import { aliasesOfSql } from '../query-lint/sql-ast';
import { diffPlans } from './diff-plans';
import { fixturePlan, fixtureSchema, fixtureSql } from './testing/fixtures';

const sides = (server: 'mysql' | 'mariadb', name: string) => ({
  before: { schema: fixtureSchema(server, 'before'), aliases: aliasesOfSql(fixtureSql(server, 'before', name)) },
  after: { schema: fixtureSchema(server, 'after'), aliases: aliasesOfSql(fixtureSql(server, 'after', name)) },
});

describe('diffPlans', () => {
  it('document_list on MySQL: scans become index lookups, the filesort goes, findings resolved', () => {
    const d = diffPlans(
      fixturePlan('mysql', 'before', 'document_list.explain.v1.json'),
      fixturePlan('mysql', 'after', 'document_list.explain.v1.json'),
      sides('mysql', 'document_list'),
    );
    expect(planDiffSchema.safeParse(d).success).toBe(true);
    const docs = d.tables.find((t) => t.table === 'd')!;
    expect(docs.before).toMatchObject({ type: 'ALL', key: null });
    expect(docs.after).toMatchObject({ type: 'ref', key: 'idx_documents_project_updated' });
    expect(docs.changes).toContain('access ALL → ref');
    expect(d.nodesRemoved).toContain('sort filesort');
    expect(d.totalCost.after!).toBeLessThan(d.totalCost.before!);
    expect(new Set(d.findingsResolved.map((f) => f.ruleId))).toEqual(new Set(['full-table-scan', 'filesort', 'dependent-subquery']));
    // The subqueries stay dependent (now through an index), reported as info: a new, milder finding.
    expect(d.findingsIntroduced.map((f) => [f.ruleId, f.severity])).toEqual([
      ['dependent-subquery', 'info'],
      ['dependent-subquery', 'info'],
    ]);
  });

  it('identical plans: no changes, nothing added or removed', () => {
    const p = fixturePlan('mariadb', 'before', 'login.explain.json');
    const d = diffPlans(p, fixturePlan('mariadb', 'before', 'login.explain.json'));
    expect(d.tables.flatMap((t) => t.changes)).toEqual([]);
    expect([...d.nodesAdded, ...d.nodesRemoved, ...d.findingsIntroduced, ...d.findingsResolved]).toEqual([]);
  });

  it('sessions_this_year on MariaDB: still a scan, the index on expires_at does not help YEAR()', () => {
    const d = diffPlans(
      fixturePlan('mariadb', 'before', 'sessions_this_year.explain.json'),
      fixturePlan('mariadb', 'after', 'sessions_this_year.explain.json'),
      sides('mariadb', 'sessions_this_year'),
    );
    expect(d.tables[0]!.after?.type).toBe('ALL');
    expect(d.findingsIntroduced.map((f) => [f.ruleId, f.severity])).toEqual([['index-defeated', 'warning']]);
  });
});
