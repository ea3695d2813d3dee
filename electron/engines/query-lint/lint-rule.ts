/**
 * The shape of a query-lint rule (one file per rule under rules/, listed in rules.registry.ts)
 * and the helpers rules share: AST access, schema lookups, and rewrites with their line diff.
 */
import { grammarParser } from '../sql-parse/sql-parse';
import { format } from 'sql-formatter';
import type { ExplainSchema, ExplainSchemaTable, LintFinding, Rewrite, Severity } from '../../../shared/contract/explain';
import { lineDiff } from './line-diff';
import { type AstNode, type SqlDialect, sqlify } from './sql-ast';

/** What a rule sees of one statement. */
export interface LintContext {
  readonly sql: string;
  readonly ast: AstNode;
  readonly dialect: SqlDialect;
  readonly schema: ExplainSchema | null;
  /** Alias → table of the statement's FROM lists. */
  readonly aliases: Readonly<Record<string, string>>;
  /** Schema table for a qualifier (alias or name); an unqualified column maps to the only table, if one. */
  tableOf(qualifier: string | null): ExplainSchemaTable | null;
}

/** One lint rule. */
export interface LintRule {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly rationale: string;
  /** Statements the rule must flag (the registry test runs them with the co-writing schema). */
  readonly examples: readonly string[];
  check(ctx: LintContext): LintFinding[];
}

/** Builds a finding of `rule`. */
export function lintFinding(
  rule: LintRule,
  fields: { message: string; suggestion: string; evidence?: LintFinding['evidence']; severity?: Severity; rewrite?: Rewrite | null },
): LintFinding {
  return {
    ruleId: rule.id,
    severity: fields.severity ?? rule.severity,
    title: rule.title,
    message: fields.message,
    evidence: fields.evidence ?? {},
    suggestion: fields.suggestion,
    rewrite: fields.rewrite ?? null,
  };
}

/** Pretty-prints SQL for diffs; falls back to the input when the formatter cannot read it. */
export function prettySql(sql: string, dialect: SqlDialect): string {
  try {
    return format(sql, { language: dialect === 'MariaDB' ? 'mariadb' : 'mysql', keywordCase: 'upper' });
  } catch {
    return sql;
  }
}

/** A rewrite: the new AST printed, and its line diff against the original (both formatted). */
export function rewriteFrom(ctx: LintContext, ast: AstNode): Rewrite {
  const sql = sqlify(ast, ctx.dialect);
  // Diff against the original as the printer writes it, so quoting and keyword case do not show as changes.
  const original = sqlify(ctx.ast, ctx.dialect);
  return { sql, diff: lineDiff(prettySql(original, ctx.dialect), prettySql(sql, ctx.dialect)) };
}

/** Prints one expression node. */
export function exprSql(node: unknown, dialect: SqlDialect): string {
  return grammarParser(dialect).exprToSQL(node as never, { database: dialect });
}

/** Parses an expression by wrapping it in a WHERE clause (keeps generated SQL on the parser's path). */
export function exprFromSql(text: string, dialect: SqlDialect): AstNode {
  const ast = grammarParser(dialect).astify(`SELECT 1 FROM dual WHERE ${text}`, { database: dialect }) as unknown as AstNode | AstNode[];
  const one = (Array.isArray(ast) ? ast[0] : ast) as AstNode;
  return one.where as AstNode;
}

/** The AND-ed parts of a condition. */
export function conjuncts(node: unknown): AstNode[] {
  if (!node || typeof node !== 'object') return [];
  const n = node as AstNode;
  if (n.type === 'binary_expr' && String(n.operator).toUpperCase() === 'AND') return [...conjuncts(n.left), ...conjuncts(n.right)];
  return [n];
}

/** A column reference node's qualifier and name, or null. */
export function columnRef(node: unknown): { table: string | null; column: string } | null {
  if (!node || typeof node !== 'object') return null;
  const n = node as AstNode;
  if (n.type !== 'column_ref' || (typeof n.column !== 'string' && typeof (n.column as AstNode)?.expr !== 'object')) return null;
  const column = typeof n.column === 'string' ? n.column : String(((n.column as AstNode).expr as AstNode)?.value ?? '');
  return { table: (n.table as string | null) ?? null, column };
}

/** True for a literal or a `?` placeholder. */
export function isValue(node: unknown): boolean {
  const t = (node as AstNode | null)?.type;
  return (
    t === 'number' ||
    t === 'single_quote_string' ||
    t === 'double_quote_string' ||
    t === 'string' ||
    t === 'bool' ||
    t === 'null' ||
    (t === 'origin' && (node as AstNode).value === '?') ||
    t === 'param'
  );
}

/** SELECT blocks of a statement, outermost first, including UNION branches and subqueries. */
export function selectBlocks(ast: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    const o = n as AstNode;
    if (o.type === 'select') out.push(o);
    for (const v of Object.values(o)) visit(v);
  };
  visit(ast);
  return out;
}

/** The top-level SELECT's direct subqueries are nested; this tells whether `block` is the statement itself. */
export function isTopLevel(ctx: LintContext, block: AstNode): boolean {
  return block === ctx.ast;
}

/**
 * True when the block's WHERE pins a primary or single-column unique key with `=`, so it returns at
 * most one row. Without a schema a column named `id` counts as the key.
 */
export function isUniqueLookup(ctx: LintContext, block: AstNode): boolean {
  for (const c of conjuncts(block.where)) {
    if (c.type !== 'binary_expr' || c.operator !== '=') continue;
    const col = columnRef(c.left) ?? columnRef(c.right);
    const other = columnRef(c.left) ? c.right : c.left;
    if (!col || !isValue(other)) continue;
    const table = ctx.tableOf(col.table);
    if (!table) {
      if (col.column.toLowerCase() === 'id') return true;
      continue;
    }
    if (table.indexes.some((i) => i.unique && i.columns.length === 1 && i.columns[0]?.toLowerCase() === col.column.toLowerCase())) return true;
  }
  return false;
}

/** Column types that make a row wide: long text, blobs and JSON. */
export const LARGE_TYPES = /^(mediumtext|longtext|text|tinytext|blob|mediumblob|longblob|json)$/;
