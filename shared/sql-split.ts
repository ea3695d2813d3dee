/**
 * The one lexical statement splitter (the editor's runner, the planners, the linter and the
 * advisor's workload reader all cut scripts with it): cuts a script at top-level `;` while
 * respecting quotes, backticks and comments (`/* ; *\/`, `-- ;`, `# ;` cut nothing), honours the
 * mysql client's `DELIMITER` lines (stored-program bodies hold `;`), and keeps the comments that
 * precede each statement (workload files put `-- name | qps | slo` there). It does not interpret
 * SQL; node-sql-parser does that.
 * https://dev.mysql.com/doc/refman/8.4/en/comments.html
 * https://dev.mysql.com/doc/refman/8.4/en/stored-programs-defining.html
 */

/** One statement of a script, with the comments written just before it. */
export interface SplitStatement {
  /** Statement text without the trailing `;`, trimmed. */
  readonly sql: string;
  /** Leading comment lines (markers stripped), in order. */
  readonly comments: readonly string[];
  /** Character offset of the statement in the script. */
  readonly offset: number;
  /** Where its leading comments start (offset when it has none). */
  readonly from: number;
  /** Where it ends: the offset of its delimiter, or the script's length. */
  readonly end: number;
}

/** Splits a script into statements (pure; quotes/comments aware, `\` escapes honoured). */
export function splitStatements(script: string): SplitStatement[] {
  const out: SplitStatement[] = [];
  let comments: string[] = [];
  let start = -1;
  let lead = -1;
  let i = 0;
  let delimiter = ';';
  const n = script.length;
  const flush = (end: number): void => {
    if (start >= 0) {
      const sql = script.slice(start, end).trim();
      if (sql.length > 0) out.push({ sql, comments, offset: start, from: lead >= 0 ? lead : start, end });
    }
    comments = [];
    start = -1;
    lead = -1;
  };
  while (i < n) {
    const c = script[i]!;
    const next = script[i + 1];
    if (start < 0 && /\s/.test(c)) {
      i++;
      continue;
    }
    // `DELIMITER //` (a client command, on a line of its own at a statement's start).
    if (start < 0 && (c === 'D' || c === 'd') && /^delimiter[ \t]+\S/i.test(script.slice(i, i + 12))) {
      const eol = script.indexOf('\n', i);
      const line = script.slice(i, eol < 0 ? n : eol);
      delimiter = /^delimiter[ \t]+(\S+)/i.exec(line)![1]!;
      i = eol < 0 ? n : eol + 1;
      continue;
    }
    const lineComment = (c === '-' && next === '-' && (i + 2 >= n || /\s/.test(script[i + 2]!))) || c === '#';
    if (lineComment) {
      const eol = script.indexOf('\n', i);
      const end = eol < 0 ? n : eol;
      if (start < 0) {
        if (lead < 0) lead = i;
        comments.push(script.slice(i + (c === '#' ? 1 : 2), end).trim());
      }
      i = end;
      continue;
    }
    if (c === '/' && next === '*') {
      const close = script.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      // Executable comments (MySQL's /*! ... */, MariaDB's /*M! ... */) are SQL, not commentary.
      const executable = script[i + 2] === '!' || ((script[i + 2] === 'M' || script[i + 2] === 'm') && script[i + 3] === '!');
      if (start < 0 && !executable) {
        if (lead < 0) lead = i;
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
    if (c === delimiter[0] && script.startsWith(delimiter, i)) {
      flush(i);
      i += delimiter.length;
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
