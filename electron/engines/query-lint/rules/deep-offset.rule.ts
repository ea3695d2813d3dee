/** OFFSET pagination: page N reads and throws away N × page-size rows. Keyset pagination does not. */
import { columnRef, lintFinding, type LintRule, rewriteFrom } from '../lint-rule';
import type { AstNode } from '../sql-ast';

/** Offsets at or past this are "deep" when the offset is a literal. */
const DEEP = 1000;

/** The OFFSET node of a LIMIT clause (`LIMIT n OFFSET m` or `LIMIT m, n`), if any. */
function offsetOf(limit: AstNode | null | undefined): AstNode | null {
  const v = Array.isArray(limit?.value) ? (limit!.value as AstNode[]) : [];
  if (v.length < 2) return null;
  return limit!.seperator === 'offset' ? v[1]! : v[0]!;
}

export const deepOffsetRule: LintRule = {
  id: 'deep-offset',
  severity: 'warning',
  title: 'OFFSET pagination',
  rationale:
    'LIMIT n OFFSET m makes the server produce m + n rows and discard m of them, so page 500 costs 500 pages. ' +
    'Keyset ("seek") pagination remembers the last row\'s sort key and asks for rows after it, which an index ' +
    'on (filter columns, sort key, id) serves in constant time per page. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/limit-optimization.html',
  examples: ['SELECT p.id, p.name FROM projects p WHERE p.user_id = ? ORDER BY p.updated_at DESC LIMIT ? OFFSET ?'],
  check(ctx) {
    const b = ctx.ast;
    if (b.type !== 'select') return [];
    const offset = offsetOf(b.limit as AstNode | null);
    if (!offset) return [];
    const literal = offset.type === 'number' ? Number(offset.value) : null;
    if (literal !== null && literal < DEEP) return [];
    const order = Array.isArray(b.orderby) ? (b.orderby as AstNode[]) : [];
    const first = order.length === 1 ? columnRef(order[0]!.expr) : null;
    let rewrite = null;
    if (first) {
      // WHERE … AND (sort_col, id) < (?, ?) ORDER BY sort_col DESC, id DESC LIMIT ? — both values come from the last row shown.
      const desc = String(order[0]!.type ?? 'ASC').toUpperCase() === 'DESC';
      const clone = structuredClone(b);
      const seek = {
        type: 'binary_expr',
        operator: desc ? '<' : '>',
        left: {
          type: 'expr_list',
          parentheses: true,
          value: [
            { type: 'column_ref', table: first.table, column: first.column },
            { type: 'column_ref', table: first.table, column: 'id' },
          ],
        },
        right: {
          type: 'expr_list',
          parentheses: true,
          value: [
            { type: 'origin', value: '?' },
            { type: 'origin', value: '?' },
          ],
        },
      };
      clone.where = clone.where ? { type: 'binary_expr', operator: 'AND', left: clone.where, right: seek } : seek;
      clone.orderby = [...order, { expr: { type: 'column_ref', table: first.table, column: 'id' }, type: desc ? 'DESC' : 'ASC' }];
      const lim = clone.limit as AstNode;
      const values = lim.value as AstNode[];
      clone.limit = { seperator: '', value: [lim.seperator === 'offset' ? values[0] : values[1]] };
      rewrite = rewriteFrom(ctx, clone);
    }
    return [
      lintFinding(this, {
        severity: literal !== null ? 'critical' : this.severity,
        message:
          literal !== null
            ? `OFFSET ${literal}: ${literal} rows are read and discarded before the page.`
            : 'OFFSET is a parameter: deeper pages read and discard every row before them.',
        suggestion: first
          ? `Use keyset pagination: pass the last row's ${first.column} and id and ask for the rows after them (rewrite below; parameters: filters…, last ${first.column}, last id, page size).`
          : 'Use keyset pagination on a unique sort key instead of OFFSET.',
        evidence: { offset: literal ?? '?', orderBy: first ? first.column : null },
        rewrite,
      }),
    ];
  },
};
