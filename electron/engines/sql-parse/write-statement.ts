/**
 * What a write statement typed in the editor acts on, read from its tokens (pure): the object
 * kind (database, table, index), its names, and for UPDATE/DELETE the WHERE text and LIMIT, so a
 * preview measures what the statement really touches instead of guessing a table from the word
 * after CREATE (which made `CREATE DATABASE x` read as a table named DATABASE).
 */
import { DEFAULT_LEX, isLexError, lexSql, type LexOptions, type SqlToken } from './sql-lexer';

/** A table as the statement names it (schema null when unqualified). */
export interface TableName {
  readonly schema: string | null;
  readonly table: string;
}

/** The shape of a write statement, one variant per kind a preview measures differently. */
export type WriteShape =
  | { readonly verb: 'create-database'; readonly name: string; readonly ifNotExists: boolean }
  | { readonly verb: 'drop-database'; readonly name: string }
  | { readonly verb: 'create-table'; readonly table: TableName; readonly ifNotExists: boolean; readonly copiesRows: boolean }
  | { readonly verb: 'drop-table'; readonly tables: readonly TableName[] }
  | { readonly verb: 'truncate'; readonly table: TableName }
  | { readonly verb: 'alter-table'; readonly table: TableName }
  | { readonly verb: 'create-index'; readonly index: string; readonly table: TableName }
  | { readonly verb: 'drop-index'; readonly index: string; readonly table: TableName }
  | { readonly verb: 'insert'; readonly table: TableName }
  | {
      readonly verb: 'update' | 'delete';
      /** Null when the statement joins several tables (its rows cannot be counted from one WHERE). */
      readonly table: TableName | null;
      /** The table's alias in the statement (the WHERE may use it), or null. */
      readonly alias: string | null;
      /** The WHERE condition's text, or null when every row matches. */
      readonly where: string | null;
      readonly limit: number | null;
    }
  | { readonly verb: 'other'; readonly keyword: string };

const WORD = /[\w$\u0080-\uffff]+/y;
/** Words that may follow the table of an UPDATE/DELETE where an alias could stand. */
const CLAUSE_WORDS = new Set([
  'SET',
  'WHERE',
  'ORDER',
  'LIMIT',
  'PARTITION',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'CROSS',
  'STRAIGHT_JOIN',
  'NATURAL',
  'USING',
  'RETURNING',
  'FOR',
  'USE',
  'FORCE',
  'IGNORE',
]);

/** The statement's tokens without comments (executable comments included as they are: the caller only reads names). */
function tokensOf(sql: string, options: LexOptions): SqlToken[] | null {
  const lexed = lexSql(sql, options);
  return isLexError(lexed) ? null : lexed.filter((t) => t.kind !== 'comment');
}

/** Reads statements token by token. */
class Cursor {
  i = 0;
  constructor(
    private readonly sql: string,
    readonly toks: SqlToken[],
  ) {}
  peek(k = 0): SqlToken | undefined {
    return this.toks[this.i + k];
  }
  /** Skips the words given, in order, when they are next; true when all were there. */
  accept(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) {
      const t = this.peek(k);
      if (t?.kind !== 'word' || t.text !== words[k]) return false;
    }
    this.i += words.length;
    return true;
  }
  /** Skips any of the optional modifier words. */
  skip(...words: string[]): void {
    while (words.some((w) => this.accept(w)));
  }
  /** One name as written (original case for words, unquoted for `quoted`), or null. */
  name(): string | null {
    const t = this.peek();
    if (!t) return null;
    if (t.kind === 'quoted') {
      this.i++;
      return t.text;
    }
    if (t.kind !== 'word') return null;
    WORD.lastIndex = t.start;
    const m = WORD.exec(this.sql);
    this.i++;
    return m ? m[0] : t.text;
  }
  /** An alias after a table (`AS a` or a bare name that is not the next clause's keyword), or null. */
  alias(): string | null {
    if (this.accept('AS')) return this.name();
    const t = this.peek();
    if (t?.kind === 'quoted') return this.name();
    if (t?.kind === 'word' && !CLAUSE_WORDS.has(t.text)) return this.name();
    return null;
  }
  /** `name` or `schema.name`. */
  qualified(): TableName | null {
    const first = this.name();
    if (first === null) return null;
    if (this.peek()?.kind === 'punct' && this.peek()!.text === '.') {
      this.i++;
      const second = this.name();
      return second === null ? null : { schema: first, table: second };
    }
    return { schema: null, table: first };
  }
}

/** Index of the first top-level (outside parentheses) word among `words` at or after `from`, or -1. */
function topLevel(toks: readonly SqlToken[], from: number, words: readonly string[]): number {
  let depth = 0;
  for (let k = from; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && words.includes(t.text)) return k;
  }
  return -1;
}

/** WHERE text and LIMIT of a single-table UPDATE/DELETE, from the token after its table on. */
function whereAndLimit(sql: string, toks: readonly SqlToken[], from: number): { where: string | null; limit: number | null; joined: boolean } {
  const where = topLevel(toks, from, ['WHERE']);
  const order = topLevel(toks, from, ['ORDER']);
  const limitAt = topLevel(toks, from, ['LIMIT']);
  const ends = [order, limitAt, topLevel(toks, from, ['RETURNING'])].filter((k) => k > where);
  const end = ends.length ? Math.min(...ends) : -1;
  const text = where < 0 ? null : sql.slice(toks[where]!.start + 5, end < 0 ? sql.length : toks[end]!.start).trim();
  const limitTok = limitAt >= 0 ? toks[limitAt + 1] : undefined;
  const limit = limitTok?.kind === 'word' && /^\d+$/.test(limitTok.text) ? Number(limitTok.text) : null;
  // A comma or JOIN before SET/WHERE means several tables.
  const stop = [where, topLevel(toks, from, ['SET'])].filter((k) => k >= 0);
  const headEnd = stop.length ? Math.min(...stop) : toks.length;
  const joined = toks
    .slice(from, headEnd)
    .some((t) => (t.kind === 'punct' && t.text === ',') || (t.kind === 'word' && (t.text === 'JOIN' || t.text === 'USING')));
  return { where: text ? text.replace(/;\s*$/, '') : null, limit, joined };
}

/** The shape of one write statement (pure). Unknown forms come back as `other` with their first keyword. */
export function writeShape(sql: string, options: LexOptions = DEFAULT_LEX): WriteShape {
  const toks = tokensOf(sql.replace(/;\s*$/, ''), options);
  const keyword = (toks?.[0]?.kind === 'word' ? toks[0].text : '').toLowerCase();
  const other: WriteShape = { verb: 'other', keyword };
  if (!toks) return other;
  const c = new Cursor(sql, toks);
  c.i = 1;
  switch (keyword) {
    case 'create': {
      c.skip('OR', 'REPLACE', 'TEMPORARY', 'ONLINE', 'OFFLINE', 'UNIQUE', 'FULLTEXT', 'SPATIAL');
      if (c.accept('DATABASE') || c.accept('SCHEMA')) {
        const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
        const name = c.name();
        return name === null ? other : { verb: 'create-database', name, ifNotExists };
      }
      if (c.accept('TABLE')) {
        const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
        const table = c.qualified();
        if (!table) return other;
        const copiesRows = topLevel(toks, c.i, ['SELECT', 'LIKE']) >= 0;
        return { verb: 'create-table', table, ifNotExists, copiesRows };
      }
      if (c.accept('INDEX')) {
        c.accept('IF', 'NOT', 'EXISTS');
        const index = c.name();
        const on = topLevel(toks, c.i, ['ON']);
        if (index === null || on < 0) return other;
        c.i = on + 1;
        const table = c.qualified();
        return table ? { verb: 'create-index', index, table } : other;
      }
      return other;
    }
    case 'drop': {
      c.skip('TEMPORARY', 'ONLINE', 'OFFLINE');
      if (c.accept('DATABASE') || c.accept('SCHEMA')) {
        c.accept('IF', 'EXISTS');
        const name = c.name();
        return name === null ? other : { verb: 'drop-database', name };
      }
      if (c.accept('TABLE') || c.accept('TABLES')) {
        c.accept('IF', 'EXISTS');
        const tables: TableName[] = [];
        for (;;) {
          const t = c.qualified();
          if (!t) break;
          tables.push(t);
          if (c.peek()?.kind === 'punct' && c.peek()!.text === ',') c.i++;
          else break;
        }
        return tables.length ? { verb: 'drop-table', tables } : other;
      }
      if (c.accept('INDEX')) {
        c.accept('IF', 'EXISTS');
        const index = c.name();
        if (index === null || !c.accept('ON')) return other;
        const table = c.qualified();
        return table ? { verb: 'drop-index', index, table } : other;
      }
      return other;
    }
    case 'truncate': {
      c.accept('TABLE');
      const table = c.qualified();
      return table ? { verb: 'truncate', table } : other;
    }
    case 'alter': {
      c.skip('ONLINE', 'OFFLINE', 'IGNORE');
      if (!c.accept('TABLE')) return other;
      c.accept('IF', 'EXISTS');
      const table = c.qualified();
      return table ? { verb: 'alter-table', table } : other;
    }
    case 'insert':
    case 'replace': {
      c.skip('LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'INTO');
      const table = c.qualified();
      return table ? { verb: 'insert', table } : other;
    }
    case 'update': {
      c.skip('LOW_PRIORITY', 'IGNORE');
      const table = c.qualified();
      if (!table) return other;
      const alias = c.alias();
      const rest = whereAndLimit(sql, toks, c.i);
      return { verb: 'update', table: rest.joined ? null : table, alias, where: rest.where, limit: rest.limit };
    }
    case 'delete': {
      c.skip('LOW_PRIORITY', 'QUICK', 'IGNORE');
      // `DELETE t1 FROM t1 JOIN …` names several tables.
      if (!c.accept('FROM')) return { verb: 'delete', table: null, alias: null, where: null, limit: null };
      const table = c.qualified();
      if (!table) return other;
      const alias = c.alias();
      const rest = whereAndLimit(sql, toks, c.i);
      return { verb: 'delete', table: rest.joined ? null : table, alias, where: rest.where, limit: rest.limit };
    }
    default:
      return other;
  }
}

/** The tables a shape names, for row counts (a database or an index's table included). */
export function tablesOf(shape: WriteShape): TableName[] {
  switch (shape.verb) {
    case 'create-table':
    case 'truncate':
    case 'alter-table':
    case 'create-index':
    case 'drop-index':
    case 'insert':
      return [shape.table];
    case 'drop-table':
      return [...shape.tables];
    case 'update':
    case 'delete':
      return shape.table ? [shape.table] : [];
    default:
      return [];
  }
}
