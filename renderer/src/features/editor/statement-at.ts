/** Finds statement boundaries in editor text (`;` outside quotes and comments) so Ctrl+Enter runs the one under the cursor. */
import { splitStatements } from '../../../../shared/sql-split';

/** A statement with its character range in the text. */
export interface StatementRange {
  start: number;
  end: number;
  sql: string;
}

/** Splits text into statements with offsets (the one splitter, shared/sql-split); comments stay inside the statement they precede. */
export function statementRanges(text: string): StatementRange[] {
  let boundary = 0;
  return splitStatements(text).map((s) => {
    const range = { start: boundary, end: s.end, sql: text.slice(s.from, s.end).trim() };
    boundary = s.end + 1;
    return range;
  });
}

/** The statement containing `offset`, or the nearest one before it (cursor after the `;`). */
export function statementAt(text: string, offset: number): StatementRange | null {
  const list = statementRanges(text);
  return list.find((s) => offset >= s.start && offset <= s.end + 1) ?? [...list].reverse().find((s) => s.start <= offset) ?? list[0] ?? null;
}
