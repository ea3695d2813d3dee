/**
 * A function wrapped around a column in WHERE (`YEAR(expires_at) = YEAR(NOW())`): the index on
 * the column cannot be used. YEAR() and DATE() comparisons are rewritten as ranges on the bare column.
 */
import { columnRef, conjuncts, exprFromSql, exprSql, isValue, lintFinding, type LintRule, rewriteFrom, selectBlocks } from '../lint-rule';
import type { AstNode } from '../sql-ast';

const fnName = (n: AstNode): string => {
  const name = n.name as AstNode | string | undefined;
  if (typeof name === 'string') return name.toUpperCase();
  const parts = (name as AstNode | undefined)?.name;
  return Array.isArray(parts) ? String((parts[0] as AstNode).value).toUpperCase() : '';
};

/** The column a function call wraps as its first argument, if it is a bare column. */
function wrappedColumn(n: unknown): { fn: string; col: NonNullable<ReturnType<typeof columnRef>>; node: AstNode } | null {
  const f = n as AstNode | null;
  if (!f || f.type !== 'function') return null;
  const args = ((f.args as AstNode | undefined)?.value as unknown[] | undefined) ?? [];
  const col = columnRef(args[0]);
  return col ? { fn: fnName(f), col, node: f } : null;
}

/** Range replacing `FN(col) = value`, for the functions whose inverse is a range. */
function rangeFor(fn: string, colSql: string, valueSql: string, valueNode: AstNode): string | null {
  if (fn === 'YEAR') {
    if (valueNode.type === 'number') return `${colSql} >= '${valueNode.value}-01-01' AND ${colSql} < '${Number(valueNode.value) + 1}-01-01'`;
    return `${colSql} >= MAKEDATE(${valueSql}, 1) AND ${colSql} < MAKEDATE(${valueSql} + 1, 1)`;
  }
  if (fn === 'DATE') return `${colSql} >= ${valueSql} AND ${colSql} < ${valueSql} + INTERVAL 1 DAY`;
  return null;
}

/** True when the value side does not read the row (a literal, parameter or a function of those, such as YEAR(NOW())). */
function rowIndependent(n: unknown): boolean {
  if (isValue(n)) return true;
  const o = n as AstNode | null;
  if (!o || typeof o !== 'object') return false;
  if (o.type === 'column_ref') return false;
  if (o.type === 'function') return (((o.args as AstNode | undefined)?.value as unknown[] | undefined) ?? []).every(rowIndependent);
  if (o.type === 'binary_expr') return rowIndependent(o.left) && rowIndependent(o.right);
  return false;
}

export const functionOnColumnRule: LintRule = {
  id: 'function-on-column',
  severity: 'warning',
  title: 'Function on a column in WHERE',
  rationale:
    'An index stores raw column values; WHERE YEAR(col) = … must compute YEAR() for every row, so the index on ' +
    'col (present or future) is not used. Comparing the bare column with a computed range keeps it usable. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/where-optimization.html',
  examples: ['SELECT * FROM user_sessions WHERE YEAR(expires_at) = YEAR(NOW())', "SELECT id FROM users WHERE LOWER(username) = 'user17'"],
  check(ctx) {
    return selectBlocks(ctx.ast)
      .concat(ctx.ast.type === 'select' ? [] : [ctx.ast])
      .flatMap((block) =>
        conjuncts(block.where).flatMap((c) => {
          if (c.type !== 'binary_expr' || !['=', '<', '>', '<=', '>=', '<>', '!='].includes(String(c.operator))) return [];
          const w = wrappedColumn(c.left) ?? wrappedColumn(c.right);
          if (!w) return [];
          const value = w.node === c.left ? (c.right as AstNode) : (c.left as AstNode);
          if (!rowIndependent(value)) return [];
          const table = ctx.tableOf(w.col.table);
          const indexed = table ? table.indexes.some((i) => i.columns.some((x) => x?.toLowerCase() === w.col.column.toLowerCase())) : null;
          const colSql = exprSql({ type: 'column_ref', table: w.col.table, column: w.col.column }, ctx.dialect);
          const range = c.operator === '=' ? rangeFor(w.fn, colSql, exprSql(value, ctx.dialect), value) : null;
          let rewrite = null;
          if (range) {
            const clone = structuredClone(ctx.ast) as AstNode;
            const replaced = JSON.stringify(c);
            const swap = (n: unknown): unknown => {
              if (Array.isArray(n)) return n.map(swap);
              if (!n || typeof n !== 'object') return n;
              if (JSON.stringify(n) === replaced) return exprFromSql(range, ctx.dialect);
              return Object.fromEntries(Object.entries(n as AstNode).map(([k, v]) => [k, swap(v)]));
            };
            rewrite = rewriteFrom(ctx, swap(clone) as AstNode);
          }
          return [
            lintFinding(this, {
              severity: indexed === false ? 'info' : 'warning',
              message:
                `${w.fn}(${w.col.column}) in WHERE is computed for every row; ` +
                (indexed
                  ? `the index on ${w.col.column} cannot be used.`
                  : indexed === false
                    ? `an index on ${w.col.column} would not be used either.`
                    : `an index on ${w.col.column} cannot be used.`),
              suggestion: range
                ? `Compare the bare column with a range: ${range}`
                : `Compare the bare column with a computed value, or index the expression (functional index / generated column on ${w.fn}(${w.col.column})).`,
              evidence: { function: w.fn, column: w.col.column, indexed },
              rewrite,
            }),
          ];
        }),
      );
  },
};
