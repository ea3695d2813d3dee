/**
 * Parameter values that exist, for verify: a `?` compared with a column gets a value drawn from
 * that column's table (one row from the middle of it, all the statement's columns of that table
 * from the same row, so their conjunction matches). An invented value such as project_id = 1 may
 * match no row: then both plans read nothing after the first probe and verify measures noise.
 */
import { quoteIdent, quoteQualified, quoteString } from '../../../shared/sql-quote';
import type { SqlReader } from '../../connections/sql-reader';
import { bindSampleLiterals, placeholderColumns, tableAliases } from './sample-literals';

/** Rows skipped at most to reach the middle of a table (OFFSET reads what it skips). */
const MAX_OFFSET = 10_000;

/** The values drawn for one statement. */
export interface DrawnParameters {
  /** SQL literal per placeholder position; positions without one get the generic sample. */
  readonly literals: ReadonlyMap<number, string>;
  /** "documents.project_id=31316, projects.user_id=7" — what verify ran with, for the evidence. */
  readonly described: string | null;
}

/** Draws existing values for the placeholders of `sql` whose column the text names (reads only). */
export async function drawParameters(reader: SqlReader, database: string, sql: string): Promise<DrawnParameters> {
  const wanted = placeholderColumns(sql);
  if (wanted.length === 0) return { literals: new Map(), described: null };
  const aliases = tableAliases(sql);
  const refs = [...new Map([...aliases.values()].map((r) => [`${r.schema ?? database}.${r.table}`.toLowerCase(), r])).values()];
  if (refs.length === 0) return { literals: new Map(), described: null };
  const columns = await reader.query<{ s: string; t: string; c: string }>(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS
      WHERE ${refs.map(() => '(TABLE_SCHEMA = ? AND TABLE_NAME = ?)').join(' OR ')}`,
    refs.flatMap((r) => [r.schema ?? database, r.table]),
  );
  const has = (r: { schema: string | null; table: string }, col: string): string | undefined =>
    columns.find(
      (x) =>
        x.s.toLowerCase() === (r.schema ?? database).toLowerCase() && x.t.toLowerCase() === r.table.toLowerCase() && x.c.toLowerCase() === col.toLowerCase(),
    )?.c;
  // Each placeholder's table and column as the schema spells them.
  const byTable = new Map<string, { ref: { schema: string | null; table: string }; cols: Map<string, number[]> }>();
  for (const w of wanted) {
    const candidates = w.qualifier ? [aliases.get(w.qualifier.toLowerCase())].filter((r) => r !== undefined) : refs;
    const ref = candidates.find((r) => has(r, w.column));
    if (!ref) continue;
    const key = `${ref.schema ?? database}.${ref.table}`.toLowerCase();
    const entry = byTable.get(key) ?? { ref, cols: new Map<string, number[]>() };
    const col = has(ref, w.column)!;
    entry.cols.set(col, [...(entry.cols.get(col) ?? []), w.position]);
    byTable.set(key, entry);
  }
  const literals = new Map<number, string>();
  const described: string[] = [];
  for (const { ref, cols } of byTable.values()) {
    const schema = ref.schema ?? database;
    const names = [...cols.keys()];
    const [size] = await reader.query<{ n: number | null }>('SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
      schema,
      ref.table,
    ]);
    const middle = Math.min(MAX_OFFSET, Math.floor(Number(size?.n ?? 0) / 2));
    const select = `SELECT ${names.map((c, k) => `CAST(${quoteIdent(c)} AS CHAR) AS v${k}`).join(', ')} FROM ${quoteQualified(schema, ref.table)} WHERE ${names
      .map((c) => `${quoteIdent(c)} IS NOT NULL`)
      .join(' AND ')} LIMIT 1 OFFSET `;
    let [row] = await reader.query<Record<string, string | null>>(`${select}${middle}`);
    if (!row && middle > 0) [row] = await reader.query<Record<string, string | null>>(`${select}0`);
    if (!row) {
      described.push(`${ref.table}: no row with ${names.join(', ')} set (generic sample values)`);
      continue;
    }
    names.forEach((c, k) => {
      const v = row[`v${k}`];
      if (v === null || v === undefined) return;
      for (const p of cols.get(c)!) literals.set(p, quoteString(v));
      described.push(`${ref.table}.${c}=${v.length > 40 ? `${v.slice(0, 40)}…` : v}`);
    });
  }
  return { literals, described: described.length > 0 ? `drawn from the tables: ${described.join(', ')}` : null };
}

/** The statement with drawn values where there are some, `fallback` elsewhere (LIMIT 20, OFFSET 0). */
export function bindDrawn(sql: string, drawn: DrawnParameters, fallback: string): string {
  return bindSampleLiterals(sql, (p) => drawn.literals.get(p) ?? fallback);
}
