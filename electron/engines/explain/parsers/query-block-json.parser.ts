/**
 * Parser for the `query_block` JSON family: MySQL `EXPLAIN FORMAT=JSON` with
 * explain_json_format_version=1, MariaDB `EXPLAIN FORMAT=JSON` and MariaDB `ANALYZE FORMAT=JSON`
 * (which adds r_rows, r_loops, r_total_time_ms, r_filtered).
 * https://dev.mysql.com/doc/refman/8.4/en/explain.html#explain-json-format
 * https://mariadb.com/kb/en/explain-format-json/  https://mariadb.com/kb/en/analyze-format-json/
 */
import type { PlanNode, TableAccess } from '../../../../shared/contract/explain';
import type { Family } from '../../flavor/flavor';
import { addFlag, makeAccess, makeNode, num } from '../plan-node';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/** Measured figures from MariaDB's r_* members, when present. */
function actualOf(o: Obj): PlanNode['actual'] {
  const hasR = ['r_rows', 'r_loops', 'r_total_time_ms', 'r_table_time_ms'].some((k) => k in o);
  if (!hasR) return null;
  const time = num(o.r_total_time_ms) ?? sumOrNull(num(o.r_table_time_ms), num(o.r_other_time_ms));
  return { rows: num(o.r_rows), loops: num(o.r_loops), timeMs: time, filtered: num(o.r_filtered) };
}

function sumOrNull(a: number | null, b: number | null): number | null {
  return a == null && b == null ? null : (a ?? 0) + (b ?? 0);
}

/** One `table` object → a table node (with any materialized derived table beneath it). */
function tableNode(t: Obj): PlanNode {
  const type = str(t.access_type) ?? 'unknown';
  const merge = isObj(t.index_merge) ? t.index_merge : null;
  const mergeKeys: string[] = [];
  if (merge) collectMergeKeys(merge, mergeKeys);
  // MySQL v1 spells an index merge as `"key": "union(a,b)"`.
  const v1Merge = /^(union|intersect|sort_union|sort_intersect)\((.*)\)$/.exec(str(t.key) ?? '');
  if (v1Merge) mergeKeys.push(...v1Merge[2]!.split(','));
  const cost = isObj(t.cost_info) ? sumOrNull(num(t.cost_info.read_cost), num(t.cost_info.eval_cost)) : num(t.cost);
  const node = makeNode('table', `${type} ${str(t.table_name) ?? '?'}`, {
    table: str(t.table_name),
    access: makeAccess(type, {
      key: mergeKeys.length ? mergeKeys.join(',') : str(t.key),
      keyParts: strs(t.used_key_parts),
      possibleKeys: strs(t.possible_keys),
      keyLength: num(t.key_length),
      ref: strs(t.ref),
      partitions: Array.isArray(t.partitions) ? strs(t.partitions) : null,
      mergeKind: merge ? mergeKindOf(merge) : v1Merge ? (v1Merge[1] as TableAccess['mergeKind']) : null,
    }),
    estimate: {
      rows: num(t.rows_examined_per_scan) ?? num(t.rows),
      filtered: num(t.filtered),
      cost,
    },
    actual: actualOf(t),
    condition: str(t.attached_condition) ?? str(t.index_condition),
  });
  if (t.using_index === true) addFlag(node, 'using_index');
  if (t.attached_condition) addFlag(node, 'using_where');
  if (t.index_condition) addFlag(node, 'using_index_condition');
  if (merge || v1Merge || type === 'index_merge') addFlag(node, 'index_merge');
  const buffer = str(t.using_join_buffer);
  if (buffer) {
    addFlag(node, 'using_join_buffer');
    node.joinAlgorithm = /hash/i.test(buffer) ? 'hash' : /batched/i.test(buffer) ? 'batched_key_access' : 'block_nested_loop';
  }
  const mat = isObj(t.materialized_from_subquery) ? t.materialized_from_subquery : isObj(t.materialized) ? t.materialized : null;
  if (mat && isObj(mat.query_block)) {
    const m = makeNode('materialize', `materialize ${str(t.table_name) ?? ''}`.trim(), {
      subquery: { dependent: mat.dependent === true, cacheable: typeof mat.cacheable === 'boolean' ? mat.cacheable : null, executions: null },
    });
    m.children.push(queryBlockNode(mat.query_block));
    node.children.push(m);
  }
  return node;
}

/** MariaDB names the combination as the index_merge member's key; MySQL v1 says it in `key`. */
function mergeKindOf(merge: Obj): TableAccess['mergeKind'] {
  const k = Object.keys(merge)[0] ?? '';
  return (['union', 'intersect', 'sort_union', 'sort_intersect'] as const).find((x) => x === k) ?? null;
}

function collectMergeKeys(o: Obj, out: string[]): void {
  for (const v of Object.values(o)) {
    if (Array.isArray(v)) v.forEach((x) => isObj(x) && collectMergeKeys(x, out));
    else if (isObj(v)) {
      if (typeof v.key === 'string') out.push(v.key);
      collectMergeKeys(v, out);
    }
  }
}

/** Converts one operation object (a member of a query block or of nested_loop) to nodes. */
function operationNodes(key: string, value: unknown): PlanNode[] {
  if (!isObj(value) && !Array.isArray(value)) return [];
  switch (key) {
    case 'table':
      return isObj(value) ? [tableNode(value)] : [];
    case 'nested_loop': {
      const items = (Array.isArray(value) ? value : []).flatMap((item) => (isObj(item) ? containerChildren(item) : []));
      if (items.length <= 1) return items;
      return [makeNode('join', 'nested loop', { joinAlgorithm: 'nested_loop', children: items })];
    }
    case 'block-nl-join':
    case 'bka-join': {
      const o = value as Obj;
      const inner = isObj(o.table) ? tableNode(o.table) : makeNode('other', key);
      addFlag(inner, 'using_join_buffer');
      inner.joinAlgorithm = key === 'bka-join' ? 'batched_key_access' : str(o.join_type) === 'BNLH' ? 'hash' : 'block_nested_loop';
      if (o.attached_condition) {
        inner.condition = str(o.attached_condition);
        addFlag(inner, 'using_where');
      }
      if (inner.actual && num(o.r_filtered) != null) inner.actual.filtered = num(o.r_filtered);
      return [inner];
    }
    case 'ordering_operation':
    case 'grouping_operation':
    case 'duplicates_removal': {
      const o = isObj(value) ? value : { nested_loop: value };
      const kind = key === 'ordering_operation' ? 'sort' : 'group';
      const node = makeNode(kind, key.replace('_', ' '), { children: containerChildren(o) });
      if (o.using_filesort === true) addFlag(node, 'using_filesort');
      if (o.using_temporary_table === true) addFlag(node, 'using_temporary');
      if (node.flags.length === 0 && node.children.length === 1 && key !== 'grouping_operation') return node.children;
      return [node];
    }
    case 'filesort':
    case 'read_sorted_file': {
      const o = value as Obj;
      if (key === 'read_sorted_file' && isObj(o.filesort)) return operationNodes('filesort', o.filesort);
      const node = makeNode('sort', `filesort${o.sort_key ? ` (${String(o.sort_key)})` : ''}`, {
        actual: actualOf(o),
        condition: null,
        children: containerChildren(o),
      });
      if (node.actual && node.actual.rows == null) node.actual.rows = num(o.r_output_rows);
      addFlag(node, 'using_filesort');
      return [node];
    }
    case 'temporary_table': {
      const o = value as Obj;
      const node = makeNode('temporary', 'temporary table', { children: containerChildren(o) });
      addFlag(node, 'using_temporary');
      return [node];
    }
    case 'union_result': {
      const o = value as Obj;
      const node = makeNode('union', 'union', { table: str(o.table_name) });
      if (o.using_temporary_table === true) addFlag(node, 'using_temporary');
      for (const spec of Array.isArray(o.query_specifications) ? o.query_specifications : []) {
        if (isObj(spec) && isObj(spec.query_block)) node.children.push(queryBlockNode(spec.query_block));
      }
      return [node];
    }
    default:
      return [];
  }
}

/** Keys that carry subqueries in MySQL v1 (`*_subqueries`) and MariaDB (`subqueries`). */
const SUBQUERY_KEYS = [
  'select_list_subqueries',
  'attached_subqueries',
  'optimized_away_subqueries',
  'having_subqueries',
  'order_by_subqueries',
  'group_by_subqueries',
  'update_value_subqueries',
  'subqueries',
];

/** Child nodes of any object that may hold operations and subqueries. */
function containerChildren(o: Obj): PlanNode[] {
  const out: PlanNode[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (SUBQUERY_KEYS.includes(key)) continue;
    out.push(...operationNodes(key, value));
  }
  for (const key of SUBQUERY_KEYS) {
    for (const sq of Array.isArray(o[key]) ? (o[key] as unknown[]) : []) if (isObj(sq)) out.push(subqueryNode(sq, key));
  }
  return out;
}

/** A subquery wrapper: MySQL `{dependent, cacheable, query_block}`, MariaDB `{expression_cache: {...}}` or `{query_block}`. */
function subqueryNode(sq: Obj, where: string): PlanNode {
  const cache = isObj(sq.expression_cache) ? sq.expression_cache : null;
  const qb = isObj(sq.query_block) ? sq.query_block : cache && isObj(cache.query_block) ? cache.query_block : null;
  const inner = qb ? queryBlockNode(qb) : makeNode('other', 'subquery');
  const selectType = qb ? str(qb.select_type) : null;
  const dependent = sq.dependent === true || (selectType ?? '').toUpperCase().includes('DEPENDENT') || (qb != null && dependsOnOuter(qb, inner));
  const executions = num(qb?.r_loops) ?? (cache ? num(cache.r_loops) : null);
  const node = makeNode('subquery', `subquery #${inner.selectId ?? '?'}${dependent ? ' (dependent)' : ''}`, {
    selectId: inner.selectId,
    subquery: { dependent, cacheable: typeof sq.cacheable === 'boolean' ? sq.cacheable : cache ? true : null, executions },
    children: [inner],
  });
  if (where === 'optimized_away_subqueries') node.label += ' (optimized away)';
  return node;
}

/**
 * MariaDB's JSON has no `dependent` member; a subquery is correlated when its conditions name a
 * table that is not read inside it (`ai_generations.document_id = d.id`).
 */
function dependsOnOuter(_qb: Obj, inner: PlanNode): boolean {
  const own = new Set<string>();
  const conds: string[] = [];
  const visit = (n: PlanNode): void => {
    if (n.table) own.add(n.table.toLowerCase());
    if (n.condition) conds.push(n.condition);
    n.children.forEach(visit);
  };
  visit(inner);
  for (const c of conds) {
    for (const m of c.matchAll(/`?([A-Za-z_][\w$]*)`?\.`?[A-Za-z_][\w$]*`?/g)) {
      const name = (m[1] ?? '').toLowerCase();
      if (!own.has(name) && !/^\d/.test(name)) return true;
    }
  }
  return false;
}

/** One `query_block` → a query node. */
export function queryBlockNode(qb: Obj): PlanNode {
  const selectId = num(qb.select_id);
  const cost = isObj(qb.cost_info) ? num(qb.cost_info.query_cost) : num(qb.cost);
  const node = makeNode('query', `select #${selectId ?? '?'}`, {
    selectId,
    selectType: str(qb.select_type),
    estimate: { rows: null, filtered: null, cost },
    actual: actualOf(qb),
    condition: str(qb.having_condition),
    children: containerChildren(qb),
  });
  if (typeof qb.message === 'string') node.label += ` — ${qb.message}`;
  if (typeof qb.message === 'string' && /impossible where/i.test(qb.message)) addFlag(node, 'impossible_where');
  return node;
}

/** Which dialect produced a `query_block` document. */
export function queryBlockFlavor(doc: Obj): Family {
  const text = JSON.stringify(doc);
  return /"cost_info"|"rows_examined_per_scan"|"used_columns"/.test(text) ? 'mysql' : 'mariadb';
}

/** True when the document carries MariaDB ANALYZE measurements. */
export function hasAnalyzeData(doc: Obj): boolean {
  return /"r_(rows|loops|total_time_ms)"/.test(JSON.stringify(doc));
}
