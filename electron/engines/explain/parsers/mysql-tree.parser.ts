/**
 * Parser for MySQL `EXPLAIN FORMAT=TREE` and `EXPLAIN ANALYZE` (the same tree with
 * "(actual time=first..last rows=R loops=L)" per node). Indentation gives the nesting;
 * lines it cannot read become warnings, so a cut-off paste still yields the nodes above the cut.
 * https://dev.mysql.com/doc/refman/8.4/en/explain.html#explain-analyze
 */
import type { ParsedPlan, PlanNode } from '../../../../shared/contract/explain';
import { assignIds, makeNode, num, walk } from '../plan-node';
import { finishIndexMerge, nodeFromOperation } from './iterator-operation';

const NUM = String.raw`-?\d+(?:\.\d+)?(?:e[+-]?\d+)?`;
const COST = new RegExp(String.raw`\s*\(cost=(${NUM})(?:\.\.(${NUM}))? rows=(${NUM})\)`);
const COST_ROWS_ONLY = new RegExp(String.raw`\s*\(rows=(${NUM})\)`);
const ACTUAL = new RegExp(String.raw`\s*\(actual time=(${NUM})\.\.(${NUM}) rows=(${NUM}) loops=(${NUM})\)`);
const ACTUAL_ROWS = new RegExp(String.raw`\s*\(actual rows=(${NUM}) loops=(${NUM})\)`);
const NEVER = /\s*\(never executed\)/;

/** Parses one `-> operation (cost=…) (actual …)` line into a node. */
function lineNode(body: string): PlanNode {
  let text = body;
  let cost: number | null = null;
  let rows: number | null = null;
  let actual: PlanNode['actual'] = null;
  const a = ACTUAL.exec(text);
  if (a) {
    const loops = Number(a[4]);
    actual = { rows: Number(a[3]), loops, timeMs: Number(a[2]) * loops, filtered: null };
    text = text.slice(0, a.index) + text.slice(a.index + a[0].length);
  } else {
    const ar = ACTUAL_ROWS.exec(text);
    if (ar) {
      actual = { rows: Number(ar[1]), loops: Number(ar[2]), timeMs: null, filtered: null };
      text = text.slice(0, ar.index) + text.slice(ar.index + ar[0].length);
    } else if (NEVER.test(text)) {
      actual = { rows: 0, loops: 0, timeMs: 0, filtered: null };
      text = text.replace(NEVER, '');
    }
  }
  const c = COST.exec(text);
  if (c) {
    cost = Number(c[2] ?? c[1]);
    rows = Number(c[3]);
    text = text.slice(0, c.index) + text.slice(c.index + c[0].length);
  } else {
    const r = COST_ROWS_ONLY.exec(text);
    if (r) {
      rows = Number(r[1]);
      text = text.slice(0, r.index) + text.slice(r.index + r[0].length);
    }
  }
  const node = nodeFromOperation(text.trim());
  node.estimate = { rows, filtered: null, cost };
  node.actual = actual;
  return node;
}

/** Strips a client's table frame (`| -> … |`) or the `EXPLAIN:` prefix of `\G` output. */
function unframe(line: string): string {
  return line
    .replace(/^\s*\|\s?/, '')
    .replace(/\s*\|\s*$/, '')
    .replace(/^\s*EXPLAIN:\s*/, '');
}

/** Parses a TREE or EXPLAIN ANALYZE text. */
export function parseMysqlTree(text: string): ParsedPlan {
  const root = makeNode('query', 'query');
  const stack: { indent: number; node: PlanNode }[] = [{ indent: -1, node: root }];
  const warnings: string[] = [];
  let analyzed = false;
  let last: PlanNode | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = unframe(raw);
    if (!line.trim() || /^[+-]+$/.test(line.trim()) || /^EXPLAIN$/.test(line.trim())) return;
    const m = /^(\s*)-> (.*)$/.exec(line);
    if (!m) {
      if (last && /^\s+\S/.test(line)) last.label += ' ' + line.trim();
      else warnings.push(`line ${i + 1}: not a plan line: ${line.trim().slice(0, 80)}`);
      return;
    }
    const indent = m[1]!.length;
    if (!m[2]!.trim()) throw new Error(`line ${i + 1}: empty plan line`);
    const node = lineNode(m[2]!);
    if (node.actual) analyzed = true;
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    stack[stack.length - 1]!.node.children.push(node);
    stack.push({ indent, node });
    last = node;
  });
  for (const n of walk(root)) {
    finishIndexMerge(n);
    if (n.kind === 'subquery' && n.subquery && n.children[0]?.actual) n.subquery.executions = n.children[0].actual.loops;
    if (n.kind === 'table' && n.access && n.estimate.rows != null) n.estimate.rows = num(n.estimate.rows);
  }
  const top = root.children[0];
  const planRoot = root.children.length === 1 && top ? top : root;
  if (root.children.length === 0) throw new Error('No plan lines ("-> …") found');
  return {
    format: analyzed ? 'mysql-analyze' : 'mysql-tree',
    flavor: 'mysql',
    root: assignIds(planRoot),
    totalCost: top?.estimate.cost ?? null,
    partial: warnings.length > 0,
    warnings,
  };
}
