/**
 * Secrets out of stored statements: the audit log and the editor history keep what ran, but a
 * password in `ALTER USER … IDENTIFIED BY '…'`, `SET PASSWORD … = PASSWORD('…')`,
 * `CHANGE MASTER/REPLICATION SOURCE TO … MASTER_PASSWORD/SOURCE_PASSWORD = '…'` and their
 * relatives is replaced by `'<redacted>'` before it is written (and again when old rows are read),
 * as the servers themselves rewrite these statements for their logs.
 * https://dev.mysql.com/doc/refman/8.4/en/password-logging.html
 * https://mariadb.com/kb/en/set-password/
 *
 * The text is tokenized (strings with backslash escapes and doubled quotes, comments, executable
 * comments, hex/bit literals, charset introducers) so a quote inside a password cannot end the
 * match early. When the tokenizer has to guess (an unterminated string), it redacts to the end.
 */

/** What a redacted secret reads as. */
export const REDACTED = `'<redacted>'`;

type Kind = 'space' | 'comment' | 'string' | 'hex' | 'ident' | 'word' | 'punct';

interface Token {
  kind: Kind;
  start: number;
  end: number;
  /** Upper-cased text of a word; the character of a punctuation mark. */
  text: string;
}

const MAYBE_SECRET = /password|identified|authentication_string/i;
const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Redacts every password-bearing literal in one or more SQL statements (either flavor's syntax). */
export function redactSecrets(sql: string): string {
  return redact(sql).text;
}

/**
 * Redacts a statement and the texts that may echo its secrets (a server error quoting the
 * statement, a plan title): each secret found in the statement is also cut out of them, since an
 * error message quotes it in a way no tokenizer can read back.
 */
export function redactWithEchoes(sql: string, echoes: readonly string[]): { sql: string; echoes: string[] } {
  const { text, secrets } = redact(sql);
  const longestFirst = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return {
    sql: text,
    echoes: echoes.map((e) => longestFirst.reduce((acc, s) => acc.split(s).join('<redacted>'), redactSecrets(e))),
  };
}

function redact(sql: string): { text: string; secrets: string[] } {
  if (!MAYBE_SECRET.test(sql)) return { text: sql, secrets: [] };
  const all = tokenize(sql);
  const t = all.filter((x) => x.kind !== 'space' && x.kind !== 'comment');
  const ranges: Array<[number, number]> = [];
  const isWord = (i: number, ...words: string[]) => t[i]?.kind === 'word' && words.includes(t[i]!.text);
  const isPunct = (i: number, c: string) => t[i]?.kind === 'punct' && t[i]!.text === c;
  /** Index of the last token of a literal value starting at i, or -1. */
  const valueEnd = (i: number): number => {
    const a = t[i];
    if (!a) return -1;
    if (a.kind === 'string' || a.kind === 'hex') return i;
    // A charset introducer: _utf8mb4'x', _binary 0x41, N'x'.
    if (a.kind === 'word' && (a.text.startsWith('_') || a.text === 'N') && (t[i + 1]?.kind === 'string' || t[i + 1]?.kind === 'hex')) return i + 1;
    return -1;
  };
  const redactValueAt = (i: number): boolean => {
    const end = valueEnd(i);
    if (end < 0) return false;
    ranges.push([t[i]!.start, t[end]!.end]);
    return true;
  };

  for (let i = 0; i < t.length; i++) {
    const tok = t[i]!;
    if (tok.kind !== 'word') continue;
    const w = tok.text;
    if (w === 'IDENTIFIED') {
      // IDENTIFIED BY [PASSWORD] 'x' | IDENTIFIED {WITH|VIA} plugin [{BY|AS|USING} 'x']
      if (isWord(i + 1, 'BY')) redactValueAt(isWord(i + 2, 'PASSWORD') ? i + 3 : i + 2);
      else if (isWord(i + 1, 'WITH', 'VIA') && isWord(i + 3, 'BY', 'AS', 'USING')) redactValueAt(i + 4);
    } else if ((w === 'PASSWORD' || w === 'OLD_PASSWORD') && isPunct(i + 1, '(')) {
      // PASSWORD('x'), OLD_PASSWORD('x'): everything up to the matching parenthesis.
      let depth = 0;
      let j = i + 1;
      for (; j < t.length; j++) {
        if (isPunct(j, '(')) depth++;
        else if (isPunct(j, ')') && --depth === 0) break;
      }
      const first = t[i + 2];
      if (first && j > i + 2) ranges.push([first.start, j < t.length ? t[j]!.start : sql.length]);
    } else if (w.endsWith('PASSWORD') || w === 'AUTHENTICATION_STRING') {
      // MASTER_PASSWORD='x', SOURCE_PASSWORD = 'x', PASSWORD='x' (START REPLICA), PASSWORD 'x'
      // (CREATE SERVER … OPTIONS, IDENTIFIED BY PASSWORD '*hash'), SET PASSWORD = 'x'.
      if (!redactValueAt(i + 1) && isPunct(i + 1, '=')) redactValueAt(i + 2);
      // SET PASSWORD FOR user = 'x' (the user's own quoted name stays).
      if (w === 'PASSWORD' && isWord(i - 1, 'SET') && isWord(i + 1, 'FOR')) {
        for (let j = i + 2; j < t.length && !isPunct(j, ';'); j++) {
          if (isPunct(j, '=')) {
            redactValueAt(j + 1);
            break;
          }
        }
      }
    } else if (w === 'USING' && isWord(i - 2, 'OR')) {
      // MariaDB's chain: IDENTIFIED VIA a USING 'x' OR b USING 'y'.
      redactValueAt(i + 1);
    } else if (w === 'REPLACE') {
      // ALTER USER … IDENTIFIED BY 'new' REPLACE 'current' / SET PASSWORD = 'new' REPLACE 'current'
      redactValueAt(i + 1);
    }
  }
  if (ranges.length === 0) return { text: sql, secrets: [] };
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  const secrets: string[] = [];
  let k = 0; // ranges are sorted: one pass over the tokens collects the literals inside them
  for (const [s, e] of ranges) {
    if (s < at) continue; // nested in a range already cut
    out += sql.slice(at, s) + REDACTED;
    while (k < all.length && all[k]!.start < s) k++;
    for (; k < all.length && all[k]!.end <= e; k++) secrets.push(...literalBody(all[k]!, sql));
    at = e;
  }
  return { text: out + sql.slice(at), secrets };
}

/** The inside of a string or hex literal, raw and unescaped: what an echo of the secret would show. */
function literalBody(tok: Token, sql: string): string[] {
  const raw = sql.slice(tok.start, tok.end);
  if (tok.kind === 'hex') return [raw];
  if (tok.kind !== 'string') return [];
  const q = raw[0]!;
  const inner = raw.endsWith(q) && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  return [
    inner,
    inner
      .replace(/\\(.)/g, '$1')
      .split(q + q)
      .join(q),
  ];
}

/** Splits SQL into tokens; executable comments (`/*!80000 … *\/`, `/*M! … *\/`) are read as SQL. */
function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;
  let execComments = 0;
  const push = (kind: Kind, start: number, end: number, text = '') => out.push({ kind, start, end, text });
  while (i < n) {
    const c = sql[i]!;
    const start = i;
    if (/\s/.test(c)) {
      while (i < n && /\s/.test(sql[i]!)) i++;
      push('space', start, i);
    } else if (c === '#' || (c === '-' && sql[i + 1] === '-' && (i + 2 >= n || /\s/.test(sql[i + 2]!)))) {
      while (i < n && sql[i] !== '\n') i++;
      push('comment', start, i);
    } else if (c === '/' && sql[i + 1] === '*') {
      const exec = /^\/\*M?!\d*/.exec(sql.slice(i, i + 12));
      if (exec) {
        i += exec[0].length;
        execComments++;
        push('comment', start, i);
      } else {
        const close = sql.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 2;
        push('comment', start, i);
      }
    } else if (c === '*' && sql[i + 1] === '/' && execComments > 0) {
      i += 2;
      execComments--;
      push('comment', start, i);
    } else if (c === "'" || c === '"') {
      i = endOfQuoted(sql, i, c, true);
      push('string', start, i);
    } else if (c === '`') {
      i = endOfQuoted(sql, i, c, false);
      push('ident', start, i);
    } else if (/[xXbB]/.test(c) && sql[i + 1] === "'") {
      i = endOfQuoted(sql, i + 1, "'", false);
      push('hex', start, i);
    } else if (c === '0' && /[xXbB]/.test(sql[i + 1] ?? '') && WORD.test(sql[i + 2] ?? '')) {
      i += 2;
      while (i < n && WORD.test(sql[i]!)) i++;
      push('hex', start, i);
    } else if (WORD.test(c)) {
      while (i < n && WORD.test(sql[i]!)) i++;
      push('word', start, i, sql.slice(start, i).toUpperCase());
    } else {
      i++;
      push('punct', start, i, c);
    }
  }
  return out;
}

/** End (exclusive) of a quoted token opened at `open`; doubled quotes continue it, and so do backslash escapes in strings. */
function endOfQuoted(sql: string, open: number, q: string, backslash: boolean): number {
  let i = open + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslash && c === '\\') i += 2;
    else if (c === q) {
      if (sql[i + 1] === q) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
