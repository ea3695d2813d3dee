/**
 * Parser for traditional tabular EXPLAIN however it arrives: row objects (from a driver), the
 * mysql/mariadb client's grid (`+---+`), tab-separated batch output, `\G` vertical output, and
 * MariaDB slow-log `# explain:` lines (log_slow_verbosity=explain, which add r_rows/r_filtered).
 * The tree is rebuilt from `id` and `select_type`; nesting of subqueries is not in the table, so
 * subqueries hang under the statement root.
 * https://dev.mysql.com/doc/refman/8.4/en/explain-output.html
 * https://mariadb.com/kb/en/explain-in-the-slow-query-log/
 */
import type { ParsedPlan, PlanNode } from '../../../../shared/contract/explain';
import { assignIds, flagsFromExtra, makeAccess, makeNode, mergeKindFromExtra, num } from '../plan-node';

/** One tabular EXPLAIN row, keys as the server names them (case-insensitive). */
export type ExplainRow = Record<string, unknown>;

const nullish = (v: unknown): boolean => v == null || v === 'NULL' || v === '';
const text = (v: unknown): string | null => (nullish(v) ? null : String(v).trim());
const list = (v: unknown): string[] =>
  nullish(v)
    ? []
    : String(v)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** Lower-cases row keys so `Extra`/`extra` and `key_len`/`KEY_LEN` read alike. */
function normalizeRow(row: ExplainRow): ExplainRow {
  const out: ExplainRow = {};
  for (const [k, v] of Object.entries(row)) out[k.toLowerCase().trim()] = typeof v === 'string' ? v.trim() : v;
  return out;
}

function tableNode(r: ExplainRow): PlanNode {
  const type = text(r.type) ?? 'unknown';
  const table = text(r.table);
  if (!table) {
    return makeNode('other', text(r.extra) ?? 'no table', { selectId: num(r.id), selectType: text(r.select_type), flags: flagsFromExtra(text(r.extra)) });
  }
  const keyLen = text(r.key_len);
  const node = makeNode('table', `${type} ${table ?? '?'}`, {
    selectId: num(r.id),
    selectType: text(r.select_type),
    table,
    access: makeAccess(type, {
      key: text(r.key),
      possibleKeys: list(r.possible_keys),
      keyLength: keyLen && /^\d+$/.test(keyLen) ? Number(keyLen) : null,
      ref: list(r.ref),
      partitions: 'partitions' in r ? (nullish(r.partitions) ? null : list(r.partitions)) : null,
      mergeKind: mergeKindFromExtra(text(r.extra)),
    }),
    estimate: { rows: num(r.rows), filtered: num(r.filtered), cost: null },
    flags: flagsFromExtra(text(r.extra)),
  });
  if ('r_rows' in r) node.actual = { rows: num(r.r_rows), loops: null, timeMs: null, filtered: num(r.r_filtered) };
  if (node.flags.includes('using_join_buffer')) {
    const extra = text(r.extra) ?? '';
    node.joinAlgorithm = /hash/i.test(extra) ? 'hash' : /BKA/i.test(extra) ? 'batched_key_access' : 'block_nested_loop';
  }
  const extra = text(r.extra);
  if (extra) node.label += ` (${extra})`;
  return node;
}

/** Builds the plan tree from tabular rows. */
export function planFromRows(rawRows: readonly ExplainRow[], format: 'tabular' | 'mariadb-slowlog' = 'tabular'): ParsedPlan {
  const rows = rawRows.map(normalizeRow);
  if (rows.length === 0) throw new Error('No EXPLAIN rows');
  if (!rows.every((r) => 'table' in r || 'select_type' in r)) throw new Error('Rows lack the EXPLAIN columns (id, select_type, table…)');
  const root = makeNode('query', 'query');
  const selects = new Map<string, PlanNode>();
  const order: PlanNode[] = [];
  const blockFor = (r: ExplainRow): PlanNode => {
    const id = text(r.id) ?? '?';
    let block = selects.get(id);
    if (!block) {
      const selectType = text(r.select_type) ?? 'SIMPLE';
      block = makeNode('query', `select #${id} ${selectType}`, { selectId: num(id), selectType });
      selects.set(id, block);
      order.push(block);
    }
    return block;
  };
  for (const r of rows) {
    const selectType = (text(r.select_type) ?? '').toUpperCase();
    if (selectType === 'UNION RESULT') {
      const u = makeNode('union', `union result ${text(r.table) ?? ''}`.trim(), { table: text(r.table), flags: flagsFromExtra(text(r.extra)) });
      order.push(u);
      continue;
    }
    blockFor(r).children.push(tableNode(r));
  }
  const derived = new Map<string, PlanNode>();
  for (const block of order) {
    if (block.kind !== 'query') continue;
    if (block.children.length > 1) {
      const join = makeNode('join', 'nested loop', { joinAlgorithm: 'nested_loop', children: block.children });
      block.children = [join];
    }
    const st = (block.selectType ?? '').toUpperCase();
    if (st.includes('DERIVED') || st.includes('MATERIALIZED')) derived.set(String(block.selectId), block);
  }
  for (const block of order) {
    const st = (block.selectType ?? '').toUpperCase();
    if (block.kind === 'query' && derived.has(String(block.selectId))) {
      const host = [...order].flatMap(allTables).find((t) => t.table === `<derived${block.selectId}>` || t.table === `<subquery${block.selectId}>`);
      if (host) {
        host.children.push(
          makeNode('materialize', `materialize #${block.selectId}`, { subquery: { dependent: false, cacheable: true, executions: null }, children: [block] }),
        );
        continue;
      }
    }
    if (block.kind === 'query' && st.includes('SUBQUERY')) {
      root.children.push(
        makeNode('subquery', `subquery #${block.selectId ?? '?'}${st.includes('DEPENDENT') ? ' (dependent)' : ''}`, {
          selectId: block.selectId,
          subquery: { dependent: st.includes('DEPENDENT') || st.includes('UNCACHEABLE'), cacheable: !st.includes('UNCACHEABLE'), executions: null },
          children: [block],
        }),
      );
      continue;
    }
    root.children.push(block);
  }
  const only = root.children.length === 1 ? root.children[0]! : root;
  return { format, flavor: 'unknown', root: assignIds(only), totalCost: null, partial: false, warnings: [] };
}

function allTables(n: PlanNode): PlanNode[] {
  return [...(n.kind === 'table' ? [n] : []), ...n.children.flatMap(allTables)];
}

/** Splits a grid line `| a | b |` into trimmed cells. */
function gridCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/** Reads rows from grid, tab-separated or vertical client output (or slow-log `# explain:` lines). */
export function rowsFromText(input: string): { rows: ExplainRow[]; warnings: string[] } {
  const warnings: string[] = [];
  const lines = input
    .split(/\r?\n/)
    .map((l) => l.replace(/^# explain: ?/, ''))
    .filter((l) => l.trim() !== '' && !/^#\s*$/.test(l));
  if (lines.some((l) => /^\*+ \d+\. row \*+$/.test(l.trim()))) {
    const rows: ExplainRow[] = [];
    let cur: ExplainRow | null = null;
    for (const l of lines) {
      if (/^\*+ \d+\. row \*+$/.test(l.trim())) rows.push((cur = {}));
      else {
        const m = /^\s*([\w ]+?):\s?(.*)$/.exec(l);
        if (m && cur) cur[m[1]!.trim()] = m[2]!;
        else warnings.push(`not a "name: value" line: ${l.trim().slice(0, 60)}`);
      }
    }
    return { rows, warnings };
  }
  const grid = lines.filter((l) => l.trim().startsWith('|'));
  const tab = grid.length === 0;
  const body = tab ? lines.filter((l) => l.includes('\t')) : grid;
  const [header, ...rest] = body;
  if (!header) throw new Error('No header row (id, select_type, table…) found');
  const cols = tab ? header.split('\t').map((c) => c.trim()) : gridCells(header);
  const rows: ExplainRow[] = [];
  rest.forEach((l, i) => {
    const cells = tab ? l.split('\t') : gridCells(l);
    if (cells.length !== cols.length) {
      warnings.push(`row ${i + 1}: ${cells.length} cells, expected ${cols.length}; skipped`);
      return;
    }
    rows.push(Object.fromEntries(cols.map((c, j) => [c, cells[j]])));
  });
  return { rows, warnings };
}

/** Parses tabular EXPLAIN text (any client layout) or slow-log `# explain:` lines. */
export function parseTabularText(input: string): ParsedPlan {
  const slowlog = /^# explain:/m.test(input);
  const { rows, warnings } = rowsFromText(
    slowlog
      ? input
          .split(/\r?\n/)
          .filter((l) => l.startsWith('# explain:'))
          .join('\n')
      : input,
  );
  const plan = planFromRows(rows, slowlog ? 'mariadb-slowlog' : 'tabular');
  if (slowlog) {
    plan.flavor = 'mariadb';
    // The entry's header says whether the temporary table went to disk (log_slow_verbosity=query_plan).
    const onDisk = /Tmp_table_on_disk:\s*(Yes|No)/.exec(input);
    if (onDisk) for (const n of allTables(plan.root)) if (n.flags.includes('using_temporary')) n.tempOnDisk = onDisk[1] === 'Yes';
  } else if (rows.some((r) => 'partitions' in r || 'Partitions' in r)) plan.flavor = 'mysql';
  return { ...plan, warnings, partial: warnings.length > 0 };
}
