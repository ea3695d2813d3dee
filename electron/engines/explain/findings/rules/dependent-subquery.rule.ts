/** A correlated subquery executed once per outer row. */
import { tablesOf, walk } from '../../plan-node';
import { n } from '../plan-context';
import { findingOf, type PlanRule } from '../plan-rule';

export const dependentSubqueryRule: PlanRule = {
  id: 'dependent-subquery',
  severity: 'warning',
  title: 'Subquery executed once per outer row',
  rationale:
    'A DEPENDENT SUBQUERY refers to the outer row, so it runs again for every row the outer query produces. ' +
    'With a scan inside it the cost is outer rows × inner table size. Rewriting it as a derived table that is ' +
    'grouped once and joined (or indexing the correlated column) makes the work proportional to the result. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/correlated-subqueries.html',
  fixtures: ['mariadb/before/document_list.analyze.json', 'mysql/before/project_detail.analyze.txt'],
  check(ctx) {
    return [...walk(ctx.plan.root)]
      .filter((node) => node.kind === 'subquery' && node.subquery?.dependent)
      .map((node) => {
        const inner = tablesOf(node);
        const scanned = inner.filter((t) => t.access?.type === 'ALL' || t.access?.type === 'index');
        const innerRows = scanned.reduce((sum, t) => sum + (ctx.tableRows(t) ?? 0), 0);
        const runs = node.subquery?.executions ?? null;
        const severity = scanned.length ? 'critical' : 'info';
        return findingOf(this, node, {
          severity,
          message:
            `Subquery #${node.selectId ?? '?'} depends on the outer row and runs ${runs != null ? `${n(runs)} times` : 'once per outer row'}` +
            (scanned.length ? `, each time scanning ${scanned.map((t) => t.table).join(', ')} (${n(innerRows)} rows).` : ', each time through an index.'),
          suggestion: scanned.length
            ? 'Rewrite as a grouped derived table joined once — LEFT JOIN (SELECT key, COUNT(*) AS n FROM t GROUP BY key) x ON x.key = outer.id — or index the correlated column so each run is a lookup.'
            : 'Acceptable while the outer query returns few rows; for long lists rewrite as a grouped derived-table join.',
          evidence: { executions: runs, innerTables: inner.map((t) => t.table).join(','), innerScanRows: innerRows || null },
          table: inner[0]?.table ?? null,
        });
      });
  },
};
