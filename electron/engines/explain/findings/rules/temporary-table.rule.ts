/** An internal temporary table (GROUP BY/DISTINCT/UNION without an index), worse when it spills to disk. */
import { walk } from '../../plan-node';
import { n } from '../plan-context';
import { findingOf, type PlanRule } from '../plan-rule';

export const temporaryTableRule: PlanRule = {
  id: 'temporary-table',
  severity: 'warning',
  title: 'Internal temporary table',
  rationale:
    'Using temporary means rows are copied into an internal table (for GROUP BY, DISTINCT, UNION or ORDER BY ' +
    'on another table) before the result is produced; past tmp_table_size/max_heap_table_size it is written to ' +
    'disk. An index on the GROUP BY columns lets the server group while reading. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/internal-temporary-tables.html',
  fixtures: ['mariadb/before/versions_over_limit.analyze.json', 'mysql/before/versions_over_limit.explain.v1.json'],
  check(ctx) {
    const seen = new Set<string>();
    return [...walk(ctx.plan.root)]
      .filter((node) => node.flags.includes('using_temporary'))
      .flatMap((node) => {
        // One finding per select: the tabular form repeats the flag on the first table only, TREE on two nodes.
        const scope = String(node.selectId ?? ctx.ancestors(node).find((a) => a.kind === 'query' || a.kind === 'subquery')?.id ?? 'root');
        if (seen.has(scope)) return [];
        seen.add(scope);
        const rows = node.children[0]?.actual?.rows ?? node.children[0]?.estimate.rows ?? node.estimate.rows;
        const onDisk = node.tempOnDisk === true;
        return [
          findingOf(this, node, {
            severity: onDisk ? 'critical' : this.severity,
            message: `An internal temporary table is built${rows != null ? ` from about ${n(rows)} rows` : ''}${onDisk ? ' and it went to disk' : ''}.`,
            suggestion: onDisk
              ? 'Avoid the temporary table with an index on the GROUP BY / DISTINCT columns; if it must stay, check tmp_table_size and max_heap_table_size.'
              : 'An index on the GROUP BY / DISTINCT columns (or ORDER BY on columns of the first table only) removes the temporary table.',
            evidence: { rows: rows ?? null, onDisk: node.tempOnDisk },
          }),
        ];
      });
  },
};
