/**
 * What plan rules need besides the tree: the schema (to decide "large", "indexed", "string
 * column"), the SQL's alias → table map, thresholds, and helpers to read conditions.
 */
import type { ExplainSchema, ExplainSchemaTable, ParsedPlan, PlanNode } from '../../../../shared/contract/explain';
import { walk } from '../plan-node';

/** Options of `analyzePlan`. */
export interface AnalyzeOptions {
  /** Schema facts; without them "large" falls back to the plan's own row estimates. */
  readonly schema?: ExplainSchema | null;
  /** Alias → table name (from the SQL); lets rules find `d` as `documents` in the schema. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Tables with at least this many rows count as large (default 10 000). */
  readonly largeTableRows?: number;
  /** Rows examined per row returned beyond which a scan counts as wasteful (default 100). */
  readonly examinedRatio?: number;
}

/** Default "large table" threshold. */
export const DEFAULT_LARGE_TABLE_ROWS = 10_000;

/** The context every rule receives. */
export interface PlanContext {
  readonly plan: ParsedPlan;
  readonly schema: ExplainSchema | null;
  readonly largeTableRows: number;
  readonly examinedRatio: number;
  /** Schema table behind a node's table name or alias. */
  tableOf(node: PlanNode): ExplainSchemaTable | null;
  /** Row count of a node's table: schema first, then the plan's estimate. */
  tableRows(node: PlanNode): number | null;
  /** The condition applied to a table's rows (its own, or the Filter right above it in TREE plans). */
  conditionOf(node: PlanNode): string | null;
  /** Nodes from the root down to (excluding) `node`. */
  ancestors(node: PlanNode): PlanNode[];
}

/** Builds the rule context for a plan. */
export function makeContext(plan: ParsedPlan, options: AnalyzeOptions = {}): PlanContext {
  const schema = options.schema ?? null;
  const aliases = options.aliases ?? {};
  const parents = new Map<PlanNode, PlanNode>();
  for (const n of walk(plan.root)) for (const c of n.children) parents.set(c, n);
  const tableOf = (node: PlanNode): ExplainSchemaTable | null => {
    if (!schema || !node.table) return null;
    const name = (aliases[node.table] ?? node.table).replace(/`/g, '').split('.').pop()!.toLowerCase();
    return schema.tables.find((t) => t.name.toLowerCase() === name) ?? null;
  };
  const ancestors = (node: PlanNode): PlanNode[] => {
    const out: PlanNode[] = [];
    for (let p = parents.get(node); p; p = parents.get(p)) out.unshift(p);
    return out;
  };
  return {
    plan,
    schema,
    largeTableRows: options.largeTableRows ?? DEFAULT_LARGE_TABLE_ROWS,
    examinedRatio: options.examinedRatio ?? 100,
    tableOf,
    tableRows: (node) => tableOf(node)?.rows ?? node.estimate.rows ?? node.actual?.rows ?? null,
    conditionOf: (node) => {
      if (node.condition) return node.condition;
      const parent = parents.get(node);
      return parent?.kind === 'filter' ? parent.condition : null;
    },
    ancestors,
  };
}

/** A column reference in a condition: qualifier (alias/table) and column name. */
export interface ColumnRef {
  readonly qualifier: string | null;
  readonly column: string;
}

/** Strips backticks and the schema prefix so MySQL's `cowrite`.`d`.`id` reads as d.id. */
export function normalizeCondition(condition: string): string {
  return condition.replace(/`/g, '').replace(/\b\w+\.(\w+)\.(\w+)\b/g, '$1.$2');
}

/** Columns compared in a condition, in order, with the comparison used. */
export function comparedColumns(condition: string): (ColumnRef & { op: string; operand: string })[] {
  const text = normalizeCondition(condition);
  const out: (ColumnRef & { op: string; operand: string })[] = [];
  const re = /(?<![\w.])(?:(\w+)\.)?([A-Za-z_]\w*)\s*(=|<=>|<>|!=|>=|<=|<|>|\blike\b|\bin\b|\bbetween\b)\s*('(?:[^'\\]|\\.)*'|[^\s)]+)/gi;
  for (const m of text.matchAll(re)) {
    const column = m[2]!;
    if (/^(and|or|not|null|true|false|year|month|now)$/i.test(column)) continue;
    out.push({ qualifier: m[1] ?? null, column, op: m[3]!.toLowerCase(), operand: m[4]! });
  }
  return out;
}

/** True when `column` is the first column of some index of the table. */
export function isLeadingIndexColumn(table: ExplainSchemaTable, column: string): boolean {
  return table.indexes.some((i) => i.columns[0]?.toLowerCase() === column.toLowerCase());
}

/** True when `column` appears in any index of the table. */
export function isIndexedColumn(table: ExplainSchemaTable, column: string): boolean {
  return table.indexes.some((i) => i.columns.some((c) => c?.toLowerCase() === column.toLowerCase()));
}

/** Human figure: 31198 → "31,198". */
export function n(value: number | null | undefined): string {
  return value == null ? '?' : Math.round(value).toLocaleString('en-US');
}
