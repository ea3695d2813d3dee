/**
 * How a table is fingerprinted so a restored copy can be compared with the original: a row count
 * and the sum of CRC32 over each row's text (pt-table-checksum's row text: the values joined with
 * `#`, followed by one NULL flag per nullable column, so NULL and '' differ), and a hash of its
 * definition with what legitimately changes on a restore — the AUTO_INCREMENT counter and the
 * schema name — normalised away. A sum (not XOR) so two identical rows do not cancel out.
 * https://docs.percona.com/percona-toolkit/pt-table-checksum.html
 */
import { createHash } from 'node:crypto';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';

/** A column as the checksum needs it. */
export interface ChecksumColumn {
  readonly name: string;
  readonly nullable: boolean;
}

/** The statement that counts a table's rows and sums the CRC32 of their text; answers `n` and `s`. */
export function checksumSql(schema: string, table: string, columns: readonly ChecksumColumn[]): string {
  if (columns.length === 0) throw new Error(`Table ${schema}.${table} has no columns to checksum`);
  return rowsChecksumSql(quoteQualified(schema, table), columns);
}

/**
 * The same count and checksum over the rows of `from` (a quoted table name), `AS alias` when given
 * (its columns then named through it), limited by `where` when given: how a shard migration
 * compares a copied range on the source and on the shards.
 */
export function rowsChecksumSql(from: string, columns: readonly ChecksumColumn[], opts: { alias?: string; where?: string } = {}): string {
  const col = (c: ChecksumColumn): string => (opts.alias ? `${opts.alias}.${quoteIdent(c.name)}` : quoteIdent(c.name));
  const values = columns.map(col);
  const nulls = columns.filter((c) => c.nullable).map((c) => `ISNULL(${col(c)})`);
  const parts = nulls.length ? [...values, `CONCAT(${nulls.join(', ')})`] : values;
  return `SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CRC32(CONCAT_WS('#', ${parts.join(', ')}))), 0) AS CHAR) AS s FROM ${from}${opts.alias ? ` AS ${opts.alias}` : ''}${opts.where ? ` WHERE ${opts.where}` : ''}`;
}

/**
 * SHOW CREATE TABLE text with the AUTO_INCREMENT counter removed and references to `schema`
 * (a foreign key naming its own database) made unqualified, so a copy restored elsewhere compares equal.
 */
export function normalizeDefinition(ddl: string, schema: string): string {
  const q = quoteIdent(schema).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return ddl
    .replace(/\s+AUTO_INCREMENT=\d+/gi, '')
    .replace(new RegExp(`${q}\\.`, 'g'), '')
    .replace(/\r\n/g, '\n')
    .trim();
}

/** SHA-256 of a definition after normalizeDefinition. */
export function definitionHash(ddl: string, schema: string): string {
  return createHash('sha256').update(normalizeDefinition(ddl, schema)).digest('hex');
}
