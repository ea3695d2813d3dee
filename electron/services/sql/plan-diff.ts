/**
 * Plan diff for `explain.diff` / `explain.compareRewrite`: per table access (type, key, rows,
 * cost), nodes that appeared or went away, total cost, and findings resolved or introduced.
 * Kept on the service side until the EXPLAIN engine exports its own `diffPlans`.
 */
import type { ParsedPlan, PlanDiff, PlanFinding, PlanNode } from '../../../shared/contract/explain';
import { tablesOf, walk } from '../../engines/explain/plan-node';

type Summary = NonNullable<PlanDiff['tables'][number]['before']>;

function summaries(plan: ParsedPlan): Map<string, Summary> {
  const out = new Map<string, Summary>();
  for (const n of tablesOf(plan.root)) {
    const key = n.table!;
    if (!out.has(key)) out.set(key, { type: n.access?.type ?? null, key: n.access?.key ?? null, rows: n.estimate.rows, cost: n.estimate.cost });
  }
  return out;
}

const fmt = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US'));

function changesOf(b: Summary | null, a: Summary | null): string[] {
  if (!b) return ['table appears in the new plan'];
  if (!a) return ['table no longer read'];
  const out: string[] = [];
  if (b.type !== a.type) out.push(`access ${b.type ?? '—'} → ${a.type ?? '—'}`);
  if (b.key !== a.key) out.push(`index ${b.key ?? 'none'} → ${a.key ?? 'none'}`);
  if (b.rows !== a.rows) out.push(`estimated rows ${fmt(b.rows)} → ${fmt(a.rows)}`);
  if (b.cost !== a.cost && b.cost !== null && a.cost !== null) out.push(`cost ${fmt(b.cost)} → ${fmt(a.cost)}`);
  return out;
}

const nodeKey = (n: PlanNode) => `${n.kind}:${n.label}`;
const findingKey = (f: PlanFinding) => `${f.ruleId}:${f.table ?? ''}`;

/** Compares two plans of the same query (and, when given, their findings). */
export function diffPlans(
  before: ParsedPlan,
  after: ParsedPlan,
  findingsBefore: readonly PlanFinding[] = [],
  findingsAfter: readonly PlanFinding[] = [],
): PlanDiff {
  const b = summaries(before);
  const a = summaries(after);
  const names = [...new Set([...b.keys(), ...a.keys()])];
  const bn = new Set([...walk(before.root)].map(nodeKey));
  const an = new Set([...walk(after.root)].map(nodeKey));
  const fb = new Set(findingsBefore.map(findingKey));
  const fa = new Set(findingsAfter.map(findingKey));
  return {
    tables: names.map((t) => ({ table: t, before: b.get(t) ?? null, after: a.get(t) ?? null, changes: changesOf(b.get(t) ?? null, a.get(t) ?? null) })),
    nodesAdded: [...an].filter((k) => !bn.has(k)),
    nodesRemoved: [...bn].filter((k) => !an.has(k)),
    totalCost: { before: before.totalCost, after: after.totalCost },
    findingsResolved: findingsBefore.filter((f) => !fa.has(findingKey(f))),
    findingsIntroduced: findingsAfter.filter((f) => !fb.has(findingKey(f))),
  };
}
