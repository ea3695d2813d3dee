/** Small defensive readers over node-sql-parser AST nodes (plain objects of varying shape). */
import type { AstNode } from './sql-parse';

/** The value as an AST node, or null. */
export function asNode(v: unknown): AstNode | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as AstNode) : null;
}

/** The value as a list of nodes (a single node becomes a list of one). */
export function asNodes(v: unknown): AstNode[] {
  if (Array.isArray(v)) return v.filter((x): x is AstNode => asNode(x) !== null);
  const one = asNode(v);
  return one ? [one] : [];
}

/** `{table, column}` when the node is a column reference (`*` included). */
export function columnOf(node: AstNode | null): { table: string | null; column: string } | null {
  if (!node || node.type !== 'column_ref') return null;
  const table = typeof node.table === 'string' ? node.table : null;
  const col = node.column;
  if (typeof col === 'string') return { table, column: col };
  // Some grammars wrap the name: { expr: { type: 'default', value: 'name' } }.
  const inner = asNode(asNode(col)?.expr);
  if (inner && typeof inner.value === 'string') return { table, column: inner.value };
  return null;
}

/** The SELECT AST of a subquery node (`(SELECT ...)` in an expression or FROM), or null. */
export function subqueryOf(v: unknown): AstNode | null {
  const node = asNode(v);
  if (!node) return null;
  const ast = asNode(node.ast);
  if (ast && ast.type === 'select') return ast;
  if (node.type === 'select' && node.from !== undefined) return node;
  const list = asNodes(node.value);
  if (node.type === 'expr_list' && list.length === 1) return subqueryOf(list[0]);
  return null;
}

/** A literal's value (string, number, boolean, null), or undefined when not a literal. */
export function constantValue(v: unknown): string | number | boolean | null | undefined {
  const node = asNode(v);
  if (!node) return undefined;
  switch (node.type) {
    case 'single_quote_string':
    case 'double_quote_string':
    case 'string':
      return typeof node.value === 'string' ? node.value : undefined;
    case 'number':
      return typeof node.value === 'number' ? node.value : undefined;
    case 'bool':
      return Boolean(node.value);
    case 'null':
      return null;
    default:
      return undefined;
  }
}

/** True for a `?` placeholder (node-sql-parser reads it as an `origin` node). */
export function isParam(v: unknown): boolean {
  const node = asNode(v);
  return node !== null && ((node.type === 'origin' && node.value === '?') || node.type === 'param');
}
