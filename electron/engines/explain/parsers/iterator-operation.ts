/**
 * MySQL's iterator executor describes each node with one operation string, shared by
 * `EXPLAIN FORMAT=TREE`, `EXPLAIN ANALYZE` and JSON v2's `operation` member
 * ("Index lookup on p using idx (user_id = 17) (reverse)"). This maps such a string to the
 * normalized node kind and, for table reads, to the classic access type.
 * https://dev.mysql.com/doc/refman/8.4/en/explain.html#explain-analyze
 */
import type { PlanNode } from '../../../../shared/contract/explain';
import { addFlag, makeAccess, makeNode } from '../plan-node';

const TABLE_ACCESS: readonly [RegExp, string, boolean][] = [
  [/^Table scan on (\S+)/, 'ALL', false],
  [/^Covering index scan on (\S+) using (\S+)/, 'index', true],
  [/^Index scan on (\S+) using (\S+)/, 'index', false],
  [/^Covering index range scan on (\S+) using (\S+)/, 'range', true],
  [/^Index range scan on (\S+) using (\S+)/, 'range', false],
  [/^(?:Group )?[Ii]ndex skip scan (?:for grouping |for deduplication )?on (\S+) using (\S+)/, 'range', true],
  [/^Single-row covering index lookup on (\S+) using (\S+)/, 'eq_ref', true],
  [/^Single-row index lookup on (\S+) using (\S+)/, 'eq_ref', false],
  [/^Covering index lookup on (\S+) using (\S+)/, 'ref', true],
  [/^Index lookup on (\S+) using (\S+)/, 'ref', false],
  [/^Full-text index search on (\S+) using (\S+)/, 'fulltext', false],
  [/^Constant row from (\S+)/, 'const', false],
  [/^Index range scan on (\S+) \(/, 'range', false],
];

/** Builds a node from an iterator operation string. */
export function nodeFromOperation(op: string): PlanNode {
  const text = op.trim();
  for (const [re, type, covering] of TABLE_ACCESS) {
    const m = re.exec(text);
    if (!m) continue;
    const table = m[1] ?? null;
    if (table === '<temporary>') break;
    const node = makeNode('table', text, { table, access: makeAccess(type, { key: m[2] ?? null }) });
    const over = /\(([^()]*(?:\([^()]*\)[^()]*)*)\)(?: \(reverse\))?$/.exec(text.slice(m[0].length));
    if (over && m[2]) node.access!.keyParts = [...(over[1] ?? '').matchAll(/(\w+)\s*(?:=|<=>|<|>|<=|>=)/g)].map((x) => x[1]!);
    if (covering) addFlag(node, 'using_index');
    return node;
  }
  if (/^Table scan on <temporary>/.test(text) || /^Temporary table/.test(text)) {
    const node = makeNode('temporary', text);
    addFlag(node, 'using_temporary');
    return node;
  }
  if (/^Materialize/.test(text)) {
    const node = makeNode('materialize', text);
    addFlag(node, 'using_temporary');
    return node;
  }
  const sub = /^Select #(\d+) \(subquery in ([\w ]+?)(; (dependent|run only once|shared))?\)/.exec(text);
  if (sub) {
    return makeNode('subquery', text, {
      selectId: Number(sub[1]),
      subquery: { dependent: sub[4] === 'dependent', cacheable: null, executions: null },
    });
  }
  if (/hash (?:inner |outer |left |semi|anti)?join|^(Inner|Left|Right|Outer|Anti|Semi)[\w ]* hash join/i.test(text)) {
    const node = makeNode('join', text, { joinAlgorithm: 'hash' });
    addFlag(node, 'using_join_buffer');
    return node;
  }
  if (/^Nested loop/i.test(text)) return makeNode('join', text, { joinAlgorithm: 'nested_loop' });
  if (/^Batched key access/i.test(text)) return makeNode('join', text, { joinAlgorithm: 'batched_key_access' });
  if (/^Filter:/.test(text)) {
    const node = makeNode('filter', text, { condition: text.replace(/^Filter:\s*/, '') });
    addFlag(node, 'using_where');
    return node;
  }
  if (/^Sort( row IDs)?:/.test(text)) {
    const node = makeNode('sort', text);
    addFlag(node, 'using_filesort');
    return node;
  }
  if (/^Limit(\/Offset)?:/.test(text)) return makeNode('limit', text);
  if (/^(Group aggregate|Aggregate)/.test(text)) {
    const node = makeNode('group', text);
    if (/using temporary table/.test(text)) addFlag(node, 'using_temporary');
    return node;
  }
  if (/^(Union|Intersect|Except)/i.test(text)) return makeNode('union', text);
  if (/^(Sort-deduplicate by row ID|Deduplicate rows sorted by row ID|Intersect rows sorted by row ID)/.test(text)) {
    const mergeKind = /^Intersect/.test(text) ? 'intersect' : /^Sort-deduplicate/.test(text) ? 'sort_union' : 'union';
    const node = makeNode('table', text, { access: makeAccess('index_merge', { mergeKind }) });
    addFlag(node, 'index_merge');
    return node;
  }
  if (/^Zero rows|^Impossible/.test(text)) {
    const node = makeNode('other', text);
    addFlag(node, 'impossible_where');
    return node;
  }
  return makeNode('other', text);
}

/** Gives an index-merge node its table and keys from the range scans beneath it. */
export function finishIndexMerge(node: PlanNode): void {
  if (!node.flags.includes('index_merge') || node.kind !== 'table') return;
  const scans = node.children.filter((c) => c.kind === 'table' && c.access?.key);
  node.table = node.table ?? scans[0]?.table ?? null;
  if (node.access) {
    node.access.key = scans.map((s) => s.access!.key).join(',') || null;
    node.access.possibleKeys = scans.map((s) => s.access!.key!);
  }
}
