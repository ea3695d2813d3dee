/**
 * `WHERE a = ? OR b = ?` across different columns: one index cannot serve both sides. Rewritten as a
 * UNION of one SELECT per side (each uses its own index); UNION, not UNION ALL, so a row matching
 * both sides is returned once, as with OR.
 */
import { columnRef, conjuncts, isValue, lintFinding, type LintRule, rewriteFrom } from '../lint-rule';
import type { AstNode } from '../sql-ast';

/** The OR's operands when each is `column op value` on a different column (no LIKE: see leading-wildcard-like). */
function orOperands(node: AstNode): { node: AstNode; column: string }[] | null {
  const flat: AstNode[] = [];
  const visit = (n: AstNode): void => {
    if (n.type === 'binary_expr' && String(n.operator).toUpperCase() === 'OR') {
      visit(n.left as AstNode);
      visit(n.right as AstNode);
    } else flat.push(n);
  };
  visit(node);
  const parts = flat.map((n) => {
    if (n.type !== 'binary_expr' || !['=', '<', '>', '<=', '>=', 'IN'].includes(String(n.operator).toUpperCase())) return null;
    const col = columnRef(n.left);
    return col && (isValue(n.right) || (n.right as AstNode)?.type === 'expr_list') ? { node: n, column: `${col.table ?? ''}.${col.column}` } : null;
  });
  if (parts.some((p) => p === null)) return null;
  const ok = parts as { node: AstNode; column: string }[];
  return new Set(ok.map((p) => p.column)).size > 1 ? ok : null;
}

export const orAcrossColumnsRule: LintRule = {
  id: 'or-across-columns',
  severity: 'warning',
  title: 'OR across different columns',
  rationale:
    'An OR whose sides test different columns cannot be answered from one index; the optimizer either scans ' +
    'or, at best, merges several indexes (index_merge union). A UNION of one SELECT per column, each with its ' +
    'own index, is predictable. https://dev.mysql.com/doc/refman/8.4/en/index-merge-optimization.html',
  examples: ['SELECT id, username FROM users WHERE username = ? OR email = ?'],
  check(ctx) {
    const b = ctx.ast;
    if (b.type !== 'select' || b._next) return [];
    const parts = conjuncts(b.where);
    const orIndex = parts.findIndex((p) => p.type === 'binary_expr' && String(p.operator).toUpperCase() === 'OR' && orOperands(p));
    if (orIndex < 0) return [];
    const operands = orOperands(parts[orIndex]!)!;
    let rewrite = null;
    if (!b.orderby && !b.limit && !b.groupby) {
      const branches = operands.map((op) => {
        const clone = structuredClone(b);
        const rest = parts.map((p, i) => (i === orIndex ? structuredClone(op.node) : structuredClone(p)));
        clone.where = rest.reduce((acc, p) => (acc ? { type: 'binary_expr', operator: 'AND', left: acc, right: p } : p), null as AstNode | null);
        return clone;
      });
      for (let i = 0; i < branches.length - 1; i++) {
        branches[i]!._next = branches[i + 1];
        branches[i]!.set_op = 'union';
      }
      rewrite = rewriteFrom(ctx, branches[0]!);
    }
    const cols = operands.map((o) => o.column.replace(/^\./, ''));
    return [
      lintFinding(this, {
        message: `WHERE … ${cols.join(' OR ')}: no single index serves both sides.`,
        suggestion: `Give each column its own index and split the query into a UNION of one SELECT per column (parameters keep their order), or rely on an index_merge union only if EXPLAIN shows it.`,
        evidence: { columns: cols.join(', ') },
        rewrite,
      }),
    ];
  },
};
