/** Parses the workload once and extracts each statement's column roles against the schema. */
import type { SchemaSnapshot, SchemaTable, WorkloadQuery } from '../../../shared/contract/advisor';
import { extractQueryShape, type QueryShape } from '../sql-parse/column-roles';
import { parseStatement, type AstNode, type SqlFlavor } from '../sql-parse/sql-parse';

/** Caller-owned parse results keyed by flavor and SQL text (ASTs are only read, never changed):
 * re-advising the same workload with other options then skips node-sql-parser. */
export type ParseCache = Map<string, { ast: AstNode | null; error: string | null }>;

/** A workload query with what the parser understood of it. */
export interface AnalyzedQuery {
  readonly index: number;
  readonly name: string;
  readonly sql: string;
  readonly weight: WorkloadQuery['weight'];
  readonly shape: QueryShape | null;
  readonly error: string | null;
}

/** Case-insensitive table lookup over a snapshot. */
export function tableIndex(schema: SchemaSnapshot): (name: string) => SchemaTable | undefined {
  const map = new Map(schema.tables.map((t) => [t.name.toLowerCase(), t]));
  return (name) => map.get(name.toLowerCase());
}

/** Parses and shapes every workload query (pure). Unparsed ones keep their error. */
export function analyzeWorkload(workload: readonly WorkloadQuery[], schema: SchemaSnapshot, flavor: SqlFlavor = 'mysql', cache?: ParseCache): AnalyzedQuery[] {
  const table = tableIndex(schema);
  const lookup = (t: string): string[] | undefined => table(t)?.columns.map((c) => c.name);
  return workload.map((q, index) => {
    const key = `${flavor}\u0000${q.sql}`;
    const parsed = cache?.get(key) ?? parseStatement(q.sql, flavor);
    cache?.set(key, parsed);
    const { ast, error } = parsed;
    const name = q.name ?? q.sql.replace(/\s+/g, ' ').slice(0, 80);
    return { index, name, sql: q.sql, weight: q.weight, shape: ast ? extractQueryShape(ast, lookup) : null, error };
  });
}

/** Writes per weight period per table, from the workload's INSERT/UPDATE/DELETE statements. */
export function workloadWriteRates(queries: readonly AnalyzedQuery[]): Map<string, number> {
  const rates = new Map<string, number>();
  for (const q of queries) for (const t of q.shape?.writes ?? []) rates.set(t.toLowerCase(), (rates.get(t.toLowerCase()) ?? 0) + q.weight.count);
  return rates;
}
