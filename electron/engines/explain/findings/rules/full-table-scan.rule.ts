/** A full scan of a large table: every row is read to find the few the query wants. */
import type { PlanNode } from '../../../../../shared/contract/explain';
import { tablesOf } from '../../plan-node';
import { comparedColumns, n, type PlanContext } from '../plan-context';
import { createIndexSql, findingOf, inDependentSubquery, type PlanRule } from '../plan-rule';

/** Columns of `node`'s table used by its condition: equalities first, then ranges. */
export function indexableColumns(ctx: PlanContext, node: PlanNode): string[] {
  const cond = ctx.conditionOf(node);
  if (!cond) return [];
  const own = (q: string | null): boolean => q === null || q === node.table || q === ctx.tableOf(node)?.name;
  const refs = comparedColumns(cond).filter((c) => own(c.qualifier) && !/^'%/.test(c.operand));
  // A column compared with another table's column is a join key; it belongs in the index too.
  const eq = refs.filter((c) => c.op === '=' || c.op === '<=>' || c.op === 'in').map((c) => c.column);
  const range = refs.filter((c) => !eq.includes(c.column)).map((c) => c.column);
  return [...new Set([...eq, ...range])];
}

/** Real table name for generated SQL (the schema's, else the plan's). */
export function realTable(ctx: PlanContext, node: PlanNode): string {
  return ctx.tableOf(node)?.name ?? node.table ?? 'table';
}

export const fullTableScanRule: PlanRule = {
  id: 'full-table-scan',
  severity: 'warning',
  title: 'Full scan of a large table',
  rationale:
    'A full scan (type ALL) reads every row of the table on every execution; its cost grows with the table, ' +
    'not with the result. An index on the filtered columns turns it into a lookup. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/table-scan-avoidance.html',
  fixtures: ['mariadb/before/document_list.explain.json', 'mysql/before/document_list.analyze.txt'],
  check(ctx) {
    return tablesOf(ctx.plan.root)
      .filter((t) => t.access?.type === 'ALL')
      .flatMap((t) => {
        const rows = ctx.tableRows(t);
        if (rows == null || rows < ctx.largeTableRows) return [];
        const cols = indexableColumns(ctx, t);
        const table = realTable(ctx, t);
        const loops = t.actual?.loops ?? null;
        // A node never reached (loops 0) read nothing, whatever its rows column says.
        const read = loops === 0 ? 0 : t.actual?.rows != null ? t.actual.rows * (loops ?? 1) : null;
        // Measured: "once per outer row" only when the subquery did run more than once.
        const perRow = inDependentSubquery(ctx, t) && (loops === null || loops > 1);
        const idle = read === 0;
        const cond = ctx.conditionOf(t);
        return [
          findingOf(this, t, {
            severity: idle ? 'info' : perRow ? 'critical' : this.severity,
            message: idle
              ? `${table} (${n(rows)} rows) is planned as a full scan, but read no rows in this execution (${loops === 0 ? 'never reached' : `${n(loops ?? 1)} loop(s) of 0 rows`}); it will read all of them when it runs${cond ? ` to evaluate ${cond}` : ''}.`
              : `${table} (${n(rows)} rows) is read in full` +
                (read !== null ? ` — ${n(read)} rows actually read${loops !== null && loops > 1 ? ` (${n(t.actual!.rows!)} × ${n(loops)} loops)` : ''}` : '') +
                (perRow ? ', once for every row of the outer query' : '') +
                (cond ? ` to evaluate ${cond}.` : ' with no usable condition.'),
            suggestion: cols.length
              ? `Add an index so the condition becomes a lookup: ${createIndexSql(table, cols)}`
              : 'No condition on this table can use an index; if the query is a report, run it off-peak or on a replica.',
            evidence: {
              rows,
              estimatedRows: t.estimate.rows,
              actualRowsPerLoop: t.actual?.rows ?? null,
              loops,
              actualRowsRead: read,
              condition: cond,
            },
            table,
          }),
        ];
      });
  },
};
