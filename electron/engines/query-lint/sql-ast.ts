/**
 * node-sql-parser behind a small, typed surface: parse one statement for a MySQL/MariaDB dialect,
 * walk the AST, read its tables and aliases, and split a workload file into named statements.
 * The parsers are the shared, stateless single-dialect ones of sql-parse.
 */
import { grammarParser } from '../sql-parse/sql-parse';
import { splitStatements as splitScript } from '../../../shared/sql-split';

/** SQL dialects node-sql-parser knows for our servers. */
export type SqlDialect = 'MySQL' | 'MariaDB';

/** A loosely typed AST node (node-sql-parser's own types are partial). */
export type AstNode = Record<string, unknown>;

/** Result of parsing one statement: the AST and the grammar that read it, or the error. */
export interface ParsedStatement {
  readonly ast: AstNode | null;
  readonly dialect: SqlDialect;
  readonly error: string | null;
}

function tryParse(sql: string, dialect: SqlDialect): ParsedStatement {
  try {
    const ast = grammarParser(dialect).astify(sql, { database: dialect }) as unknown;
    const one = Array.isArray(ast) ? ast[0] : ast;
    if (!one || typeof one !== 'object') return { ast: null, dialect, error: 'Empty statement' };
    return { ast: one as AstNode, dialect, error: null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ast: null, dialect, error: message.split('\n')[0]!.slice(0, 300) };
  }
}

/**
 * Parses one statement; an unparsable one yields its error, never a throw. node-sql-parser's
 * MariaDB grammar rejects some non-reserved words as bare identifiers (`status`), which its MySQL
 * grammar accepts, so the other grammar is tried before giving up; the error reported is the
 * requested dialect's.
 */
export function parseSql(sql: string, dialect: SqlDialect = 'MariaDB'): ParsedStatement {
  const first = tryParse(sql, dialect);
  if (first.ast) return first;
  const second = tryParse(sql, dialect === 'MariaDB' ? 'MySQL' : 'MariaDB');
  return second.ast ? second : first;
}

/** Turns an AST back into SQL text. */
export function sqlify(ast: AstNode, dialect: SqlDialect = 'MariaDB'): string {
  return grammarParser(dialect).sqlify(ast as never, { database: dialect });
}

/** Visits every object in the AST, with its parent chain (outermost first). */
export function walkAst(node: unknown, visit: (n: AstNode, parents: readonly AstNode[]) => void, parents: AstNode[] = []): void {
  if (Array.isArray(node)) {
    for (const x of node) walkAst(x, visit, parents);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as AstNode;
  visit(obj, parents);
  parents.push(obj);
  for (const value of Object.values(obj)) if (value && typeof value === 'object') walkAst(value, visit, parents);
  parents.pop();
}

/** Entries of FROM lists anywhere in the statement. */
export interface FromTable {
  readonly table: string;
  readonly alias: string | null;
}

/** Every table named in a FROM/JOIN (including subqueries), with its alias. */
export function fromTables(ast: AstNode): FromTable[] {
  const out: FromTable[] = [];
  walkAst(ast, (n) => {
    for (const key of ['from', 'table'] as const) {
      const list = n[key];
      if (!Array.isArray(list)) continue;
      for (const f of list) {
        if (f && typeof f === 'object' && typeof (f as AstNode).table === 'string') {
          out.push({ table: (f as AstNode).table as string, alias: ((f as AstNode).as as string | null) ?? null });
        }
      }
    }
  });
  return out;
}

/** Alias → table name (a table without alias maps to itself). */
export function aliasMap(ast: AstNode): Record<string, string> {
  const map: Record<string, string> = {};
  for (const t of fromTables(ast)) {
    map[t.alias ?? t.table] = t.table;
    map[t.table] ??= t.table;
  }
  return map;
}

/** Alias map of a SQL text, empty when it does not parse. */
export function aliasesOfSql(sql: string, dialect: SqlDialect = 'MariaDB'): Record<string, string> {
  const { ast } = parseSql(sql, dialect);
  return ast ? aliasMap(ast) : {};
}

/** A statement of a workload file, with the name from its `-- name | qps | slo` header if any. */
export interface WorkloadStatement {
  readonly name: string | null;
  readonly sql: string;
}

/**
 * Splits SQL text into statements with the one splitter (sql-parse/sql-split: quotes, comments
 * and DELIMITER respected); a `-- name | …` comment right before a statement names it (the
 * workload.sql convention).
 */
export function splitStatements(text: string): WorkloadStatement[] {
  return splitScript(text).map((s) => {
    const header = [...s.comments].reverse().find((c) => /^[A-Za-z_]\w*\s*\|/.test(c));
    return { name: header ? /^([A-Za-z_]\w*)/.exec(header)![1]! : null, sql: s.sql };
  });
}
