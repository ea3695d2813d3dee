/** A join whose inner table has no usable index: join buffer (BNL) or hash join over a large table. */
import type { PlanNode } from '../../../../../shared/contract/explain';
import { tablesOf, walk } from '../../plan-node';
import { comparedColumns, n, type PlanContext } from '../plan-context';
import { createIndexSql, findingOf, type PlanRule } from '../plan-rule';
import { realTable } from './full-table-scan.rule';

/** The inner tables a join-buffer/hash-join node reads without an index. */
function bufferedTables(node: PlanNode): PlanNode[] {
  if (node.kind === 'table') return [node];
  // TREE/JSON v2: a hash join node; both inputs are scans, the build side sits under "Hash".
  return tablesOf(node).filter((t) => t.access?.type === 'ALL' || t.access?.type === 'index');
}

/** Columns of `table` compared with another table's columns in the join condition. */
function joinColumns(ctx: PlanContext, table: PlanNode, condition: string | null): string[] {
  if (!condition) return [];
  return comparedColumns(condition)
    .filter((c) => (c.qualifier === table.table || c.qualifier === ctx.tableOf(table)?.name) && /^\w+\.\w+$/.test(c.operand))
    .map((c) => c.column)
    .concat(
      comparedColumns(condition)
        .filter((c) => new RegExp(`^${table.table}\\.(\\w+)$`).test(c.operand))
        .map((c) => c.operand.split('.')[1]!),
    );
}

export const joinWithoutIndexRule: PlanRule = {
  id: 'join-without-index',
  severity: 'warning',
  title: 'Join without a usable index',
  rationale:
    'A join buffer (Block Nested Loop) or hash join means no index serves the join condition, so the inner ' +
    'table is scanned in full and matched in memory; on a large table that is a scan per join. An index on the ' +
    'join column lets each outer row find its matches directly. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/hash-joins.html',
  fixtures: ['mariadb/extra/documents_with_forms.explain.json', 'mysql/extra/documents_with_forms.analyze.txt'],
  check(ctx) {
    const seen = new Set<PlanNode>();
    return [...walk(ctx.plan.root)]
      .filter((node) => node.flags.includes('using_join_buffer') || node.joinAlgorithm === 'hash')
      .flatMap((node) => {
        const condition = node.kind === 'join' ? node.label.replace(/^.*?join\s*/i, '') : ctx.conditionOf(node);
        return bufferedTables(node)
          .filter((t) => !seen.has(t) && (ctx.tableRows(t) ?? 0) >= ctx.largeTableRows)
          .map((t) => {
            seen.add(t);
            const cols = joinColumns(ctx, t, condition);
            const table = realTable(ctx, t);
            return findingOf(this, t, {
              message: `${table} (${n(ctx.tableRows(t))} rows) is joined through a ${node.joinAlgorithm === 'hash' ? 'hash join' : 'join buffer'}: no index serves ${condition || 'the join condition'}.`,
              suggestion: cols.length ? `Index the join column: ${createIndexSql(table, cols)}` : 'Index the column this table is joined on.',
              evidence: { rows: ctx.tableRows(t), joinAlgorithm: node.joinAlgorithm ?? t.joinAlgorithm, condition },
              table,
            });
          });
      });
  },
};
