/**
 * Thin wrapper over node-sql-parser for MySQL and MariaDB text: parse one statement or a whole
 * script, trying the flavor's grammar first and the sibling grammar second (node-sql-parser's
 * MariaDB grammar rejects some non-reserved words such as `status` that MySQL's accepts, and
 * vice versa). A statement neither grammar accepts is returned with its error, never dropped.
 */
import { Parser } from 'node-sql-parser';
import { splitStatements } from './sql-split';

/** Which server grammar to prefer. */
export type SqlFlavor = 'mysql' | 'mariadb';

/** A parsed AST node as plain data (node-sql-parser's shapes, read defensively). */
export type AstNode = Record<string, unknown>;

/** One statement of a script after parsing. */
export interface ParsedStatement {
  /** Position in the script, from 0. */
  readonly index: number;
  readonly sql: string;
  /** Comments written just before the statement. */
  readonly comments: readonly string[];
  /** The statement's AST, or null when no grammar accepted it. */
  readonly ast: AstNode | null;
  /** The first grammar's error message when both failed. */
  readonly error: string | null;
}

/** A statement no grammar accepted. */
export interface UnparsedStatement {
  readonly index: number;
  readonly sql: string;
  readonly error: string;
}

const grammars: Record<SqlFlavor, readonly string[]> = {
  mysql: ['MySQL', 'MariaDB'],
  mariadb: ['MySQL', 'MariaDB'],
};

/** Parses one statement; returns its AST or the parse error (pure; a fresh parser per call). */
export function parseStatement(sql: string, flavor: SqlFlavor = 'mysql'): { ast: AstNode | null; error: string | null } {
  const parser = new Parser();
  let firstError: string | null = null;
  for (const database of grammars[flavor]) {
    try {
      const ast = parser.astify(sql, { database }) as unknown;
      const one = Array.isArray(ast) ? (ast.length === 1 ? ast[0] : null) : ast;
      if (one && typeof one === 'object') return { ast: one as AstNode, error: null };
      firstError ??= 'expected exactly one statement';
    } catch (e) {
      firstError ??= shortError(e);
    }
  }
  return { ast: null, error: firstError ?? 'unparseable' };
}

/** Splits a script and parses each statement, keeping the ones that fail with their error. */
export function parseStatements(script: string, flavor: SqlFlavor = 'mysql'): ParsedStatement[] {
  return splitStatements(script).map((s, index) => {
    const { ast, error } = parseStatement(s.sql, flavor);
    return { index, sql: s.sql, comments: s.comments, ast, error };
  });
}

/** The statements that did not parse, for reports ("3 statements could not be parsed: ..."). */
export function listUnparsed(statements: readonly ParsedStatement[]): UnparsedStatement[] {
  return statements.filter((s) => s.ast === null).map((s) => ({ index: s.index, sql: s.sql, error: s.error ?? 'unparseable' }));
}

/** The statement type (`select`, `insert`, `create`, ...) of a parsed AST, lower-case. */
export function statementType(ast: AstNode): string {
  return typeof ast.type === 'string' ? ast.type.toLowerCase() : 'unknown';
}

function shortError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const found = / but (.+) found\.?$/.exec(msg);
  const line = (e as { location?: { start?: { line?: number; column?: number } } }).location?.start;
  const where = line ? ` at line ${line.line}, column ${line.column}` : '';
  return found ? `syntax error near ${found[1]}${where}` : msg.slice(0, 200);
}
