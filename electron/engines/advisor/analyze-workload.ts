/** Parses the workload once and extracts each statement's column roles against the schema. */
import type { SchemaSnapshot, SchemaTable, WorkloadQuery } from '../../../shared/contract/advisor';
import { extractQueryShape, type QueryShape } from '../sql-parse/column-roles';
import { parseMany, type ParsePlan, type ParseResult, type SqlFlavor } from '../sql-parse/sql-parse';
import type { StatementTemplate } from '../sql-parse/statement-template';

/** Caller-owned parse results keyed by flavor and SQL text (ASTs are only read, never changed):
 * re-advising the same workload with other options then skips node-sql-parser. */
export type ParseCache = Map<string, ParseResult>;

/** What one distinct statement became: its column roles, or the parse error. */
export interface StatementShape {
  readonly shape: QueryShape | null;
  readonly error: string | null;
}

/** Shapes computed elsewhere (e.g. by parser worker threads), keyed by SQL text. */
export type ShapeMap = ReadonlyMap<string, StatementShape>;

/** Table name (lower-case) → its column names: all a shape extraction needs of the schema. */
export type ColumnsByTable = Readonly<Record<string, readonly string[]>>;

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

/** The column lists shape extraction needs, as plain data (it crosses to worker threads). */
export function columnsByTable(schema: SchemaSnapshot): ColumnsByTable {
  const out: Record<string, string[]> = {};
  for (const t of schema.tables) out[t.name.toLowerCase()] = t.columns.map((c) => c.name);
  return out;
}

/** Distinct statement texts in first-seen order (a workload repeats statements; each is parsed once). */
export function distinctStatements(workload: readonly WorkloadQuery[]): string[] {
  return [...new Set(workload.map((q) => q.sql))];
}

/** Parses and shapes distinct statements (pure; reuses and fills the cache when given; `templates`
 * are the statements' own templates, and `plan` their parse plan, when the caller has them already). */
export function shapeStatements(
  sqls: readonly string[],
  columns: ColumnsByTable,
  flavor: SqlFlavor = 'mysql',
  cache?: ParseCache,
  templates?: readonly (StatementTemplate | null)[],
  plan?: ParsePlan,
): StatementShape[] {
  const key = (sql: string): string => `${flavor}\u0000${sql}`;
  const todoAt = cache ? sqls.flatMap((s, i) => (cache.has(key(s)) ? [] : [i])) : sqls.map((_, i) => i);
  const todo = todoAt.map((i) => sqls[i]!);
  const all = todo.length === sqls.length;
  const fresh = parseMany(todo, flavor, templates ? todoAt.map((i) => templates[i]!) : undefined, all ? plan : undefined);
  const parsed = new Map<string, ParseResult>(todo.map((s, i) => [s, fresh[i]!]));
  if (cache) for (const [s, r] of parsed) cache.set(key(s), r);
  const lookup = (t: string): readonly string[] | undefined => columns[t.toLowerCase()];
  return sqls.map((s) => {
    const { ast, error } = parsed.get(s) ?? cache!.get(key(s))!;
    return { shape: ast ? extractQueryShape(ast, lookup) : null, error };
  });
}

/** Parses and shapes every workload query (pure). Unparsed ones keep their error. Shapes given
 * in `shapes` (computed by the same function elsewhere) are used as they are. */
export function analyzeWorkload(
  workload: readonly WorkloadQuery[],
  schema: SchemaSnapshot,
  flavor: SqlFlavor = 'mysql',
  cache?: ParseCache,
  shapes?: ShapeMap,
): AnalyzedQuery[] {
  const todo = distinctStatements(workload).filter((s) => !shapes?.has(s));
  const computed = shapeStatements(todo, columnsByTable(schema), flavor, cache);
  const bySql = new Map<string, StatementShape>(todo.map((s, i) => [s, computed[i]!]));
  return workload.map((q, index) => {
    const { shape, error } = shapes?.get(q.sql) ?? bySql.get(q.sql)!;
    const name = q.name ?? q.sql.replace(/\s+/g, ' ').slice(0, 80);
    return { index, name, sql: q.sql, weight: q.weight, shape, error };
  });
}

/** Writes per weight period per table, from the workload's INSERT/UPDATE/DELETE statements. */
export function workloadWriteRates(queries: readonly AnalyzedQuery[]): Map<string, number> {
  const rates = new Map<string, number>();
  for (const q of queries) for (const t of q.shape?.writes ?? []) rates.set(t.toLowerCase(), (rates.get(t.toLowerCase()) ?? 0) + q.weight.count);
  return rates;
}
