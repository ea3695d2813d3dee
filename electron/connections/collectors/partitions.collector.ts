/**
 * What partition tools read from a live server, read-only: each table's real definition (SHOW
 * CREATE TABLE, read by the same DDL reader as a schema file), who references it, its partitions
 * from information_schema.PARTITIONS with exact row counts where counting is cheap, and which
 * partitions a query reads (EXPLAIN's `partitions` column: `EXPLAIN PARTITIONS` on MariaDB, the
 * default on MySQL). https://dev.mysql.com/doc/refman/8.4/en/information-schema-partitions-table.html
 */
import type { Flavor } from '../../../shared/contract/connections';
import { AppError } from '../../../shared/contract/core';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { schemaFromDdl } from '../../engines/advisor/schema-ddl';
import { dialectOfFlavor } from '../../engines/flavor/dialect';
import type { LivePartition } from '../../engines/partitions/rotation';
import { partitionTablesFromDdl, type PartitionTable } from '../../engines/partitions/preflight';
import type { SqlReader } from '../sql-reader';
import { EXACT_ROWS_LIMIT } from './write-safety.collector';

/** A table's definition text as the server prints it, or null when there is no such table. */
export async function showCreateTable(reader: SqlReader, schema: string, table: string): Promise<string | null> {
  try {
    const [row] = await reader.query<Record<string, string>>(`SHOW CREATE TABLE ${quoteQualified(schema, table)}`);
    return row ? (row['Create Table'] ?? null) : null;
  } catch (e) {
    if (e instanceof AppError && /doesn't exist|1146/i.test(e.message)) return null;
    throw e;
  }
}

/** The named tables of `schema` as preflight sees them (missing ones are left out). */
export async function collectPartitionTables(
  reader: SqlReader,
  schema: string,
  tables: readonly string[],
  flavor: Flavor,
): Promise<Map<string, PartitionTable>> {
  const ddl: string[] = [];
  for (const t of [...new Set(tables.map((x) => x.toLowerCase()))]) {
    const real = await reader.query<{ n: string }>('SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND LOWER(TABLE_NAME) = ?', [
      schema,
      t,
    ]);
    const name = real[0]?.n;
    if (!name) continue;
    const text = await showCreateTable(reader, schema, name);
    if (text) ddl.push(text);
  }
  const script = ddl.join(';\n');
  const snapshot = schemaFromDdl(script, flavor.product === 'mariadb' ? 'mariadb' : 'mysql');
  const out = partitionTablesFromDdl(snapshot.tables, script);
  for (const [key, t] of out) {
    const refs = await reader.query<{ t: string; c: string }>(
      `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS c FROM information_schema.KEY_COLUMN_USAGE
        WHERE REFERENCED_TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME = ? GROUP BY TABLE_NAME, CONSTRAINT_NAME`,
      [schema, t.table.name],
    );
    out.set(key, { ...t, table: { ...t.table, schema }, referencedBy: refs.map((r) => `${r.t}.${r.c}`) });
  }
  return out;
}

/** Method and expression of a table's partitioning, and its partitions in order with rows and bytes. */
export async function collectPartitions(
  reader: SqlReader,
  schema: string,
  table: string,
): Promise<{ method: string | null; expression: string | null; partitions: LivePartition[] }> {
  const rows = await reader.query<Record<string, unknown>>(
    `SELECT PARTITION_NAME AS name, PARTITION_ORDINAL_POSITION AS ord, PARTITION_METHOD AS method, PARTITION_EXPRESSION AS expr,
            PARTITION_DESCRIPTION AS descr, TABLE_ROWS AS n, DATA_LENGTH AS bytes
       FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY PARTITION_ORDINAL_POSITION`,
    [schema, table],
  );
  if (rows.length === 0) throw new AppError('NOT_FOUND', `No table ${schema}.${table}`);
  if (rows[0]!.name == null) return { method: null, expression: null, partitions: [] };
  const estimate = rows.reduce((s, r) => s + Number(r.n ?? 0), 0);
  const partitions: LivePartition[] = [];
  for (const r of rows) {
    const name = String(r.name);
    // Exact counts when the table is small enough to count; the estimate otherwise.
    const exact =
      estimate < EXACT_ROWS_LIMIT
        ? Number((await reader.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteQualified(schema, table)} PARTITION (${quoteIdent(name)})`))[0]?.n ?? 0)
        : null;
    partitions.push({
      name,
      ordinal: Number(r.ord),
      description: r.descr == null ? null : String(r.descr),
      rows: exact ?? Number(r.n ?? 0),
      dataBytes: Number(r.bytes ?? 0),
    });
  }
  return { method: rows[0]!.method == null ? null : String(rows[0]!.method), expression: rows[0]!.expr == null ? null : String(rows[0]!.expr), partitions };
}

/** Partition counts, method and expression of every table in `schema`. */
export async function collectPartitionedTables(
  reader: SqlReader,
  schema: string,
): Promise<Array<{ table: string; partitions: number; method: string | null; expression: string | null }>> {
  const rows = await reader.query<{ t: string; n: number; m: string | null; e: string | null }>(
    `SELECT TABLE_NAME AS t, COUNT(PARTITION_NAME) AS n, MAX(PARTITION_METHOD) AS m, MAX(PARTITION_EXPRESSION) AS e
       FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? GROUP BY TABLE_NAME`,
    [schema],
  );
  return rows.map((r) => ({ table: r.t, partitions: Number(r.n), method: r.m, expression: r.e }));
}

/** The partitions EXPLAIN says a query reads on `table` (null when the plan does not read it). */
export async function explainPartitions(reader: SqlReader, flavor: Flavor, sql: string, table: string): Promise<string[] | null> {
  const rows = await reader.query<Record<string, unknown>>(`${dialectOfFlavor(flavor).explain.partitions} ${sql}`);
  // The optimizer pruned to partitions that hold no row: it reads none.
  if (rows.some((r) => /No matching rows after partition pruning/i.test(String(r.Extra ?? '')))) return [];
  const mine = rows.filter((r) => String(r.table ?? '').toLowerCase() === table.toLowerCase() || aliasOf(sql, table, String(r.table ?? '')));
  if (mine.length === 0) return null;
  const parts = new Set<string>();
  for (const r of mine) for (const p of String(r.partitions ?? '').split(',')) if (p.trim()) parts.add(p.trim());
  return [...parts];
}

/** True when `alias` is the alias the query gives `table` (`FROM ai_generations ag`). */
function aliasOf(sql: string, table: string, alias: string): boolean {
  if (!alias) return false;
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\`?${esc(table)}\`?\\s+(?:AS\\s+)?\`?${esc(alias)}\`?\\b`, 'i').test(sql);
}

/** Rows per month of each NOT NULL date column of a table (the designer's evidence). */
export async function collectMonthCounts(
  reader: SqlReader,
  schema: string,
  table: string,
  columns: readonly string[],
): Promise<Map<string, Array<{ month: string; rows: number }>>> {
  const out = new Map<string, Array<{ month: string; rows: number }>>();
  for (const c of columns) {
    const rows = await reader.query<{ m: string | null; n: number }>(
      `SELECT DATE_FORMAT(${quoteIdent(c)}, '%Y-%m-01') AS m, COUNT(*) AS n FROM ${quoteQualified(schema, table)} GROUP BY m ORDER BY m`,
    );
    out.set(
      c,
      rows.filter((r) => r.m !== null).map((r) => ({ month: String(r.m), rows: Number(r.n) })),
    );
  }
  return out;
}
