/**
 * A small SQL tokenizer for display: splits a statement into typed spans (keyword, string,
 * number, comment, identifier, operator, whitespace) that React renders as text nodes — never
 * as HTML. Losslessly: the spans joined give back the input.
 */

/** Kinds of span. */
export type SqlTokenKind = 'keyword' | 'string' | 'number' | 'comment' | 'ident' | 'quoted' | 'op' | 'space' | 'other';

/** One span of text. */
export interface SqlToken {
  kind: SqlTokenKind;
  text: string;
}

const KEYWORDS = new Set(
  (
    'select from where and or not in is null like between exists join left right inner outer cross on using as group by order having limit offset ' +
    'union all distinct insert into values update set delete replace create alter drop table index primary key unique foreign references ' +
    'begin commit rollback start transaction case when then else end asc desc with recursive for lock share mode ignore duplicate ' +
    'show explain analyze use call do interval true false default straight_join sql_no_cache sql_calc_found_rows count sum avg min max now year'
  ).split(' '),
);

/** Tokenizes SQL text. Unterminated strings/comments run to the end (a truncated sample stays readable). */
export function tokenizeSql(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  const push = (kind: SqlTokenKind, end: number) => {
    const text = sql.slice(i, end);
    const last = out[out.length - 1];
    if (last && last.kind === kind && (kind === 'space' || kind === 'other')) last.text += text;
    else out.push({ kind, text });
    i = end;
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < n && /\s/.test(sql[j]!)) j++;
      push('space', j);
    } else if ((c === '-' && next === '-') || c === '#') {
      const j = sql.indexOf('\n', i);
      push('comment', j < 0 ? n : j);
    } else if (c === '/' && next === '*') {
      const j = sql.indexOf('*/', i + 2);
      push('comment', j < 0 ? n : j + 2);
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '\\' && c !== '`') j += 2;
        else if (sql[j] === c && sql[j + 1] === c) j += 2;
        else if (sql[j] === c) break;
        else j++;
      }
      push(c === '`' ? 'quoted' : 'string', Math.min(n, j + 1));
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const m = /^(?:0x[0-9a-f]+|\d*\.?\d+(?:e[+-]?\d+)?)/i.exec(sql.slice(i, i + 64));
      push('number', i + (m ? m[0].length : 1));
    } else if (/[A-Za-z_$@]/.test(c)) {
      const m = /^[A-Za-z0-9_$@]+/.exec(sql.slice(i, i + 256))!;
      push(KEYWORDS.has(m[0].toLowerCase()) ? 'keyword' : 'ident', i + m[0].length);
    } else if (/[=<>!+\-*/%,;().|&^~?:]/.test(c)) {
      push('op', i + 1);
    } else {
      push('other', i + 1);
    }
  }
  return out;
}
