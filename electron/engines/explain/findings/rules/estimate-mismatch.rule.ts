/** The optimizer's row estimate is far from what ANALYZE measured. */
import { tablesOf, walk } from '../../plan-node';
import { n } from '../plan-context';
import { findingOf, type PlanRule } from '../plan-rule';

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
        return findingOf(this, node, {
          table,
          severity: m.factor >= 1000 ? 'warning' : 'info',
          message: `${table ? `${table}: ` : ''}estimated ${n(m.estimatedRows)} rows, measured ${n(m.actualRows)} (${m.factor}× ${m.direction === 'over' ? 'too high' : 'too low'}).`,
          suggestion:
            'Refresh statistics (ANALYZE TABLE) and give the filtered column a histogram (MySQL: ANALYZE TABLE t UPDATE HISTOGRAM ON col; MariaDB: ANALYZE TABLE t PERSISTENT FOR COLUMNS (col) INDEXES ()).',
          evidence: { estimatedRows: m.estimatedRows, actualRows: m.actualRows, factor: m.factor, direction: m.direction },
        });
      });
  },
};
