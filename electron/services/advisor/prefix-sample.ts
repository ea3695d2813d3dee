/**
 * Samples the data the connected advisor refines its advice with: the prefix selectivity of long
 * string columns for the `col(N)` choice — COUNT(DISTINCT LEFT(col, N)) for a ladder of N and COUNT(DISTINCT col), in one read over at
 * most `maxRows` rows of the table (a bounded sample; LEFT counts characters for strings and
 * bytes for binary types, as index prefixes do).
 */
import type { SchemaSnapshot } from '../../../shared/contract/advisor';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import type { SqlReader } from '../../connections/sql-reader';
import type { ColumnWidths } from '../../engines/advisor/index-size';
import { PREFIX_SAMPLE_LENGTHS, prefixSampleKey, type PrefixSample, type PrefixSamples } from '../../engines/advisor/prefix-length';

/** Samples each `table.column` named (columns the snapshot does not know are skipped). */
export async function samplePrefixes(
  reader: SqlReader,
  database: string,
  schema: SchemaSnapshot,
  columns: readonly { table: string; column: string }[],
  maxRows = 20_000,
): Promise<PrefixSamples> {
  const out: Record<string, PrefixSample> = {};
  const limit = Math.max(1, Math.floor(maxRows));
  for (const { table, column } of columns) {
    const key = prefixSampleKey(table, column);
    if (out[key]) continue;
    const col = schema.tables.find((t) => t.name.toLowerCase() === table.toLowerCase())?.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
    if (!col) continue;
    const lengths = PREFIX_SAMPLE_LENGTHS.filter((n) => col.charLength === null || n < col.charLength);
    const parts = lengths.map((n, k) => `COUNT(DISTINCT LEFT(s.v, ${n})) AS p${k}`);
    const [row] = await reader.query<Record<string, number | string>>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT s.v) AS d${parts.length ? `, ${parts.join(', ')}` : ''} FROM (SELECT ${quoteIdent(col.name)} AS v FROM ${quoteQualified(database, table)} LIMIT ${limit}) AS s`,
    );
    if (!row) continue;
    out[key] = { rows: Number(row.n), distinct: Number(row.d), prefixes: lengths.map((length, k) => ({ length, distinct: Number(row[`p${k}`]) })) };
  }
  return out;
}

/**
 * Average stored bytes of the string columns of the recommended indexes and their tables' primary
 * keys, over at most `maxRows` rows per table (one read per table), for the size estimates.
 */
export async function sampleWidths(
  reader: SqlReader,
  database: string,
  schema: SchemaSnapshot,
  indexes: readonly { table: string; columns: readonly string[] }[],
  maxRows = 20_000,
): Promise<ColumnWidths> {
  const limit = Math.max(1, Math.floor(maxRows));
  const wanted = new Map<string, Set<string>>();
  for (const ix of indexes) {
    const t = schema.tables.find((x) => x.name.toLowerCase() === ix.table.toLowerCase());
    if (!t) continue;
    const set = wanted.get(t.name) ?? new Set<string>();
    const pk = t.indexes.find((i) => i.primary)?.columns.map((c) => c.name) ?? [];
    for (const name of [...ix.columns, ...pk]) {
      const col = t.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (col && /char|binary|text|blob|json/.test(col.dataType.toLowerCase())) set.add(col.name);
    }
    wanted.set(t.name, set);
  }
  const out: Record<string, number> = {};
  for (const [table, cols] of wanted) {
    const list = [...cols];
    if (list.length === 0) continue;
    const [row] = await reader.query<Record<string, number | string | null>>(
      `SELECT ${list.map((c, k) => `AVG(LENGTH(s.${quoteIdent(c)})) AS w${k}`).join(', ')} FROM (SELECT ${list.map(quoteIdent).join(', ')} FROM ${quoteQualified(database, table)} LIMIT ${limit}) AS s`,
    );
    list.forEach((c, k) => {
      const v = row?.[`w${k}`];
      if (v !== null && v !== undefined) out[prefixSampleKey(table, c)] = Number(v);
    });
  }
  return out;
}

/** What a first advice is refined with: prefix selectivity and string widths, and a note saying so. */
export interface DataSamples {
  readonly prefixSamples: PrefixSamples;
  readonly columnWidths: ColumnWidths;
  readonly notes: string[];
}

/** Samples what the recommendations of a first advice need (app and CLI alike), then the caller advises again with it. */
export async function sampleForRecommendations(
  reader: SqlReader,
  database: string,
  schema: SchemaSnapshot,
  recommendations: readonly { table: string; columns: readonly { name: string; subPart: number | null }[] }[],
): Promise<DataSamples> {
  const prefixed = recommendations.flatMap((r) => r.columns.filter((c) => c.subPart !== null).map((c) => ({ table: r.table, column: c.name })));
  const prefixSamples = prefixed.length > 0 ? await samplePrefixes(reader, database, schema, prefixed) : {};
  const columnWidths = await sampleWidths(
    reader,
    database,
    schema,
    recommendations.map((r) => ({ table: r.table, columns: r.columns.map((c) => c.name) })),
  );
  const notes: string[] = [];
  if (prefixed.length > 0) notes.push(`Prefix lengths chosen from a sample of at most 20,000 rows per column (${Object.keys(prefixSamples).join(', ')}).`);
  if (Object.keys(columnWidths).length > 0) notes.push('New index sizes estimated with string widths averaged over at most 20,000 rows per table.');
  return { prefixSamples, columnWidths, notes };
}
