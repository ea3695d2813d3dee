/**
 * Building blocks shared by every EXPLAIN parser: node construction with defaults, path ids,
 * tree walking, the `Extra` column vocabulary and estimate-vs-actual mismatch marking.
 */
import type { PlanFlag, PlanNode, PlanNodeKind, TableAccess } from '../../../shared/contract/explain';

/** Fields a parser may set on a node; the rest get neutral defaults. */
export type NodeFields = Partial<Omit<PlanNode, 'id' | 'kind' | 'label'>>;

/** Creates a node; `id`s are assigned afterwards by `assignIds`. */
export function makeNode(kind: PlanNodeKind, label: string, fields: NodeFields = {}): PlanNode {
  return {
    id: '',
    kind,
    label,
    selectId: null,
    selectType: null,
    table: null,
    access: null,
    joinAlgorithm: null,
    subquery: null,
    estimate: { rows: null, filtered: null, cost: null },
    actual: null,
    mismatch: null,
    condition: null,
    flags: [],
    tempOnDisk: null,
    children: [],
    ...fields,
  };
}

/** A table access with neutral defaults. */
export function makeAccess(type: string, fields: Partial<TableAccess> = {}): TableAccess {
  return { type, key: null, keyParts: [], possibleKeys: [], keyLength: null, ref: [], partitions: null, mergeKind: null, ...fields };
}

/** Gives every node its path id ("0", "0.1", "0.1.0"...). */
export function assignIds(root: PlanNode, id = '0'): PlanNode {
  root.id = id;
  root.children.forEach((child, i) => assignIds(child, `${id}.${i}`));
  return root;
}

/** Depth-first, parents before children. */
export function* walk(root: PlanNode): Generator<PlanNode> {
  yield root;
  for (const child of root.children) yield* walk(child);
}

/** Finds a node by its path id. */
export function findNode(root: PlanNode, id: string): PlanNode | null {
  for (const n of walk(root)) if (n.id === id) return n;
  return null;
}

/** Adds a flag once. */
export function addFlag(node: PlanNode, flag: PlanFlag): void {
  if (!node.flags.includes(flag)) node.flags.push(flag);
}

/**
 * Maps the tabular `Extra` column to flags.
 * https://dev.mysql.com/doc/refman/8.4/en/explain-output.html#explain-extra-information
 */
export function flagsFromExtra(extra: string | null | undefined): PlanFlag[] {
  if (!extra) return [];
  const e = extra.toLowerCase();
  const flags: PlanFlag[] = [];
  if (/using index(?! condition)(?! for)/.test(e) || e.includes('using index for group-by')) flags.push('using_index');
  if (e.includes('using where')) flags.push('using_where');
  if (e.includes('using temporary')) flags.push('using_temporary');
  if (e.includes('using filesort')) flags.push('using_filesort');
  if (e.includes('using join buffer')) flags.push('using_join_buffer');
  if (e.includes('using index condition')) flags.push('using_index_condition');
  if (e.includes('using mrr') || e.includes('rowid-ordered scan')) flags.push('using_mrr');
  if (/using (union|intersect|sort_union|sort_intersect)\(/.test(e)) flags.push('index_merge');
  if (e.includes('full scan on null key')) flags.push('full_scan_on_null_key');
  if (e.includes('impossible where')) flags.push('impossible_where');
  return flags;
}

/** The index-merge combination named in an Extra column ("Using intersect(a,b)"), or null. */
export function mergeKindFromExtra(extra: string | null | undefined): TableAccess['mergeKind'] {
  const m = /using (sort_union|sort_intersect|union|intersect)\(/i.exec(extra ?? '');
  return m ? (m[1]!.toLowerCase() as TableAccess['mergeKind']) : null;
}

/** Parses a number from JSON/text where servers write "10.00", "1K", or numbers. */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i.exec(value);
  return m ? Number(m[1]) : null;
}

/** Default factor beyond which an estimate counts as far off. */
export const DEFAULT_MISMATCH_FACTOR = 10;

/**
 * Flags nodes whose estimated rows differ from the measured rows per loop by more than
 * `factor` either way. Tiny counts are ignored (estimate 1 vs actual 3 says nothing).
 */
export function markMismatches(root: PlanNode, factor = DEFAULT_MISMATCH_FACTOR): void {
  for (const n of walk(root)) {
    // Where both sides report `filtered`, compare the rows the node passes on (MariaDB's
    // r_filtered exposes a WHERE whose selectivity the optimizer guessed at 100%).
    const bothFiltered = n.estimate.filtered != null && n.actual?.filtered != null;
    const est = n.estimate.rows == null ? null : bothFiltered ? (n.estimate.rows * n.estimate.filtered!) / 100 : n.estimate.rows;
    const act = n.actual?.rows == null ? null : bothFiltered ? (n.actual.rows * n.actual.filtered!) / 100 : n.actual.rows;
    if (est == null || act == null || (n.actual?.loops ?? 1) === 0) continue;
    if (Math.max(est, act) < 100) continue;
    const ratio = Math.max(est, 1) / Math.max(act, 1);
    if (ratio >= factor || 1 / ratio >= factor) {
      n.mismatch = {
        estimatedRows: Math.round(est * 100) / 100,
        actualRows: Math.round(act * 100) / 100,
        factor: Math.round((ratio >= 1 ? ratio : 1 / ratio) * 10) / 10,
        direction: ratio >= 1 ? 'over' : 'under',
      };
    }
  }
}

/** The tables a plan reads, in plan order. */
export function tablesOf(root: PlanNode): PlanNode[] {
  return [...walk(root)].filter((n) => n.kind === 'table' && n.table);
}
