/**
 * A lexer that cuts one SQL text the way the MySQL/MariaDB server does, for the read guard: where
 * it and the server disagree on what is a comment, a string or a word, a statement could hide a
 * write from the guard, so it follows the server's rules (and the session's sql_mode) and refuses
 * what it cannot read the same way (a NUL, an unterminated string or comment).
 * The advisor's DDL tokenizer is not reused: it reads the body of `/*! … *\/` comments as SQL and
 * drops comments, while the guard must see both, and it ignores NO_BACKSLASH_ESCAPES/ANSI_QUOTES.
 * https://dev.mysql.com/doc/refman/8.4/en/comments.html
 * https://mariadb.com/kb/en/comment-syntax/
 * https://dev.mysql.com/doc/refman/8.4/en/string-literals.html
 */

/** How the session's sql_mode changes lexing (read from @@SESSION.sql_mode). */
export interface LexOptions {
  /** False under NO_BACKSLASH_ESCAPES: `\` is then an ordinary character in strings. */
  readonly backslashEscapes: boolean;
  /** True under ANSI_QUOTES: `"…"` is an identifier, not a string. */
  readonly ansiQuotes: boolean;
}

/** The server's defaults. */
export const DEFAULT_LEX: LexOptions = { backslashEscapes: true, ansiQuotes: false };

/** Lexing options for a sql_mode value. */
export function lexOptionsOf(sqlMode: string): LexOptions {
  const modes = new Set(sqlMode.toUpperCase().split(','));
  return { backslashEscapes: !modes.has('NO_BACKSLASH_ESCAPES'), ansiQuotes: modes.has('ANSI_QUOTES') || modes.has('ANSI') };
}

/** One token. Words are runs of identifier characters (keywords, names and numbers alike). */
export interface SqlToken {
  readonly kind: 'word' | 'quoted' | 'string' | 'punct' | 'comment';
  /** Upper-case text of a word, unquoted name of a quoted identifier, body of a string or comment, the character of punctuation. */
  readonly text: string;
  readonly start: number;
  /** Comments only: `/*!…*\/` or `/*M!…*\/`, which the server runs as SQL. */
  readonly executable?: boolean;
  /** Comments only: an optimizer hint `/*+ … *\/`. */
  readonly hint?: boolean;
}

/** Why a text could not be lexed like the server would. */
export interface LexError {
  readonly error: string;
  readonly at: number;
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
/** Identifier characters: ASCII letters, digits, `_`, `$`, and every non-ASCII character (the server's ident map for utf8mb4). */
const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 128;

/** Cuts `sql` into tokens, comments included (pure). */
export function lexSql(sql: string, options: LexOptions = DEFAULT_LEX): SqlToken[] | LexError {
  const out: SqlToken[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === 0) return { error: 'a NUL character', at: i };
    if (isSpace(c)) {
      i++;
      continue;
    }
    const ch = sql[i]!;
    const next = sql[i + 1];
    // `-- ` needs a space or control character after the dashes (or the end); `--1` is minus minus one.
    const dashComment = ch === '-' && next === '-' && (i + 2 >= n || sql.charCodeAt(i + 2) <= 32 || sql.charCodeAt(i + 2) === 127);
    if (ch === '#' || dashComment) {
      const eol = sql.indexOf('\n', i);
      const end = eol < 0 ? n : eol;
      out.push({ kind: 'comment', text: sql.slice(i + (ch === '#' ? 1 : 2), end), start: i });
      i = end;
      continue;
    }
    if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) return { error: 'an unterminated /* comment', at: i };
      const body = sql.slice(i + 2, close);
      const executable = body.startsWith('!') || /^m!/i.test(body);
      out.push({ kind: 'comment', text: body, start: i, executable, hint: body.startsWith('+') });
      i = close + 2;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      const identifier = ch === '`' || (ch === '"' && options.ansiQuotes);
      const escapes = !identifier && options.backslashEscapes;
      let j = i + 1;
      let text = '';
      let closed = false;
      while (j < n) {
        const d = sql[j]!;
        if (d === '\\' && escapes) {
          text += sql.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (d === ch) {
          if (sql[j + 1] === ch) {
            text += ch;
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        if (d === '\u0000') return { error: 'a NUL character', at: j };
        text += d;
        j++;
      }
      if (!closed) return { error: `an unterminated ${identifier ? 'quoted name' : 'string'}`, at: i };
      out.push({ kind: identifier ? 'quoted' : 'string', text, start: i });
      i = j + 1;
      continue;
    }
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(sql.charCodeAt(j))) j++;
      out.push({ kind: 'word', text: sql.slice(i, j).toUpperCase(), start: i });
      i = j;
      continue;
    }
    out.push({ kind: 'punct', text: ch, start: i });
    i++;
  }
  return out;
}

/** True when the lexer failed. */
export function isLexError(x: SqlToken[] | LexError): x is LexError {
  return !Array.isArray(x);
}
