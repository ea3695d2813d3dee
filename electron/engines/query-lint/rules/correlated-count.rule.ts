/**
 * `(SELECT COUNT(*) FROM t WHERE t.k = outer.id)` in the select list runs once per outer row.
 * Rewritten as a grouped derived table LEFT JOINed once, with COALESCE(…, 0) for outer rows without matches.
 */
import { columnRef, conjuncts, lintFinding, type LintRule, rewriteFrom } from '../lint-rule';
import type { AstNode } from '../sql-ast';

interface Correlated {
  index: number;
  alias: string;
  table: string;
  innerKey: string;
  outer: { table: string | null; column: string };
}

/** Select-list subqueries of the form SELECT COUNT(*) FROM t WHERE t.k = outer.c (only that condition). */
function correlatedCounts(block: AstNode, outerNames: Set<string>): Correlated[] {
  const cols = Array.isArray(block.columns) ? (block.columns as AstNode[]) : [];
  const out: Correlated[] = [];
  cols.forEach((c, index) => {
    const sub = (c.expr as AstNode | undefined)?.ast as AstNode | undefined;
    if (!sub || sub.type !== 'select') return;
    const inner = (sub.from as AstNode[] | undefined) ?? [];
    const selectsCount = JSON.stringify(sub.columns).includes('"aggr_func"') && /"name":"COUNT"/i.test(JSON.stringify(sub.columns));
    if (inner.length !== 1 || !selectsCount || sub.groupby) return;
    const innerName = (inner[0]!.as as string | null) ?? (inner[0]!.table as string);
    const conds = conjuncts(sub.where);
    if (conds.length !== 1 || conds[0]!.operator !== '=') return;
    const l = columnRef(conds[0]!.left);
    const r = columnRef(conds[0]!.right);
    if (!l || !r) return;
    const isOuter = (x: { table: string | null }): boolean => x.table !== null && x.table !== innerName && outerNames.has(x.table);
    const [outer, innerCol] = isOuter(r) ? [r, l] : isOuter(l) ? [l, r] : [null, null];
    if (!outer || !innerCol) return;
    out.push({ index, alias: (c.as as string | null) ?? `count_${index}`, table: inner[0]!.table as string, innerKey: innerCol.column, outer });
  });
  return out;
}

export const correlatedCountRule: LintRule = {
  id: 'correlated-count-subquery',
  severity: 'warning',
  title: 'COUNT(*) subquery per row in the select list',
  rationale:
    'A correlated scalar subquery in the select list is evaluated for every row of the outer result (MySQL ' +
    'shows it as DEPENDENT SUBQUERY). Counting all groups once in a derived table and joining it turns N ' +
    "subquery runs into one grouped read; MariaDB's split-materialized optimization and MySQL LATERAL " +
    'keep it per-key when the outer result is small. https://dev.mysql.com/doc/refman/8.4/en/correlated-subqueries.html',
  examples: ['SELECT d.id, (SELECT COUNT(*) FROM document_versions WHERE document_id = d.id) AS versions_count FROM documents d WHERE d.project_id = ?'],
  check(ctx) {
    const b = ctx.ast;
    if (b.type !== 'select') return [];
    const outerNames = new Set(((b.from as AstNode[] | undefined) ?? []).flatMap((f) => [f.as as string, f.table as string].filter(Boolean)));
    const found = correlatedCounts(b, outerNames);
    if (found.length === 0) return [];
    const clone = structuredClone(b);
    const cols = clone.columns as AstNode[];
    for (const f of found) {
      const da = `${f.alias}_agg`;
      cols[f.index] = {
        expr: {
          type: 'function',
          name: { name: [{ type: 'default', value: 'COALESCE' }] },
          args: {
            type: 'expr_list',
            value: [
              { type: 'column_ref', table: da, column: 'n' },
              { type: 'number', value: 0 },
            ],
          },
        },
        as: f.alias,
      };
      (clone.from as AstNode[]).push({
        expr: {
          ast: {
            type: 'select',
            columns: [
              { expr: { type: 'column_ref', table: null, column: f.innerKey }, as: null },
              { expr: { type: 'aggr_func', name: 'COUNT', args: { expr: { type: 'star', value: '*' } } }, as: 'n' },
            ],
            from: [{ db: null, table: f.table, as: null }],
            groupby: { columns: [{ type: 'column_ref', table: null, column: f.innerKey }] },
          },
          parentheses: true,
        },
        as: da,
        join: 'LEFT JOIN',
        on: {
          type: 'binary_expr',
          operator: '=',
          left: { type: 'column_ref', table: da, column: f.innerKey },
          right: { type: 'column_ref', table: f.outer.table, column: f.outer.column },
        },
      });
    }
    let rewrite = null;
    try {
      rewrite = rewriteFrom(ctx, clone);
    } catch {
      rewrite = null;
    }
    return found.map((f) =>
      lintFinding(this, {
        message: `${f.alias} = COUNT(*) of ${f.table} is computed by a subquery run once per ${f.outer.table ?? 'outer'} row.`,
        suggestion: `Join a grouped count once: LEFT JOIN (SELECT ${f.innerKey}, COUNT(*) AS n FROM ${f.table} GROUP BY ${f.innerKey}) ${f.alias}_agg ON ${f.alias}_agg.${f.innerKey} = ${f.outer.table}.${f.outer.column}, and index ${f.table}(${f.innerKey}).`,
        evidence: { column: f.alias, table: f.table, correlatedOn: `${f.table}.${f.innerKey} = ${f.outer.table}.${f.outer.column}` },
        rewrite,
      }),
    );
  },
};
