/**
 * Gives a workload statement's `?` placeholders sample literals so it can be EXPLAINed and timed:
 * LIMIT gets 20, OFFSET 0, anything else a string literal ('1' by default: a string compares with
 * numeric and string columns without blocking an index, where the number 1 against a VARCHAR would
 * convert every row: https://dev.mysql.com/doc/refman/8.4/en/type-conversion.html). Callers retry
 * with a date-shaped value where strict mode rejects '1' against a DATETIME.
 */

/**
 * Replaces `?` outside quotes and comments with sample literals (pure); `value` is the SQL literal
 * for non-LIMIT places, or a function of the placeholder's position (counting every `?`) that
 * returns its literal or null for the default '1'.
 */
export function bindSampleLiterals(sql: string, value: string | ((position: number) => string | null) = "'1'"): string {
  let out = '';
  let position = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = closing(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      out += end < 0 ? sql.slice(i) : sql.slice(i, end);
      i = end < 0 ? sql.length : end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      out += end < 0 ? sql.slice(i) : sql.slice(i, end + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (ch === '?') {
      const literal = typeof value === 'string' ? value : (value(position) ?? "'1'");
      out += /\boffset\s*$/i.test(out) ? '0' : /\blimit\s*$/i.test(out) ? '20' : /\blimit\s+\d+\s*,\s*$/i.test(out) ? '20' : literal;
      position += 1;
      i += 1;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** The column a placeholder is compared with: `alias.col = ?`, `col IN (?, ?)`, `col BETWEEN ? AND ?`, `col LIKE ?`. */
export interface PlaceholderColumn {
  readonly position: number;
  readonly qualifier: string | null;
  readonly column: string;
}

const IDENT = '`?([A-Za-z_][\\w$]*)`?';
const COMPARED = new RegExp(
  `(?:${IDENT}\\.)?${IDENT}\\s*(?:=|<=>|<>|!=|<=|>=|<|>|\\bLIKE\\b|\\bIN\\s*\\((?:\\s*\\?\\s*,)*|\\bBETWEEN\\b|\\bBETWEEN\\s+\\?\\s+AND\\b)\\s*$`,
  'i',
);

/** Words the pattern may catch where a column name should be. */
const NOT_COLUMNS = /^(limit|offset|and|or|not|where|on|when|then|else|select|set|values|by)$/i;

/** For each `?` outside quotes and comments, the column it is compared with, where the text says (pure). */
export function placeholderColumns(sql: string): PlaceholderColumn[] {
  const found: PlaceholderColumn[] = [];
  let before = '';
  let position = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    let end = i + 1;
    if (ch === "'" || ch === '"' || ch === '`') end = closing(sql, i, ch);
    else if (ch === '-' && sql[i + 1] === '-') end = sql.indexOf('\n', i) < 0 ? sql.length : sql.indexOf('\n', i);
    else if (ch === '/' && sql[i + 1] === '*') end = sql.indexOf('*/', i + 2) < 0 ? sql.length : sql.indexOf('*/', i + 2) + 2;
    else if (ch === '?') {
      const m = COMPARED.exec(before.slice(-300));
      if (m && !NOT_COLUMNS.test(m[2]!)) found.push({ position, qualifier: m[1] ?? null, column: m[2]! });
      position += 1;
    }
    // Comments read as a space; quoted text and identifiers as themselves.
    before += ch === '-' || ch === '/' ? (end > i + 1 ? ' ' : ch) : sql.slice(i, end);
    i = end;
  }
  return found;
}

/** Tables a statement names after FROM, JOIN, UPDATE or INTO, keyed by alias and by name (lower case). */
export function tableAliases(sql: string): Map<string, { schema: string | null; table: string }> {
  const out = new Map<string, { schema: string | null; table: string }>();
  const re = new RegExp(`\\b(?:FROM|JOIN|UPDATE|INTO)\\s+(?:${IDENT}\\.)?${IDENT}(?:\\s+(?:AS\\s+)?${IDENT})?`, 'gi');
  for (const m of sql.matchAll(re)) {
    const ref = { schema: m[1] ?? null, table: m[2]! };
    if (/^(select|dual)$/i.test(ref.table)) continue;
    out.set(ref.table.toLowerCase(), ref);
    const alias = m[3];
    if (
      alias &&
      !/^(where|join|on|left|right|inner|outer|cross|straight_join|natural|using|set|group|order|limit|having|union|for|lock|force|use|ignore|window|values)$/i.test(
        alias,
      )
    )
      out.set(alias.toLowerCase(), ref);
  }
  return out;
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\' && quote !== '`') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i += 1;
  }
  return sql.length;
}
