/** A filesort of many rows: the result is sorted after reading instead of read in index order. */
import type { PlanNode } from '../../../../../shared/contract/explain';
import { tablesOf, walk } from '../../plan-node';
import { n, normalizeCondition } from '../plan-context';
import { createIndexSql, findingOf, type PlanRule } from '../plan-rule';
import { indexableColumns, realTable } from './full-table-scan.rule';

/** Minimum rows sorted for the sort to be worth a finding. */
const MIN_SORTED_ROWS = 1000;

/** The ORDER BY columns a sort node names ("Sort: d.updated_at DESC", "filesort (d.updated_at desc)"). */
export function sortColumns(node: PlanNode): { qualifier: string | null; column: string; desc: boolean }[] {
  const m = /^(?:Sort(?: row IDs)?:\s*|filesort \()(.*?)(?:\)|, limit input.*)?$/.exec(node.label);
  if (!m) return [];
  return normalizeCondition(m[1]!)
    .split(',')
    .map((part) => /^\s*(?:(\w+)\.)?(\w+)(\s+desc)?/i.exec(part))
    .filter((x): x is RegExpExecArray => x !== null)
    .map((x) => ({ qualifier: x[1] ?? null, column: x[2]!, desc: Boolean(x[3]) }));
}

/** The table whose rows a sort orders: itself, or the first table under it not read as a constant. */
function sortedTable(node: PlanNode): PlanNode | null {
  if (node.kind === 'table') return node;
  const tables = tablesOf(node).filter((t) => !['const', 'system'].includes(t.access?.type ?? ''));
  return tables[0] ?? tablesOf(node)[0] ?? null;
}

/** Rows going into the sort: measured when available, else estimated. */
function sortedRows(node: PlanNode): number | null {
  const first = node.kind === 'sort' ? node.children[0] : node;
  const source = first && (first.actual?.rows != null || first.estimate.rows != null) ? first : sortedTable(node);
  if (!source) return null;
  if (source.actual?.rows != null) return source.actual.rows * (source.actual.loops ?? 1) * ((source.actual.filtered ?? 100) / 100);
  if (source.estimate.rows == null) return null;
  return (source.estimate.rows * (source.estimate.filtered ?? 100)) / 100;
}

export const filesortRule: PlanRule = {
  id: 'filesort',
  severity: 'warning',
  title: 'Rows sorted after reading (filesort)',
  rationale:
    'Using filesort means MySQL reads all matching rows, then sorts them, before the first row (and before ' +
    'LIMIT) can be returned. An index whose columns are the equality filters followed by the ORDER BY ' +
    'columns returns rows already in order. https://dev.mysql.com/doc/refman/8.4/en/order-by-optimization.html',
  fixtures: ['mysql/before/document_list.explain.v1.json', 'mariadb/before/document_search.explain.json'],
  check(ctx) {
    return [...walk(ctx.plan.root)]
      .filter((node) => node.flags.includes('using_filesort'))
      .flatMap((node) => {
        const rows = sortedRows(node);
        if (rows != null && rows < MIN_SORTED_ROWS) return [];
        const table = sortedTable(node);
        const order = sortColumns(node).filter((c) => !table || c.qualifier === null || c.qualifier === table.table);
        const cols = table ? [...indexableColumns(ctx, table).filter((c) => !order.some((o) => o.column === c)), ...order.map((o) => o.column)] : [];
        const name = table ? realTable(ctx, table) : null;
        return [
          findingOf(this, node, {
            message: `About ${n(rows)} rows are sorted${order.length ? ` by ${order.map((o) => o.column + (o.desc ? ' DESC' : '')).join(', ')}` : ''} before the result is returned.`,
            suggestion:
              name && cols.length
                ? `Let an index return rows in order (equality columns first, then the ORDER BY columns): ${createIndexSql(name, cols)}`
                : 'Order by columns of one table that an index can provide, or sort fewer rows (filter first).',
            evidence: { sortedRows: rows, sortKey: order.map((o) => o.column).join(',') || null },
            table: name,
          }),
        ];
      });
  },
};
