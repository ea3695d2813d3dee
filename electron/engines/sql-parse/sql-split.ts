/**
 * A lexical statement splitter: cuts a script at top-level `;` while respecting quotes,
 * backticks and comments, and keeps the comments that precede each statement (workload files
 * put `-- name | qps | slo` there). It does not interpret SQL; node-sql-parser does that.
 * https://dev.mysql.com/doc/refman/8.4/en/comments.html
 */

/** One statement of a script, with the comments written just before it. */
export interface SplitStatement {
  /** Statement text without the trailing `;`, trimmed. */
  readonly sql: string;
  /** Leading comment lines (markers stripped), in order. */
  readonly comments: readonly string[];
  /** Character offset of the statement in the script. */
  readonly offset: number;
}

/** Splits a script into statements (pure; quotes/comments aware, `\` escapes honoured). */
export function splitStatements(script: string): SplitStatement[] {
  const out: SplitStatement[] = [];
  let comments: string[] = [];
  let start = -1;
  let i = 0;
  const n = script.length;
  const flush = (end: number): void => {
    if (start >= 0) {
      const sql = script.slice(start, end).trim();
      if (sql.length > 0) out.push({ sql, comments, offset: start });
    }
    comments = [];
    start = -1;
  };
  while (i < n) {
    const c = script[i]!;
    const next = script[i + 1];
    if (start < 0 && /\s/.test(c)) {
      i++;
      continue;
    }
    const lineComment = (c === '-' && next === '-' && (i + 2 >= n || /\s/.test(script[i + 2]!))) || c === '#';
    if (lineComment) {
      const eol = script.indexOf('\n', i);
      const end = eol < 0 ? n : eol;
      if (start < 0) comments.push(script.slice(i + (c === '#' ? 1 : 2), end).trim());
      i = end;
      continue;
    }
    if (c === '/' && next === '*') {
      const close = script.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      // Executable comments (/*! ... */) are SQL, not commentary.
      if (start < 0 && script[i + 2] !== '!') {
        comments.push(script.slice(i + 2, close < 0 ? n : close).trim());
        i = end;
        continue;
      }
      if (start < 0) start = i;
      i = end;
      continue;
    }
    if (start < 0) start = i;
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(script, i, c);
      continue;
    }
    if (c === ';') {
      flush(i);
      i++;
      continue;
    }
    i++;
  }
  flush(n);
  return out;
}

/** Index just past the closing quote (doubled quotes and, outside backticks, `\` escapes). */
function skipQuoted(s: string, open: number, q: string): number {
  let i = open + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && q !== '`') {
      i += 2;
      continue;
    }
    if (c === q) {
      if (s[i + 1] === q) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return s.length;
}
