/**
 * Statement templates: a workload's statements often differ only in names and values (an ORM
 * writes the same query over many tables; a slow log's samples differ in their literals). The
 * lexer below replaces each identifier, plain string and plain integer by a numbered placeholder;
 * statements with the same template are parsed once by node-sql-parser, and each gets its own
 * copy of that AST with its names and values put back. The result is the AST node-sql-parser
 * gives for the statement itself (a unit test compares both over real workloads and mutations).
 *
 * Only tokens whose AST representation does not depend on their text are replaced: words the
 * grammar knows (GRAMMAR_WORDS), function names, variables, introducers (`_utf8mb4'x'`), escaped
 * strings and any number other than a plain integer stay as they are, which only costs sharing.
 * A placeholder the parser changed (case, concatenation into a number) makes `bindTemplate`
 * refuse, and the caller parses the statement itself.
 */
import { GRAMMAR_WORDS } from './grammar-words';
import type { AstNode } from './sql-parse';

/** A statement's template text and the values its placeholders stand for, by placeholder number. */
export interface StatementTemplate {
  readonly text: string;
  readonly values: readonly (string | number)[];
  /** The template text's tokens, as the lexer read them (statement-pieces cuts on them); absent
   * when the text holds something the cut refuses (a comment, `;`, an introducer). */
  readonly tokens?: TemplateTokens;
}

/** Tokens of a template text, white space left out. */
export interface TemplateTokens {
  /** Token i spans text[start[i], end[i]). */
  readonly start: readonly number[];
  readonly end: readonly number[];
  /** Lower-case text of a kept word, the character of punctuation, '' for a quoted token or a
   * number, and PLACEHOLDER_WORD for a placeholder. */
  readonly word: readonly string[];
  /** Placeholders in text order: their span in the text, number, and whether it is a name or string. */
  readonly placeholders: readonly TemplatePlaceholder[];
}

/** A placeholder in a template text: `DbW<n>x` (a name or string) or SENTINEL + n (an integer). */
export interface TemplatePlaceholder {
  readonly start: number;
  readonly end: number;
  readonly n: number;
  readonly name: boolean;
}

/** The word a placeholder token has in TemplateTokens (no SQL word looks like it). */
const PLACEHOLDER_WORD = '\u0000';

/** Identifier and string placeholders read `DbW<n>x`: mixed case, so a parser that changed their
 * case is caught, and no leading `_` (a charset introducer's shape); integers become SENTINEL + n. */
const SENTINEL = 987_600_000;
const MAX_PLACEHOLDERS = 100_000;
const PLACEHOLDER = /DbW(\d+)x/g;
const PLACEHOLDER_ANY_CASE = /dbw\d+x/i;
const SENTINEL_TEXT = /9876\d{5}/;
const PLAIN_INT = /^(?:0|[1-9]\d{0,8})$/;

const isWordStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36; // A-Z a-z _ $
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWord = (c: number): boolean => isWordStart(c) || isDigit(c);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

/** End (exclusive) of a quoted token starting at `i`, honouring backslash escapes (not in backticks)
 * and doubled quotes; -1 when it is not closed. */
function quotedEnd(sql: string, i: number): { end: number; plain: boolean } {
  const q = sql.charCodeAt(i);
  let plain = true;
  for (let j = i + 1; j < sql.length; j++) {
    const c = sql.charCodeAt(j);
    if (c === 92 && q !== 96) {
      plain = false;
      j++;
    } else if (c === q) {
      if (sql.charCodeAt(j + 1) === q) {
        plain = false;
        j++;
      } else return { end: j + 1, plain };
    }
  }
  return { end: -1, plain: false };
}

/** The template of one statement, or null when the statement has nothing worth sharing or holds
 * something the lexer does not handle (non-ASCII text, unclosed quotes, a placeholder look-alike). */
export function statementTemplate(sql: string): StatementTemplate | null {
  if (PLACEHOLDER_ANY_CASE.test(sql)) return null;
  const out: string[] = [];
  const values: (string | number)[] = [];
  const hold = (v: string | number): number => values.push(v) - 1;
  const n = sql.length;
  let i = 0;
  // The last character emitted that is not white space (for `.5`, `@var`, `:name`).
  let prev = 0;
  // Tokens for the cut (statement-pieces): kept while the text holds nothing the cut refuses.
  let cuttable = true;
  let at = 0;
  const starts: number[] = [];
  const ends: number[] = [];
  const words: string[] = [];
  const placeholders: TemplatePlaceholder[] = [];
  const emit = (t: string, word: string): void => {
    out.push(t);
    if (cuttable) {
      starts.push(at);
      ends.push(at + t.length);
      words.push(word);
    }
    at += t.length;
  };
  const emitPlaceholder = (t: string, n: number, name: boolean, quoted: boolean): void => {
    if (cuttable) placeholders.push({ start: at + (quoted ? 1 : 0), end: at + t.length - (quoted ? 1 : 0), n, name });
    emit(t, quoted ? '' : PLACEHOLDER_WORD);
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c > 127) return null;
    if (isSpace(c)) {
      let j = i;
      let newline = false;
      for (; j < n && isSpace(sql.charCodeAt(j)); j++) if (sql.charCodeAt(j) === 10) newline = true;
      // A newline still ends a `-- comment`; otherwise any run of white space reads the same.
      out.push(newline ? '\n' : ' ');
      at++;
      i = j;
      continue;
    }
    let j = i + 1;
    if ((c === 45 && sql.charCodeAt(i + 1) === 45) || c === 35) {
      // `-- comment` or `# comment`, kept as written up to the line end.
      while (j < n && sql.charCodeAt(j) !== 10) j++;
      cuttable = false;
      emit(sql.slice(i, j), '');
    } else if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) return null;
      j = close + 2;
      cuttable = false;
      emit(sql.slice(i, j), '');
    } else if (c === 39 || c === 34 || c === 96) {
      const { end, plain } = quotedEnd(sql, i);
      if (end < 0) return null;
      j = end;
      // Plain single-quoted strings and backquoted names are placeholders; double quotes (a
      // string or, under ANSI_QUOTES, a name), escapes and `@'var'` stay as written.
      // A quote right after a word is an introducer's or a hex/bit literal's (`_utf8mb4'x'`, `x'0f'`).
      const introduced = i > 0 && isWord(sql.charCodeAt(i - 1));
      if (plain && c !== 34 && end - i > 2 && prev !== 64 && !introduced) {
        const q = c === 39 ? "'" : '`';
        const k = hold(sql.slice(i + 1, end - 1));
        emitPlaceholder(`${q}DbW${k}x${q}`, k, true, true);
      } else {
        if (introduced) cuttable = false;
        emit(sql.slice(i, j), '');
      }
    } else if (isDigit(c)) {
      // A number, or a name starting with digits: read the whole run.
      while (j < n && (isWord(sql.charCodeAt(j)) || sql.charCodeAt(j) === 46)) j++;
      const text = sql.slice(i, j);
      if (PLAIN_INT.test(text) && prev !== 46) {
        const k = hold(Number(text));
        emitPlaceholder(String(SENTINEL + k), k, false, false);
      } else {
        // A number written otherwise must not read as a placeholder once parsed.
        if (SENTINEL_TEXT.test(text)) return null;
        emit(text, '');
      }
    } else if (isWordStart(c)) {
      while (j < n && isWord(sql.charCodeAt(j))) j++;
      const word = sql.slice(i, j);
      const lower = word.toLowerCase();
      const next = sql.charCodeAt(j);
      let k = j;
      while (k < n && isSpace(sql.charCodeAt(k))) k++;
      const keep =
        GRAMMAR_WORDS.has(lower) ||
        next === 39 || // introducer or hex/bit literal: _utf8mb4'x', x'0f', b'01', N'x'
        next === 34 ||
        prev === 64 || // @var, @@global.x
        prev === 58 || // :name
        sql.charCodeAt(k) === 40; // a function name (or a table before its column list)
      if (keep) emit(word, lower);
      else {
        const k = hold(word);
        emitPlaceholder(`DbW${k}x`, k, true, false);
      }
    } else {
      if (c === 59) cuttable = false;
      emit(sql[i]!, sql[i]!);
    }
    prev = sql.charCodeAt(j - 1);
    i = j;
    if (values.length > MAX_PLACEHOLDERS) return null;
  }
  if (values.length === 0) return null;
  const text = out.join('');
  return cuttable ? { text, values, tokens: { start: starts, end: ends, word: words, placeholders } } : { text, values };
}

/** AST keys already seen to hold no placeholder (node-sql-parser uses a few dozen). */
const SAFE_KEYS = new Set<string>();

/**
 * A copy of a template's AST with the statement's names and values in place of the placeholders
 * (without the parser's tableList/columnList bookkeeping inside subquery nodes), or null when a
 * placeholder came back changed (the caller then parses the statement itself).
 */
export function bindTemplate(ast: AstNode, template: StatementTemplate): AstNode | null {
  const { values } = template;
  let failed = false;
  const bindString = (s: string): string => {
    // Shorter than any placeholder (`DbW0x`): most of an AST's strings (types, operators).
    if (s.length < 5) return s;
    if (SENTINEL_TEXT.test(s)) failed = true;
    if (!s.includes('bW')) {
      if (PLACEHOLDER_ANY_CASE.test(s)) failed = true;
      return s;
    }
    if (PLACEHOLDER_ANY_CASE.test(s.replace(PLACEHOLDER, ''))) failed = true;
    return s.replace(PLACEHOLDER, (_, k: string) => {
      const v = values[Number(k)];
      if (typeof v !== 'string') failed = true;
      return String(v);
    });
  };
  const bindNumber = (x: number): number => {
    const k = Math.abs(x) - SENTINEL;
    if (k < 0 || k >= values.length) return x;
    const v = values[k];
    if (typeof v !== 'number' || !Number.isInteger(k)) {
      failed = true;
      return x;
    }
    return x < 0 ? -v : v;
  };
  const copy = (v: unknown): unknown => {
    if (typeof v === 'string') return bindString(v);
    if (typeof v === 'number') return bindNumber(v);
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(copy);
    const o: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      // Subquery nodes carry the parser's running table/column lists, which hold names of the
      // other statements parsed in the same call: not part of this statement's AST.
      if (key === 'tableList' || key === 'columnList') continue;
      if (key.length >= 5 && !SAFE_KEYS.has(key)) {
        if (PLACEHOLDER_ANY_CASE.test(key)) failed = true;
        else if (SAFE_KEYS.size < 1000) SAFE_KEYS.add(key);
      }
      o[key] = copy((v as Record<string, unknown>)[key]);
    }
    return o;
  };
  const bound = copy(ast) as AstNode;
  return failed ? null : bound;
}
