/**
 * Parser for MySQL `EXPLAIN FORMAT=JSON` with explain_json_format_version=2 (MySQL 8.3+): the
 * iterator tree as JSON (`query_plan` with `inputs`, `operation`, estimated_rows,
 * estimated_total_cost; actual_rows/actual_loops/actual_last_row_ms under EXPLAIN ANALYZE).
 * https://dev.mysql.com/doc/refman/8.4/en/explain.html#explain-json-format
 */
import type { ParsedPlan, PlanNode } from '../../../../shared/contract/explain';
import { addFlag, assignIds, makeNode, num, walk } from '../plan-node';
import { finishIndexMerge, nodeFromOperation } from './iterator-operation';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Members that hold child iterators. */
const INPUT_KEYS = ['inputs', 'inputs_from_select_list', 'inputs_from_attached_subqueries', 'inputs_from_condition'];

function v2Node(o: Obj): PlanNode {
  const op = typeof o.operation === 'string' ? o.operation : String(o.access_type ?? 'operation');
  const node = o.heading && typeof o.heading === 'string' ? nodeFromOperation(o.heading) : nodeFromOperation(op);
  if (o.heading && node.kind === 'subquery') {
    const inner = v2Node({ ...o, heading: undefined, subquery: undefined });
    node.children.push(inner);
    if (inner.actual) node.subquery!.executions = inner.actual.loops;
    return node;
  }
  if (node.kind === 'table') {
    node.table = typeof o.alias === 'string' ? o.alias : typeof o.table_name === 'string' ? o.table_name : node.table;
    if (node.access) {
      if (typeof o.index_name === 'string') node.access.key = o.index_name;
      if (Array.isArray(o.key_columns)) node.access.keyParts = o.key_columns.map(String);
      if (o.covering === true) addFlag(node, 'using_index');
    }
  }
  if (typeof o.condition === 'string') node.condition = o.condition;
  if (o.join_algorithm === 'hash') {
    node.joinAlgorithm = 'hash';
    addFlag(node, 'using_join_buffer');
  }
  node.estimate = { rows: num(o.estimated_rows), filtered: null, cost: num(o.estimated_total_cost) };
  if ('actual_rows' in o || 'actual_loops' in o) {
    const loops = num(o.actual_loops);
    const last = num(o.actual_last_row_ms);
    node.actual = { rows: num(o.actual_rows), loops, timeMs: last != null ? last * (loops ?? 1) : null, filtered: null };
  }
  if (o.subquery === true && node.kind !== 'subquery') {
    const wrapper = makeNode('subquery', `subquery (${String(o.subquery_location ?? '')})`, {
      subquery: { dependent: o.dependent === true, cacheable: typeof o.cacheable === 'boolean' ? o.cacheable : null, executions: node.actual?.loops ?? null },
      children: [node],
    });
    for (const key of INPUT_KEYS) for (const c of Array.isArray(o[key]) ? (o[key] as unknown[]) : []) if (isObj(c)) node.children.push(v2Node(c));
    return wrapper;
  }
  for (const key of INPUT_KEYS) for (const c of Array.isArray(o[key]) ? (o[key] as unknown[]) : []) if (isObj(c)) node.children.push(v2Node(c));
  return node;
}

/** Parses a v2 document (already JSON-parsed). */
export function parseMysqlJsonV2(doc: Obj): ParsedPlan {
  const plan = isObj(doc.query_plan) ? doc.query_plan : null;
  if (!plan) throw new Error('No "query_plan" member: not an EXPLAIN JSON v2 document');
  const root = v2Node(plan);
  let analyzed = false;
  for (const n of walk(root)) {
    finishIndexMerge(n);
    if (n.actual) analyzed = true;
  }
  return {
    format: analyzed ? 'mysql-analyze' : 'mysql-json-v2',
    flavor: 'mysql',
    root: assignIds(root),
    totalCost: root.estimate.cost,
    partial: false,
    warnings: [],
  };
}
