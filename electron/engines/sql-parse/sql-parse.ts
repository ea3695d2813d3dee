/**
 * Thin wrapper over node-sql-parser for MySQL and MariaDB text: parse one statement or a whole
 * script, trying the flavor's grammar first and the sibling grammar second (node-sql-parser's
 * MariaDB grammar rejects some non-reserved words such as `status` that MySQL's accepts, and
 * vice versa). A statement neither grammar accepts is returned with its error, never dropped.
 *
 * Speed: the single-dialect builds (`build/mysql`, `build/mariadb`, ~270 KB each) load in a
 * third of the time of the all-dialect bundle (2.5 MB), and `parseMany` parses statements in
 * batches, because each `parse()` call first re-creates the whole grammar's closures and
 * expectation objects (about as costly as parsing a short statement).
 */
import { Parser as MariaDbParser } from 'node-sql-parser/build/mariadb';
import { Parser as MySqlParser } from 'node-sql-parser/build/mysql';
import { splitStatements } from '../../../shared/sql-split';
import type { Dialect } from '../flavor/dialect';
import { assemblePieces, piecesOf, statementPieces, type StatementPieces } from './statement-pieces';
import { bindTemplate, statementTemplate, type StatementTemplate } from './statement-template';

/** Which server grammar to prefer: the dialect's `parserGrammar`. */
export type SqlFlavor = Dialect['parserGrammar'];

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

/** node-sql-parser's names of the two grammars (its `database` option). */
export type Grammar = 'MySQL' | 'MariaDB';

const grammars: Record<SqlFlavor, readonly Grammar[]> = {
  mysql: ['MySQL', 'MariaDB'],
  mariadb: ['MySQL', 'MariaDB'],
};

/** What the app uses of a node-sql-parser Parser (each single-dialect build has all of it). */
export interface GrammarParser {
  astify(sql: string, opt: { database: string }): unknown;
  sqlify(ast: never, opt: { database: string }): string;
  exprToSQL(expr: never, opt: { database: string }): string;
  tableList(sql: string, opt: { database: string }): string[];
}

// A Parser object holds no state of its own (its options are passed per call), so one per
// grammar is shared; each call is synchronous and complete before the next starts.
const parsers: Record<Grammar, GrammarParser> = {
  MySQL: new MySqlParser() as unknown as GrammarParser,
  MariaDB: new MariaDbParser() as unknown as GrammarParser,
};

/**
 * The shared parser of one grammar, for the callers that also print ASTs or list tables (query
 * lint, ANALYZE of a write). Only the single-dialect builds are loaded anywhere in the app: the
 * all-dialect bundle is 2.5 MB of code that every process start would compile.
 */
export function grammarParser(grammar: Grammar): GrammarParser {
  return parsers[grammar];
}

/** A statement's AST or the parse error. */
export interface ParseResult {
  readonly ast: AstNode | null;
  readonly error: string | null;
}

/** Parses one statement; returns its AST or the parse error (pure). */
export function parseStatement(sql: string, flavor: SqlFlavor = 'mysql'): ParseResult {
  let firstError: string | null = null;
  for (const database of grammars[flavor]) {
    const r = parseWith(sql, database);
    if (r.ast) return sql.includes('``') ? { ast: unquoteIdentifiers(r.ast), error: null } : r;
    firstError ??= r.error;
  }
  return { ast: null, error: firstError ?? 'unparseable' };
}

/** Statements per batch in parseMany: big enough to amortise the per-call setup, small enough
 * that a batch with one bad statement costs little to redo one by one. */
const BATCH = 16;
// A newline before the separator ends a trailing `-- comment`, which would otherwise swallow it.
const SEPARATOR = '\n;\n';

/**
 * Parses many single statements, each as `parseStatement` would (same ASTs for everything but the
 * parser's own tableList/columnList bookkeeping inside subquery nodes). A simple SELECT, UPDATE
 * or DELETE is cut into pieces (statement-pieces.ts) that statements of other structures share:
 * each distinct piece is parsed once and the statement's AST is put together from them.
 * Other statements that differ only in names and values share one parse of their template
 * (statement-template.ts), and each gets its own copy of the AST with its names and values.
 * Whatever does not come back whole (a piece or template that does not parse, an AST that cannot
 * take the values back) sends the statement to its own parse. A caller that already has the
 * statements' templates (`statementTemplate`, in order) or their plan (`planParse`) passes them.
 */
export function parseMany(
  sqls: readonly string[],
  flavor: SqlFlavor = 'mysql',
  templates: readonly (StatementTemplate | null)[] = sqls.map(statementTemplate),
  plan: ParsePlan = planParse(sqls, templates),
): ParseResult[] {
  const { cut, pieceTexts, texts } = plan;
  // Pieces are parsed by the first grammar only, as the whole statement would be first: a piece
  // only that grammar rejects sends its statement to its own parse, with the grammar fallback.
  const pieceResults = parseBatched(pieceTexts, flavor, true);
  const byPiece = new Map(pieceTexts.map((t, i) => [t, pieceResults[i]!.ast]));
  const results = parseBatched(texts, flavor);
  const byText = new Map(texts.map((t, i) => [t, results[i]!]));
  return sqls.map((sql, i) => {
    // A name with a backtick in it is unquoted in a fresh AST of its own (pieces and templates are shared).
    if (sql.includes('``')) return parseStatement(sql, flavor);
    const pieces = cut[i];
    if (pieces) {
      const ast = assemblePieces(pieces, (t) => byPiece.get(t) ?? null);
      return ast ? { ast, error: null } : parseStatement(sql, flavor);
    }
    const template = templates[i];
    if (!template) return byText.get(sql)!;
    const { ast } = byText.get(template.text)!;
    const bound = ast && bindTemplate(ast, template);
    return bound ? { ast: bound, error: null } : parseStatement(sql, flavor);
  });
}

/** What parseMany parses: each statement's pieces (or null), the piece texts and the whole texts. */
export interface ParsePlan {
  readonly cut: readonly (StatementPieces | null)[];
  readonly pieceTexts: readonly string[];
  readonly texts: readonly string[];
}

/**
 * Chooses how each statement is parsed. A template that several statements share is parsed once
 * as a whole. A statement alone with its template is cut into pieces when they are mostly shared:
 * each piece's text length is split among the statements using it, and the pieces must come to
 * less than half the template's length (pieces are short statements of their own, so a piece
 * only this statement uses costs more than its share of the whole).
 */
export function planParse(
  sqls: readonly string[],
  templates: readonly (StatementTemplate | null)[] = sqls.map(statementTemplate),
  /** `always`: cut every statement that can be cut, shared or not (for tests of the cut). */
  cut: 'when-shared' | 'always' = 'when-shared',
): ParsePlan {
  const uses = new Map<string, number>();
  for (const t of templates) if (t) uses.set(t.text, (uses.get(t.text) ?? 0) + 1);
  const candidates = sqls.map((_, i) => {
    const t = templates[i];
    const p = t && (cut === 'always' || uses.get(t.text) === 1) ? statementPieces(t) : null;
    return p && { p, texts: piecesOf(p).map((x) => x.text) };
  });
  const pieceUses = new Map<string, number>();
  for (const c of candidates) if (c) for (const x of c.texts) pieceUses.set(x, (pieceUses.get(x) ?? 0) + 1);
  const chosen: (StatementPieces | null)[] = [];
  const pieceTexts = new Set<string>();
  const texts = new Set<string>();
  candidates.forEach((c, i) => {
    let cost = 0;
    if (c) for (const x of c.texts) cost += x.length / pieceUses.get(x)!;
    if (c && (cut === 'always' || cost < templates[i]!.text.length / 2)) {
      chosen.push(c.p);
      for (const x of c.texts) pieceTexts.add(x);
    } else {
      chosen.push(null);
      texts.add(templates[i]?.text ?? sqls[i]!);
    }
  });
  return { cut: chosen, pieceTexts: [...pieceTexts], texts: [...texts] };
}

/**
 * Parses statements in batches through the first grammar, one call per batch; a batch that fails
 * or does not come back as one AST per statement is parsed again statement by statement, with
 * the grammar fallback unless `firstOnly`.
 */
function parseBatched(sqls: readonly string[], flavor: SqlFlavor, firstOnly = false): ParseResult[] {
  const out: ParseResult[] = [];
  const first = grammars[flavor][0]!;
  for (let i = 0; i < sqls.length; i += BATCH) {
    const batch = sqls.slice(i, i + BATCH);
    let asts: unknown = null;
    // A `;` inside one statement would shift the batch; such statements go alone.
    if (batch.length > 1 && batch.every((s) => !s.includes(';'))) {
      try {
        asts = parsers[first].astify(batch.join(SEPARATOR), { database: first });
      } catch {
        asts = null;
      }
    }
    if (Array.isArray(asts) && asts.length === batch.length && asts.every((a) => a !== null && typeof a === 'object' && !Array.isArray(a))) {
      for (const ast of asts) out.push({ ast: ast as AstNode, error: null });
    } else for (const s of batch) out.push(firstOnly ? parseWith(s, first) : parseStatement(s, flavor));
  }
  return out;
}

/** AST keys whose string values are identifiers (tables, schemas, columns, aliases, index and constraint names). */
const IDENT_KEYS = new Set(['table', 'db', 'column', 'as', 'index', 'constraint']);

/**
 * node-sql-parser strips a name's outer backticks but keeps a doubled backtick inside it
 * (`` `a``b` `` comes back as a``b); the name is a`b. Rewrites those names in place in a
 * freshly parsed AST. https://dev.mysql.com/doc/refman/8.4/en/identifiers.html
 */
export function unquoteIdentifiers(ast: AstNode): AstNode {
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const x of node) walk(x);
      return;
    }
    const obj = node as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'string') {
        if (IDENT_KEYS.has(k) || (k === 'value' && obj.type === 'backticks_quote_string')) obj[k] = v.replace(/``/g, '`');
      } else walk(v);
    }
  };
  walk(ast);
  return ast;
}

/** One statement through one grammar. */
function parseWith(sql: string, grammar: Grammar): ParseResult {
  try {
    const ast = parsers[grammar].astify(sql, { database: grammar }) as unknown;
    const one = Array.isArray(ast) ? (ast.length === 1 ? ast[0] : null) : ast;
    return one && typeof one === 'object' ? { ast: one as AstNode, error: null } : { ast: null, error: 'expected exactly one statement' };
  } catch (e) {
    return { ast: null, error: shortError(e) };
  }
}

/** Splits a script and parses each statement, keeping the ones that fail with their error. */
export function parseStatements(script: string, flavor: SqlFlavor = 'mysql'): ParsedStatement[] {
  const split = splitStatements(script);
  const parsed = parseMany(
    split.map((s) => s.sql),
    flavor,
  );
  return split.map((s, index) => ({ index, sql: s.sql, comments: s.comments, ...parsed[index]! }));
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
