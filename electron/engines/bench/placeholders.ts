/**
 * Where a statement's `?` placeholders sit, so the benchmark can fill them with values that exist
 * in the data (sampled from the column each one is compared with) instead of invented ones that
 * hit no row and make a query look faster than it is. LIMIT and OFFSET get 20 and 0.
 */
import { quoteString } from '../../../shared/sql-quote';

/** One placeholder's place. */
export type Slot = { kind: 'limit' } | { kind: 'offset' } | { kind: 'column'; schema: string | null; table: string; column: string; like: boolean };

/** A table named in FROM/JOIN, with its database when the statement names one. */
export interface TableName {
  schema: string | null;
  table: string;
}

/** Start offsets of the `?` outside quotes and comments. */
export function placeholderOffsets(sql: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== ch) j += sql[j] === '\\' && ch !== '`' ? 2 : 1;
      i = j;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const e = sql.indexOf('\n', i);
      i = e < 0 ? sql.length : e;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? sql.length : e + 1;
    } else if (ch === '?') out.push(i);
  }
  return out;
}

const IDENT = '`?([A-Za-z_$][\\w$]*)`?';
const SKIP = new Set([
  'where',
  'on',
  'join',
  'left',
  'right',
  'inner',
  'outer',
  'cross',
  'order',
  'group',
  'limit',
  'set',
  'using',
  'natural',
  'straight_join',
]);

/** alias → table for the FROM/JOIN list (a table's own name maps to itself). */
export function tableAliases(sql: string): Map<string, TableName> {
  const out = new Map<string, TableName>();
  // The alias may not be a keyword (`FROM a JOIN b`: JOIN starts the next table, it is not a's alias).
  const notKeyword = `(?!(?:${[...SKIP].join('|')})\\b)`;
  const re = new RegExp(`\\b(?:from|join)\\s+(?:${IDENT}\\s*\\.\\s*)?${IDENT}(?:\\s+(?:as\\s+)?${notKeyword}${IDENT})?`, 'gi');
  for (const m of sql.matchAll(re)) {
    const name = { schema: m[1] ?? null, table: m[2]! };
    out.set(name.table.toLowerCase(), name);
    const alias = m[3];
    if (alias && !SKIP.has(alias.toLowerCase())) out.set(alias.toLowerCase(), name);
  }
  return out;
}

/**
 * The place of each placeholder, or a string saying why one cannot be filled from the data
 * (a `?` not compared with a column of a table in the FROM list).
 */
export function placeholderSlots(sql: string): Slot[] | string {
  const aliases = tableAliases(sql);
  const tables = [...new Map([...aliases.values()].map((t) => [`${t.schema}.${t.table}`, t])).values()];
  const slots: Slot[] = [];
  for (const at of placeholderOffsets(sql)) {
    const before = sql.slice(Math.max(0, at - 200), at);
    if (/\boffset\s*$/i.test(before)) slots.push({ kind: 'offset' });
    else if (/\blimit\s*$/i.test(before) || /\blimit\s+\d+\s*,\s*$/i.test(before)) slots.push({ kind: 'limit' });
    else {
      const m = new RegExp(`(?:${IDENT}\\s*\\.\\s*)?${IDENT}\\s*(=|<=>|<>|!=|<=|>=|<|>|\\blike)\\s*$`, 'i').exec(before);
      if (!m) return `placeholder ${slots.length + 1} is not compared with a column (col = ?, col < ?, col LIKE ?)`;
      const qualifier = m[1]?.toLowerCase();
      const column = m[2]!;
      const table = qualifier ? aliases.get(qualifier) : tables.length === 1 ? tables[0] : undefined;
      if (!table)
        return `placeholder ${slots.length + 1} (${qualifier ? `${qualifier}.` : ''}${column}): cannot tell which table ${column} belongs to; qualify it`;
      slots.push({ kind: 'column', schema: table.schema, table: table.table, column, like: m[3]!.toLowerCase() === 'like' });
    }
  }
  return slots;
}

/** A SQL literal for a sampled value (dates as the server prints them). */
export function sqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return quoteString(v.toISOString().slice(0, 19).replace('T', ' '));
  if (Buffer.isBuffer(v)) return `X'${v.toString('hex')}'`;
  return quoteString(String(v));
}

/** The statement with each placeholder replaced by its literal. */
export function bindLiterals(sql: string, literals: readonly string[]): string {
  const offsets = placeholderOffsets(sql);
  if (offsets.length !== literals.length) throw new Error(`${offsets.length} placeholders, ${literals.length} values`);
  let out = '';
  let last = 0;
  offsets.forEach((at, i) => {
    out += sql.slice(last, at) + literals[i]!;
    last = at + 1;
  });
  return out + sql.slice(last);
}
