/**
 * Runs EXPLAIN on a connection the way its flavor understands it and returns the raw outputs (the
 * engine parses them): MySQL FORMAT=JSON + FORMAT=TREE (+ EXPLAIN ANALYZE), MariaDB FORMAT=JSON
 * (+ ANALYZE FORMAT=JSON). ANALYZE executes the statement, so it runs only in front of a read, or
 * when the caller passes `confirmWrite` (and the reader still decides whether it lets a write through).
 * Also collects the schema facts (rows, columns, indexes, partitions) of the tables a plan reads.
 * https://dev.mysql.com/doc/refman/8.4/en/explain.html  https://mariadb.com/kb/en/analyze-statement/
 */
import type { Capabilities } from '../../../shared/contract/connections';
import type { ExplainSchema, PlanFormat } from '../../../shared/contract/explain';
import type { SqlProduct } from '../../engines/flavor/flavor';
import { schemaFromInformationSchema } from '../../engines/explain/schema-snapshot';
import { readInformationSchema } from './information-schema.collector';
import type { SqlReader } from '../sql-reader';

/** What the collector needs to know of the server. */
export interface ExplainFlavorHint {
  readonly product: SqlProduct;
  /** From the connection's capability map; derived from the product when absent. */
  readonly capabilities?: Pick<Capabilities, 'explainAnalyze' | 'explainJsonVersions'>;
}

/** Options of `collectExplain`. */
export interface ExplainCollectOptions {
  /** Values for `?` placeholders (EXPLAIN needs concrete values). */
  readonly params?: readonly unknown[];
  /** Also run EXPLAIN ANALYZE / ANALYZE FORMAT=JSON (executes the statement). */
  readonly analyze?: boolean;
  /** Required to ANALYZE a statement that is not a read. */
  readonly confirmWrite?: boolean;
}

/** One EXPLAIN output as the server returned it. */
export interface ExplainOutput {
  readonly format: PlanFormat;
  readonly statement: string;
  readonly text: string;
}

/** The raw EXPLAIN outputs of one statement. */
export interface ExplainSnapshot {
  readonly product: ExplainFlavorHint['product'];
  readonly sql: string;
  readonly outputs: ExplainOutput[];
  /** Outputs that failed (an old server without TREE, a refused ANALYZE): kept, not thrown. */
  readonly errors: { readonly statement: string; readonly message: string }[];
  /** Why ANALYZE did not run, when it was asked for. */
  readonly analyzeSkipped: string | null;
}

/** Strips leading comments and whitespace. */
function head(sql: string): string {
  return sql.replace(/^(\s|\/\*[\s\S]*?\*\/|--[^\n]*\n|#[^\n]*\n)*/, '');
}

/** True when the statement only reads: SELECT/WITH/TABLE/VALUES without INTO or a locking clause. */
export function isReadOnlyStatement(sql: string): boolean {
  const h = head(sql);
  if (!/^(select|with|table|values|\()/i.test(h)) return false;
  return (
    !/\binto\s+(outfile|dumpfile|@)|\bfor\s+(update|share)\b|\block\s+in\s+share\s+mode\b/i.test(h) && !/^with\b[\s\S]*\b(update|delete|insert)\b/i.test(h)
  );
}

const defaults = (product: ExplainFlavorHint['product']): Pick<Capabilities, 'explainAnalyze' | 'explainJsonVersions'> =>
  product === 'mariadb' ? { explainAnalyze: 'mariadb-analyze', explainJsonVersions: [1] } : { explainAnalyze: 'mysql-tree', explainJsonVersions: [1] };

/** First column of the first row, as text (EXPLAIN FORMAT=JSON/TREE return one cell). */
function cell(rows: Record<string, unknown>[]): string {
  const row = rows[0];
  if (!row) throw new Error('EXPLAIN returned no rows');
  return String(Object.values(row)[0]);
}

/** Runs the EXPLAIN variants the flavor supports and returns their raw text. */
export async function collectExplain(reader: SqlReader, sql: string, flavor: ExplainFlavorHint, options: ExplainCollectOptions = {}): Promise<ExplainSnapshot> {
  const caps = flavor.capabilities ?? defaults(flavor.product);
  const stmt = sql.trim().replace(/;\s*$/, '');
  const params = options.params ?? [];
  const outputs: ExplainOutput[] = [];
  const errors: { statement: string; message: string }[] = [];
  const run = async (prefix: string, format: PlanFormat, asRows = false): Promise<void> => {
    const statement = `${prefix} ${stmt}`;
    try {
      const rows = await reader.query<Record<string, unknown>>(statement, params);
      outputs.push({ format, statement, text: asRows ? JSON.stringify(rows) : cell(rows) });
    } catch (err) {
      errors.push({ statement, message: err instanceof Error ? err.message : String(err) });
    }
  };
  const mariadb = flavor.product === 'mariadb';
  if (mariadb) await run('EXPLAIN FORMAT=JSON', 'mariadb-json');
  else {
    await run('EXPLAIN FORMAT=JSON', caps.explainJsonVersions.includes(2) && !caps.explainJsonVersions.includes(1) ? 'mysql-json-v2' : 'mysql-json-v1');
    await run('EXPLAIN FORMAT=TREE', 'mysql-tree');
  }
  let analyzeSkipped: string | null = null;
  if (options.analyze) {
    if (!isReadOnlyStatement(stmt) && !options.confirmWrite) analyzeSkipped = 'ANALYZE executes the statement; it is not a read, so it needs confirmWrite.';
    else if (caps.explainAnalyze === 'none') analyzeSkipped = 'This server has no EXPLAIN ANALYZE.';
    else if (caps.explainAnalyze === 'mariadb-analyze') await run('ANALYZE FORMAT=JSON', 'mariadb-analyze-json');
    else await run('EXPLAIN ANALYZE', 'mysql-analyze');
  }
  if (outputs.length === 0 && errors.length > 0) {
    // JSON and TREE both failed: fall back to the traditional table, which every version has.
    await run(mariadb ? 'EXPLAIN' : 'EXPLAIN FORMAT=TRADITIONAL', 'tabular', true);
  }
  return { product: flavor.product, sql: stmt, outputs, errors, analyzeSkipped };
}

/**
 * Collects rows/columns/indexes/partitions of `tables` (names as the query spells them, or 'all')
 * in `schema` (default: the current database; a list for several). The analyzer, the linter and
 * the editor's autocompletion all read schema facts through here.
 */
export async function collectExplainSchema(
  reader: SqlReader,
  tables: readonly string[] | 'all',
  schema?: string | readonly string[] | null,
): Promise<ExplainSchema> {
  const names = tables === 'all' ? undefined : tables.map((t) => t.replace(/`/g, '').split('.').pop()!);
  const schemas = schema == null ? 'current' : typeof schema === 'string' ? [schema] : schema;
  return schemaFromInformationSchema(await readInformationSchema(reader, { schemas, tables: names, partitions: true }));
}
