/**
 * Reads the partitioning statements a DBA writes: `CREATE TABLE … PARTITION BY`, `ALTER TABLE …
 * PARTITION BY` (with key changes before it), `ADD / DROP / REORGANIZE / EXCHANGE / TRUNCATE /
 * COALESCE PARTITION`, `REMOVE PARTITIONING`, and the stored routines and events that rotate
 * partitions. node-sql-parser has no grammar for partition clauses, so this reads the advisor's
 * DDL tokens (ddl-tokenizer.ts), which keep each token's offset so findings can point at text.
 * Grammar: https://dev.mysql.com/doc/refman/8.4/en/create-table.html#create-table-partitioning,
 * https://mariadb.com/kb/en/partitioning-types-overview/.
 */
import { groups, isName, kw, splitTop, tokenize, type Token } from '../advisor/ddl-tokenizer';
import { splitStatements } from '../../../shared/sql-split';

/** How rows are assigned to partitions. */
export type PartitionMethod = 'RANGE' | 'RANGE COLUMNS' | 'LIST' | 'LIST COLUMNS' | 'HASH' | 'LINEAR HASH' | 'KEY' | 'LINEAR KEY' | 'SYSTEM_TIME';

/** A span of the statement text (offsets into the statement). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One partition definition. */
export interface PartitionDef {
  readonly name: string;
  /** `VALUES LESS THAN MAXVALUE` (or every column MAXVALUE for RANGE COLUMNS). */
  readonly maxvalue: boolean;
  /** RANGE: the bound's tokens (one group per column for RANGE COLUMNS); LIST: one group per value. */
  readonly values: Token[][];
  /** Text of the bound as written, for messages. */
  readonly boundText: string;
  readonly span: Span;
}

/** A `PARTITION BY` clause. */
export interface PartitionSpec {
  readonly method: PartitionMethod;
  /** The expression (RANGE/LIST/HASH) or column list (COLUMNS, KEY) as tokens. */
  readonly expr: Token[];
  readonly exprText: string;
  readonly exprSpan: Span;
  /** `PARTITIONS n`, when written. */
  readonly count: number | null;
  readonly subpartitionCount: number | null;
  readonly partitions: PartitionDef[];
  readonly span: Span;
}

/** A key change written before `PARTITION BY` in one ALTER TABLE. */
export type KeyChange =
  | { op: 'drop-primary' }
  | { op: 'drop-index'; name: string }
  | {
      op: 'add';
      name: string;
      primary: boolean;
      unique: boolean;
      kind: 'BTREE' | 'FULLTEXT' | 'SPATIAL';
      columns: Array<{ name: string; subPart: number | null }>;
    };

/** What one statement does to partitioning. */
export type PartitionStatement =
  | { kind: 'create-table'; db: string | null; table: string; spec: PartitionSpec | null }
  | { kind: 'partition-by'; db: string | null; table: string; spec: PartitionSpec; keyChanges: KeyChange[] }
  | { kind: 'add-partition'; db: string | null; table: string; partitions: PartitionDef[]; count: number | null; span: Span }
  | { kind: 'drop-partition'; db: string | null; table: string; names: string[]; span: Span }
  | { kind: 'truncate-partition'; db: string | null; table: string; names: string[]; span: Span }
  | { kind: 'coalesce-partition'; db: string | null; table: string; count: number; span: Span }
  | { kind: 'reorganize-partition'; db: string | null; table: string; names: string[]; into: PartitionDef[]; span: Span }
  | { kind: 'exchange-partition'; db: string | null; table: string; partition: string; withDb: string | null; withTable: string; span: Span }
  | { kind: 'remove-partitioning'; db: string | null; table: string; span: Span }
  | { kind: 'routine'; name: string; body: string }
  | { kind: 'other' };

/** One statement of a script with where it starts. */
export interface ScriptStatement {
  readonly sql: string;
  /** Offset of the statement in the script. */
  readonly offset: number;
}

const DELIMITER_LINE = /^[ \t]*DELIMITER[ \t]+(\S+)[ \t]*$/gim;

/**
 * Splits a script the way the mysql client does: at `;`, or at the delimiter a `DELIMITER` line
 * sets (stored routines are written between `DELIMITER $$` lines).
 */
export function splitScript(script: string): ScriptStatement[] {
  const out: ScriptStatement[] = [];
  let delimiter = ';';
  let pos = 0;
  const chunk = (from: number, to: number): void => {
    const text = script.slice(from, to);
    if (delimiter === ';') {
      for (const s of splitStatements(text)) out.push({ sql: s.sql, offset: from + text.indexOf(s.sql, s.offset) });
      return;
    }
    let at = 0;
    while (at < text.length) {
      const next = text.indexOf(delimiter, at);
      const end = next < 0 ? text.length : next;
      const raw = text.slice(at, end);
      const sql = raw.trim();
      if (sql) out.push({ sql, offset: from + at + raw.indexOf(sql) });
      at = end + delimiter.length;
    }
  };
  for (const m of script.matchAll(DELIMITER_LINE)) {
    chunk(pos, m.index);
    delimiter = m[1]!;
    pos = m.index + m[0].length;
  }
  chunk(pos, script.length);
  return out;
}

const spanOf = (ts: readonly Token[], sql: string): Span => {
  if (ts.length === 0) return { start: 0, end: sql.length };
  const last = ts[ts.length - 1]!;
  return { start: ts[0]!.start, end: endOf(last, sql) };
};

/** Offset just past a token (quoted tokens are longer than their text). */
function endOf(t: Token, sql: string): number {
  if (t.kind === 'quoted' || t.kind === 'string') {
    const q = sql[t.start]!;
    let i = t.start + 1;
    while (i < sql.length) {
      if (sql[i] === '\\' && q !== '`') i += 2;
      else if (sql[i] === q && sql[i + 1] === q) i += 2;
      else if (sql[i] === q) return i + 1;
      else i++;
    }
    return sql.length;
  }
  return t.start + t.text.length;
}

/** The statement's text for a run of tokens. */
export function textOf(ts: readonly Token[], sql: string): string {
  if (ts.length === 0) return '';
  const s = spanOf(ts, sql);
  return sql.slice(s.start, s.end);
}

/** Reads one statement (pure). */
export function readPartitionStatement(sql: string): PartitionStatement {
  const t = tokenize(sql);
  let p = 0;
  const name = (): { db: string | null; table: string } => {
    const a = t[p++]?.text ?? '';
    if (t[p]?.kind === 'punct' && t[p]?.text === '.') {
      p++;
      return { db: a, table: t[p++]?.text ?? '' };
    }
    return { db: null, table: a };
  };
  if (kw(t[0], 'CREATE')) {
    // CREATE [OR REPLACE] [DEFINER = …] PROCEDURE|FUNCTION|EVENT|TRIGGER name
    const r = kw(t[1], 'TABLE') ? -1 : t.slice(1, 12).findIndex((x) => kw(x, 'PROCEDURE', 'FUNCTION', 'EVENT', 'TRIGGER'));
    if (r >= 0) return { kind: 'routine', name: t[r + 2]?.text ?? '', body: sql };
    if (!kw(t[1], 'TABLE')) return { kind: 'other' };
    p = 2;
    if (kw(t[p], 'IF')) p += 3;
    const { db, table } = name();
    const at = topLevelPartitionBy(t, p);
    return { kind: 'create-table', db, table, spec: at < 0 ? null : readSpec(t, at, sql) };
  }
  if (!(kw(t[0], 'ALTER') && (kw(t[1], 'TABLE') || (kw(t[1], 'ONLINE', 'IGNORE') && kw(t[2], 'TABLE'))))) return { kind: 'other' };
  p = kw(t[1], 'TABLE') ? 2 : 3;
  const { db, table } = name();
  const rest = t.slice(p);
  const at = topLevelPartitionBy(t, p);
  if (at >= 0) {
    const keyChanges = splitTop(t.slice(p, at))
      .map(readKeyChange)
      .filter((c): c is KeyChange => c !== null);
    return { kind: 'partition-by', db, table, spec: readSpec(t, at, sql), keyChanges };
  }
  const span = spanOf(rest, sql);
  const head = rest[0];
  const names = (from: Token[]): string[] =>
    from
      .filter((x) => isName(x))
      .map((x) => x.text)
      .filter((n) => !/^(ALL)$/i.test(n) || from.length > 1);
  if (kw(head, 'REMOVE') && kw(rest[1], 'PARTITIONING')) return { kind: 'remove-partitioning', db, table, span };
  if (kw(head, 'ADD') && kw(rest[1], 'PARTITION')) {
    if (kw(rest[2], 'PARTITIONS')) return { kind: 'add-partition', db, table, partitions: [], count: Number(rest[3]?.text ?? 0), span };
    const open = rest.findIndex((x, i) => i >= 2 && x.text === '(');
    return { kind: 'add-partition', db, table, partitions: open < 0 ? [] : readDefs(rest, open, sql).defs, count: null, span };
  }
  if (kw(head, 'DROP') && kw(rest[1], 'PARTITION')) return { kind: 'drop-partition', db, table, names: names(rest.slice(2)), span };
  if (kw(head, 'TRUNCATE') && kw(rest[1], 'PARTITION'))
    return {
      kind: 'truncate-partition',
      db,
      table,
      names: rest
        .slice(2)
        .filter(isName)
        .map((x) => x.text),
      span,
    };
  if (kw(head, 'COALESCE') && kw(rest[1], 'PARTITION')) return { kind: 'coalesce-partition', db, table, count: Number(rest[2]?.text ?? 0), span };
  if (kw(head, 'REORGANIZE') && kw(rest[1], 'PARTITION')) {
    const into = rest.findIndex((x) => kw(x, 'INTO'));
    const from = rest.slice(2, into < 0 ? rest.length : into).filter(isName);
    const open = into < 0 ? -1 : rest.findIndex((x, i) => i > into && x.text === '(');
    return { kind: 'reorganize-partition', db, table, names: from.map((x) => x.text), into: open < 0 ? [] : readDefs(rest, open, sql).defs, span };
  }
  if (kw(head, 'EXCHANGE') && kw(rest[1], 'PARTITION')) {
    const w = rest.findIndex((x) => kw(x, 'TABLE'));
    const a = rest[w + 1]?.text ?? '';
    const dotted = rest[w + 2]?.text === '.' && rest[w + 2]?.kind === 'punct';
    return {
      kind: 'exchange-partition',
      db,
      table,
      partition: rest[2]?.text ?? '',
      withDb: dotted ? a : null,
      withTable: dotted ? (rest[w + 3]?.text ?? '') : a,
      span,
    };
  }
  return { kind: 'other' };
}

/** Index of the `PARTITION` of a top-level `PARTITION BY`, or -1. */
function topLevelPartitionBy(t: Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < t.length; i++) {
    const x = t[i]!;
    if (x.kind === 'punct' && x.text === '(') depth++;
    else if (x.kind === 'punct' && x.text === ')') depth--;
    else if (depth === 0 && kw(x, 'PARTITION') && kw(t[i + 1], 'BY')) return i;
  }
  return -1;
}

/** `ADD PRIMARY KEY (…)`, `ADD UNIQUE [KEY] name (…)`, `DROP PRIMARY KEY`, `DROP INDEX name`, or null for anything else. */
function readKeyChange(c: Token[]): KeyChange | null {
  if (kw(c[0], 'DROP')) {
    if (kw(c[1], 'PRIMARY')) return { op: 'drop-primary' };
    if (kw(c[1], 'INDEX', 'KEY') && c[2]) return { op: 'drop-index', name: c[2].text };
    return null;
  }
  if (!kw(c[0], 'ADD')) return null;
  let k = 1;
  if (kw(c[k], 'CONSTRAINT')) k += isName(c[k + 1]) && !kw(c[k + 1], 'PRIMARY', 'UNIQUE') ? 2 : 1;
  const mods: string[] = [];
  while (kw(c[k], 'PRIMARY', 'UNIQUE', 'FULLTEXT', 'SPATIAL')) mods.push(c[k++]!.text.toUpperCase());
  if (kw(c[k], 'KEY', 'INDEX')) k++;
  else if (mods.length === 0) return null;
  const name = c[k]?.text !== '(' && isName(c[k]) ? c[k++]!.text : '';
  const open = c.findIndex((x, i) => i >= k && x.text === '(');
  if (open < 0) return null;
  const columns = groups(c, open)
    .items.filter((g) => isName(g[0]))
    .map((g) => ({ name: g[0]!.text, subPart: g[1]?.text === '(' && g[2]?.kind === 'number' ? Number(g[2].text) : null }));
  const primary = mods.includes('PRIMARY');
  return {
    op: 'add',
    name: primary ? 'PRIMARY' : name || columns[0]?.name || '',
    primary,
    unique: primary || mods.includes('UNIQUE'),
    kind: mods.includes('FULLTEXT') ? 'FULLTEXT' : mods.includes('SPATIAL') ? 'SPATIAL' : 'BTREE',
    columns,
  };
}

/** Reads `PARTITION BY …` starting at the `PARTITION` token. */
function readSpec(t: Token[], at: number, sql: string): PartitionSpec {
  let p = at + 2;
  let linear = false;
  if (kw(t[p], 'LINEAR')) {
    linear = true;
    p++;
  }
  const word = (t[p]?.text ?? '').toUpperCase();
  p++;
  let method: PartitionMethod;
  if (word === 'RANGE' || word === 'LIST') {
    if (kw(t[p], 'COLUMNS')) {
      method = word === 'RANGE' ? 'RANGE COLUMNS' : 'LIST COLUMNS';
      p++;
    } else method = word;
  } else if (word === 'KEY') {
    method = linear ? 'LINEAR KEY' : 'KEY';
    if (kw(t[p], 'ALGORITHM')) p += 3;
  } else if (word === 'SYSTEM_TIME') method = 'SYSTEM_TIME';
  else method = linear ? 'LINEAR HASH' : 'HASH';
  let expr: Token[] = [];
  if (t[p]?.text === '(') {
    const g = groups(t, p);
    expr = t.slice(p + 1, g.end);
    p = g.end + 1;
  }
  let count: number | null = null;
  let subpartitionCount: number | null = null;
  if (kw(t[p], 'PARTITIONS')) {
    count = Number(t[p + 1]?.text ?? NaN);
    p += 2;
  }
  if (kw(t[p], 'SUBPARTITION') && kw(t[p + 1], 'BY')) {
    p += 2;
    while (p < t.length && !(t[p]?.text === '(' && kw(t[p + 1], 'PARTITION')) && !kw(t[p], 'SUBPARTITIONS')) p++;
    if (kw(t[p], 'SUBPARTITIONS')) {
      subpartitionCount = Number(t[p + 1]?.text ?? NaN);
      p += 2;
    }
  }
  let partitions: PartitionDef[] = [];
  let end = p - 1;
  if (t[p]?.text === '(' && kw(t[p + 1], 'PARTITION')) {
    const r = readDefs(t, p, sql);
    partitions = r.defs;
    end = r.end;
  }
  return {
    method,
    expr,
    exprText: textOf(expr, sql),
    exprSpan: expr.length ? spanOf(expr, sql) : spanOf(t.slice(at, p), sql),
    count,
    subpartitionCount,
    partitions,
    span: spanOf(t.slice(at, end + 1), sql),
  };
}

/** Reads `(PARTITION p VALUES …, …)` at the opening parenthesis. */
function readDefs(t: Token[], open: number, sql: string): { defs: PartitionDef[]; end: number } {
  const g = groups(t, open);
  const defs: PartitionDef[] = [];
  for (const item of g.items) {
    if (!kw(item[0], 'PARTITION')) continue;
    const name = item[1]?.text ?? '';
    const v = item.findIndex((x) => kw(x, 'VALUES'));
    let maxvalue = false;
    let values: Token[][] = [];
    let boundTokens: Token[] = [];
    if (v >= 0) {
      const less = kw(item[v + 1], 'LESS');
      const at = less ? v + 3 : v + 2;
      if (kw(item[at], 'MAXVALUE')) {
        maxvalue = true;
        boundTokens = [item[at]!];
      } else if (item[at]?.text === '(') {
        const inner = groups(item, at);
        values = inner.items;
        boundTokens = item.slice(at, inner.end + 1);
        maxvalue = values.length > 0 && values.every((x) => x.length === 1 && kw(x[0], 'MAXVALUE'));
      }
    }
    defs.push({ name, maxvalue, values, boundText: textOf(boundTokens, sql), span: spanOf(item, sql) });
  }
  return { defs, end: g.end };
}
