/**
 * Gives a workload statement's `?` placeholders sample literals so it can be EXPLAINed and timed:
 * LIMIT gets 20, OFFSET 0, anything else a string literal ('1' by default: a string compares with
 * numeric and string columns without blocking an index, where the number 1 against a VARCHAR would
 * convert every row: https://dev.mysql.com/doc/refman/8.4/en/type-conversion.html). Callers retry
 * with a date-shaped value where strict mode rejects '1' against a DATETIME.
 */

/** Replaces `?` outside quotes and comments with sample literals (pure); `value` is the SQL literal for non-LIMIT places. */
export function bindSampleLiterals(sql: string, value = "'1'"): string {
  let out = '';
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
      out += /\boffset\s*$/i.test(out) ? '0' : /\blimit\s*$/i.test(out) ? '20' : /\blimit\s+\d+\s*,\s*$/i.test(out) ? '20' : value;
      i += 1;
    } else {
      out += ch;
      i += 1;
    }
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
