/** The optimizer's row estimate is far from what ANALYZE measured. */
import type { PlanNode } from '../../../../../shared/contract/explain';
import { tablesOf, walk } from '../../plan-node';
import { n } from '../plan-context';
import { findingOf, type PlanRule } from '../plan-rule';

/**
 * What the mismatch compares, in words that agree with the rest of the plan: the rows a table
 * access read, or the rows that came out of a condition (a MariaDB table's r_filtered, a MySQL
 * filter node) — which can be 0 while the table below read all of its rows.
 */
function describe(node: PlanNode): { subject: string; afterCondition: boolean; readPerLoop: number | null } {
  const afterCondition = node.kind !== 'table' || (node.estimate.filtered != null && node.actual?.filtered != null);
  const table = node.kind === 'table' ? node : (tablesOf(node)[0] ?? null);
  const name = table?.table ?? null;
  const subject =
    node.kind === 'table' ? (afterCondition ? `${name}, rows left after its condition` : `${name}`) : `${node.kind}${name ? ` over ${name}` : ''}, rows out`;
  return { subject, afterCondition, readPerLoop: table?.actual?.rows ?? null };
}

export const estimateMismatchRule: PlanRule = {
  id: 'estimate-mismatch',
  severity: 'info',
  title: 'Row estimate far from the measured rows',
  rationale:
    'The optimizer picks join order and access paths from row estimates; when a node’s estimate is off by ' +
    'more than 10× the plan may be chosen for the wrong reasons. Fresh statistics or a histogram on the ' +
    'filtered column usually fix it. https://dev.mysql.com/doc/refman/8.4/en/optimizer-statistics.html',
  fixtures: ['mysql/before/document_list.analyze.txt', 'mariadb/before/document_list.analyze.json'],
  check(ctx) {
    // Report where a mismatch starts, not every ancestor that inherits it.
    return [...walk(ctx.plan.root)]
      .filter((node) => node.mismatch && !node.children.some((c) => c.mismatch?.direction === node.mismatch!.direction))
      .map((node) => {
        const m = node.mismatch!;
        const table = node.table ?? tablesOf(node)[0]?.table ?? null;
        const loops = node.actual?.loops ?? 1;
        const { subject, afterCondition, readPerLoop } = describe(node);
        const perLoop = loops > 1 ? ' per loop' : '';
        const total = loops > 1 ? ` (× ${n(loops)} loops = ${n(m.actualRows * loops)})` : '';
        const read = afterCondition && readPerLoop !== null ? `; ${n(readPerLoop)} rows were read${perLoop} to get them` : '';
        return findingOf(this, node, {
          table,
          severity: m.factor >= 1000 ? 'warning' : 'info',
          message: `${subject}: estimated ${n(m.estimatedRows)}${perLoop}, measured ${n(m.actualRows)}${perLoop}${total} — ${m.factor}× ${m.direction === 'over' ? 'too high' : 'too low'}${read}.`,
          suggestion:
            'Refresh statistics (ANALYZE TABLE) and give the filtered column a histogram (MySQL: ANALYZE TABLE t UPDATE HISTOGRAM ON col; MariaDB: ANALYZE TABLE t PERSISTENT FOR COLUMNS (col) INDEXES ()).',
          evidence: {
            compared: afterCondition ? 'rows after the condition' : 'rows read',
            estimatedRows: m.estimatedRows,
            actualRowsPerLoop: m.actualRows,
            loops,
            actualRowsTotal: m.actualRows * loops,
            rowsReadPerLoop: afterCondition ? readPerLoop : null,
            factor: m.factor,
            direction: m.direction,
          },
        });
      });
  },
};
