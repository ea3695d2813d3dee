/** Finds statement boundaries in editor text (`;` outside quotes and comments) so Ctrl+Enter runs the one under the cursor. */

/** A statement with its character range in the text. */
export interface StatementRange {
  start: number;
  end: number;
  sql: string;
}

/** Splits text into statements with offsets; comments stay inside the statement they precede. */
export function statementRanges(text: string): StatementRange[] {
  const out: StatementRange[] = [];
  let start = 0;
  let quote: string | null = null;
  const push = (end: number) => {
    const sql = text.slice(start, end).trim();
    if (sql && !/^(--[^\n]*\n?|#[^\n]*\n?|\/\*[\s\S]*?\*\/|\s)*$/.test(sql)) out.push({ start, end, sql });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if ((c === '-' && text[i + 1] === '-') || c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === ';') {
      push(i);
      start = i + 1;
    }
  }
  push(text.length);
  return out;
}

/** The statement containing `offset`, or the nearest one before it (cursor after the `;`). */
export function statementAt(text: string, offset: number): StatementRange | null {
  const list = statementRanges(text);
  return list.find((s) => offset >= s.start && offset <= s.end + 1) ?? [...list].reverse().find((s) => s.start <= offset) ?? list[0] ?? null;
}
