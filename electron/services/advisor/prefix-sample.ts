/**
 * Samples the prefix selectivity of long string columns for the advisor's `col(N)` choice:
 * COUNT(DISTINCT LEFT(col, N)) for a ladder of N and COUNT(DISTINCT col), in one read over at
 * most `maxRows` rows of the table (a bounded sample; LEFT counts characters for strings and
 * bytes for binary types, as index prefixes do).
 */
import type { SchemaSnapshot } from '../../../shared/contract/advisor';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import type { SqlReader } from '../../connections/sql-reader';
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
