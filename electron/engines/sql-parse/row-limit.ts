/**
 * Whether a query bounds its own rows (a top-level LIMIT or FETCH FIRST), for the editor's row
 * cap: only a query that reads without a bound of its own gets the cap, so a statement that says
 * how many rows it wants is run as written.
 */
import { isQuery } from './read-statement';
import { DEFAULT_LEX, isLexError, lexSql, type LexOptions } from './sql-lexer';

/** True when `sql` has a LIMIT or FETCH outside parentheses (a subquery's LIMIT does not bound the result). */
export function hasRowLimit(sql: string, options: LexOptions = DEFAULT_LEX): boolean {
  const toks = lexSql(sql, options);
  if (isLexError(toks)) return false;
  let depth = 0;
  for (const t of toks) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && (t.text === 'LIMIT' || t.text === 'FETCH')) return true;
  }
  return false;
}

/** True when the editor's row cap applies to `sql`: a query with no row bound of its own. */
export function needsRowCap(sql: string, options: LexOptions = DEFAULT_LEX): boolean {
  return isQuery(sql, options) && !hasRowLimit(sql, options);
}
