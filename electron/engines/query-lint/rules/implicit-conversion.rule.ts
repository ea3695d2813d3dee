/** A string column compared with a number: every row's value is converted, and the index is skipped. */
import { columnRef, lintFinding, type LintRule, rewriteFrom } from '../lint-rule';
import { type AstNode, walkAst } from '../sql-ast';

const STRING_TYPES = /^(char|varchar|tinytext|text|mediumtext|longtext|enum|set)$/;

export const implicitConversionRule: LintRule = {
  id: 'implicit-conversion',
  severity: 'warning',
  title: 'String column compared with a number',
  rationale:
    'Comparing a string column with a number makes MySQL convert each row\'s string to a number (and "17abc" ' +
    'equals 17), so the index on the column cannot be used. Quote the value. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/type-conversion.html',
  examples: ['SELECT id FROM users WHERE username = 17'],
  check(ctx) {
    const hits: { node: AstNode; column: string; value: unknown; type: string }[] = [];
    walkAst(ctx.ast, (n) => {
      if (n.type !== 'binary_expr' || !['=', '<>', '!=', '<', '>', '<=', '>=', 'IN'].includes(String(n.operator).toUpperCase())) return;
      const col = columnRef(n.left);
      if (!col) return;
      const right = n.right as AstNode;
      const numbers =
        right.type === 'number' ? [right] : right.type === 'expr_list' ? ((right.value as AstNode[]) ?? []).filter((v) => v.type === 'number') : [];
      if (numbers.length === 0) return;
      const column = ctx.tableOf(col.table)?.columns.find((c) => c.name.toLowerCase() === col.column.toLowerCase());
      if (column && STRING_TYPES.test(column.dataType)) hits.push({ node: n, column: col.column, value: numbers[0]!.value, type: column.columnType });
    });
    if (hits.length === 0) return [];
    const clone = structuredClone(ctx.ast);
    walkAst(clone, (n) => {
      if (n.type !== 'binary_expr') return;
      const col = columnRef(n.left);
      if (!col || !hits.some((h) => h.column === col.column)) return;
      const quote = (v: AstNode): AstNode => (v.type === 'number' ? { type: 'single_quote_string', value: String(v.value) } : v);
      const right = n.right as AstNode;
      n.right = right.type === 'expr_list' ? { ...right, value: (right.value as AstNode[]).map(quote) } : quote(right);
    });
    const rewrite = rewriteFrom(ctx, clone);
    return hits.map((h) =>
      lintFinding(this, {
        message: `${h.column} is ${h.type} but compared with the number ${String(h.value)}: each row is converted and its index is skipped.`,
        suggestion: `Compare with a string: ${h.column} = '${String(h.value)}' (bind the parameter as a string).`,
        evidence: { column: h.column, columnType: h.type, value: String(h.value) },
        rewrite,
      }),
    );
  },
};
