/**
 * Fallback reader for the few DDL forms node-sql-parser rejects (MariaDB's `IGNORED` index
 * option, `PARTITION BY` clauses, ...). It tokenizes (identifiers, quoted names, strings,
 * numbers, punctuation; comments skipped) and reads only what the advisor needs: columns with
 * types, index and foreign-key definitions, ENGINE and CHARSET. Used only after both grammars
 * failed on a statement.
 */
import type { ForeignKey, SchemaColumn, SchemaIndex } from '../../../shared/contract/advisor';
import { maxKeyBytes } from './column-size';

/** A token: word (bare or backticked identifier), string, number or punctuation, with where it starts so callers can point at it. */
export interface Token {
  readonly kind: 'word' | 'quoted' | 'string' | 'number' | 'punct';
  readonly text: string;
  /** Character offset of the token in the tokenized text. */
  readonly start: number;
}

/** What the fallback understood of one statement. */
export type DdlFallback =
  | {
      kind: 'create-table';
      table: string;
      db: string | null;
      columns: SchemaColumn[];
      indexes: SchemaIndex[];
      foreignKeys: ForeignKey[];
      engine: string | null;
      charset: string | null;
    }
  | { kind: 'add-indexes'; table: string; db: string | null; indexes: SchemaIndex[]; foreignKeys: ForeignKey[] };

/** Tokenizes a statement (pure). */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ((c === '-' && sql[i + 1] === '-') || c === '#') {
      const e = sql.indexOf('\n', i);
      i = e < 0 ? sql.length : e;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      // Versioned comments (/*!80000 INVISIBLE */) carry SQL: read their body, drop the marker.
      if (sql[i + 2] === '!') {
        i += 3;
        while (/\d/.test(sql[i] ?? '')) i++;
        continue;
      }
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? sql.length : e + 2;
      continue;
    }
    if (c === '*' && sql[i + 1] === '/') {
      i += 2;
      continue;
    }
    if (c === '`' || c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < sql.length) {
        const d = sql[j]!;
        if (d === '\\' && c !== '`') {
          text += sql[j + 1] ?? '';
          j += 2;
          continue;
        }
        if (d === c) {
          if (sql[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += d;
        j++;
      }
      out.push({ kind: c === '`' ? 'quoted' : c === '"' ? 'quoted' : 'string', text, start: i });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (/[0-9.]/.test(sql[j] ?? '')) j++;
      out.push({ kind: 'number', text: sql.slice(i, j), start: i });
      i = j;
      continue;
    }
    if (/[A-Za-z_$\u0080-\uffff]/.test(c)) {
      let j = i;
      while (/[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j] ?? '')) j++;
      out.push({ kind: 'word', text: sql.slice(i, j), start: i });
      i = j;
      continue;
    }
    out.push({ kind: 'punct', text: c, start: i });
    i++;
  }
  return out;
}

/** True when the token is one of these keywords (case-insensitive, bare words only). */
export const kw = (t: Token | undefined, ...words: string[]): boolean => t !== undefined && t.kind === 'word' && words.includes(t.text.toUpperCase());
/** True when the token can be a name (bare word or quoted identifier). */
export const isName = (t: Token | undefined): boolean => t !== undefined && (t.kind === 'quoted' || t.kind === 'word');

/** Reads CREATE TABLE / CREATE INDEX / ALTER TABLE ... ADD ... from tokens, or null. */
export function readDdlFallback(sql: string): DdlFallback | null {
  const t = tokenize(sql);
  let p = 0;
  const name = (): { db: string | null; table: string } => {
    const a = t[p++]!.text;
    if (t[p]?.text === '.' && t[p]?.kind === 'punct') {
      p++;
      return { db: a, table: t[p++]!.text };
    }
    return { db: null, table: a };
  };
  if (kw(t[0], 'CREATE') && kw(t[1], 'TABLE')) {
    p = 2;
    if (kw(t[p], 'IF')) p += 3;
    const { db, table } = name();
    if (t[p]?.text !== '(') return null;
    const { items, end } = groups(t, p);
    const res: DdlFallback = { kind: 'create-table', table, db, columns: [], indexes: [], foreignKeys: [], engine: null, charset: null };
    for (let k = end + 1; k < t.length; k++) {
      if (kw(t[k], 'ENGINE')) res.engine = t[k + (t[k + 1]?.text === '=' ? 2 : 1)]?.text ?? null;
      if (kw(t[k], 'CHARSET') || (kw(t[k], 'SET') && kw(t[k - 1], 'CHARACTER'))) res.charset = t[k + (t[k + 1]?.text === '=' ? 2 : 1)]?.text ?? null;
      if (kw(t[k], 'PARTITION')) break;
    }
    for (const item of items) definition(item, res, res.charset);
    return res;
  }
  if (kw(t[0], 'CREATE')) {
    p = 1;
    const mods: string[] = [];
    while (kw(t[p], 'UNIQUE', 'FULLTEXT', 'SPATIAL')) mods.push(t[p++]!.text.toUpperCase());
    if (!kw(t[p], 'INDEX')) return null;
    const idxName = t[p + 1]?.text ?? '';
    p += 2;
    if (!kw(t[p], 'ON')) return null;
    p++;
    const { db, table } = name();
    const { items } = groups(t, p);
    const idx = indexFrom(idxName, mods, items, t.slice(p));
    return { kind: 'add-indexes', table, db, indexes: idx ? [idx] : [], foreignKeys: [] };
  }
  if (kw(t[0], 'ALTER') && kw(t[1], 'TABLE')) {
    p = 2;
    const { db, table } = name();
    const res: DdlFallback = { kind: 'add-indexes', table, db, indexes: [], foreignKeys: [] };
    for (const clause of splitTop(t.slice(p))) {
      if (!kw(clause[0], 'ADD')) continue;
      const holder = { columns: [] as SchemaColumn[], indexes: res.indexes, foreignKeys: res.foreignKeys };
      definition(clause.slice(1), holder, null);
    }
    return res;
  }
  return null;
}

/** Reads one column, key or constraint definition into the holder. */
function definition(d: Token[], into: { columns: SchemaColumn[]; indexes: SchemaIndex[]; foreignKeys: ForeignKey[] }, charset: string | null): void {
  let k = 0;
  let constraintName: string | null = null;
  if (kw(d[0], 'CONSTRAINT')) {
    constraintName = isName(d[1]) && !kw(d[1], 'PRIMARY', 'UNIQUE', 'FOREIGN') ? d[1]!.text : null;
    k = constraintName ? 2 : 1;
  }
  if (kw(d[k], 'FOREIGN')) {
    const open = d.findIndex((x, i) => i > k && x.text === '(');
    const cols = groups(d, open).items.map((g) => g[0]!.text);
    const ref = d.findIndex((x) => kw(x, 'REFERENCES'));
    const refTable = d[ref + 1]?.text ?? '';
    const refOpen = d.findIndex((x, i) => i > ref && x.text === '(');
    const refCols = refOpen > 0 ? groups(d, refOpen).items.map((g) => g[0]!.text) : [];
    into.foreignKeys.push({
      name: constraintName ?? `fk_${cols.join('_')}`,
      columns: cols,
      refTable: d[ref + 2]?.text === '.' ? d[ref + 3]!.text : refTable,
      refColumns: refCols,
    });
    return;
  }
  const mods: string[] = [];
  while (kw(d[k], 'PRIMARY', 'UNIQUE', 'FULLTEXT', 'SPATIAL')) mods.push(d[k++]!.text.toUpperCase());
  if (mods.length > 0 || kw(d[k], 'KEY', 'INDEX')) {
    if (kw(d[k], 'KEY', 'INDEX')) k++;
    const idxName = d[k]?.text !== '(' && !kw(d[k], 'USING') ? d[k++]!.text : mods.includes('PRIMARY') ? 'PRIMARY' : '';
    if (kw(d[k], 'USING')) k += 2;
    const { items } = groups(d, k);
    const idx = indexFrom(idxName || constraintName || '', mods, items, d.slice(k));
    if (idx) into.indexes.push(idx);
    return;
  }
  if (!isName(d[0])) return;
  const dataType = (d[1]?.text ?? '').toLowerCase();
  let len: number | null = null;
  let prec: number | null = null;
  if (d[2]?.text === '(' && d[3]?.kind === 'number') {
    len = Number(d[3].text);
    prec = len;
  }
  let cs = charset;
  let nullable = true;
  for (let i = 2; i < d.length; i++) {
    if (kw(d[i], 'NOT') && kw(d[i + 1], 'NULL')) nullable = false;
    if ((kw(d[i], 'SET') && kw(d[i - 1], 'CHARACTER')) || kw(d[i], 'CHARSET')) cs = d[i + 1]?.text ?? cs;
    if (kw(d[i], 'PRIMARY') && kw(d[i + 1], 'KEY')) {
      nullable = false;
      into.indexes.push(simpleIndex('PRIMARY', d[0]!.text, true, true));
    }
  }
  const isString = /char|text|enum|set/.test(dataType);
  const charLength = /char|binary|bit/.test(dataType) ? len : null;
  into.columns.push({
    name: d[0]!.text,
    columnType: d
      .slice(1)
      .map((x) => x.text)
      .join(' ')
      .split(/ (?:NOT|NULL|DEFAULT|AUTO_INCREMENT|COMMENT|PRIMARY)\b/i)[0]!
      .toLowerCase(),
    dataType,
    charLength,
    maxBytes: maxKeyBytes(dataType, charLength, isString ? cs : null, prec),
    nullable,
    charset: isString ? cs : null,
    selectivity: null,
  });
}

function simpleIndex(name: string, column: string, unique: boolean, primary: boolean): SchemaIndex {
  return {
    name,
    columns: [{ name: column, subPart: null, direction: 'ASC', cardinality: null }],
    unique,
    primary,
    kind: 'BTREE',
    visible: true,
    sizeBytes: null,
  };
}

function indexFrom(name: string, mods: string[], items: Token[][], rest: Token[]): SchemaIndex | null {
  const columns = items
    .filter((g) => isName(g[0]))
    .map((g) => ({
      name: g[0]!.text,
      subPart: g[1]?.text === '(' && g[2]?.kind === 'number' ? Number(g[2].text) : null,
      direction: g.some((x) => kw(x, 'DESC')) ? ('DESC' as const) : ('ASC' as const),
      cardinality: null,
    }));
  if (columns.length === 0) return null;
  const primary = mods.includes('PRIMARY');
  return {
    name: primary ? 'PRIMARY' : name || columns[0]!.name,
    columns,
    unique: primary || mods.includes('UNIQUE'),
    primary,
    kind: mods.includes('FULLTEXT') ? 'FULLTEXT' : mods.includes('SPATIAL') ? 'SPATIAL' : 'BTREE',
    visible: !rest.some((x) => kw(x, 'INVISIBLE', 'IGNORED')),
    sizeBytes: null,
  };
}

/** The comma-separated items inside the parenthesis opening at `open`, and its closing index. */
export function groups(t: Token[], open: number): { items: Token[][]; end: number } {
  const items: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    const x = t[i]!;
    if (x.kind === 'punct' && x.text === '(') {
      depth++;
      if (depth === 1) continue;
    }
    if (x.kind === 'punct' && x.text === ')') {
      depth--;
      if (depth === 0) {
        if (cur.length) items.push(cur);
        return { items, end: i };
      }
    }
    if (depth === 1 && x.kind === 'punct' && x.text === ',') {
      items.push(cur);
      cur = [];
      continue;
    }
    if (depth >= 1) cur.push(x);
  }
  return { items, end: t.length - 1 };
}

/** Splits tokens at top-level commas (ALTER TABLE clauses). */
export function splitTop(t: Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (const x of t) {
    if (x.kind === 'punct' && x.text === '(') depth++;
    if (x.kind === 'punct' && x.text === ')') depth--;
    if (depth === 0 && x.kind === 'punct' && x.text === ',') {
      out.push(cur);
      cur = [];
      continue;
    }
    cur.push(x);
  }
  if (cur.length) out.push(cur);
  return out;
}
