/**
 * Compares two plans of the same query (before/after an index, on two servers, two versions):
 * per table how the access changed, which nodes appeared or went away, the total cost, and which
 * findings the change resolved or introduced.
 */
import type { ParsedPlan, PlanDiff, PlanFinding, PlanNode } from '../../../shared/contract/explain';
import { type AnalyzeOptions, analyzePlan } from './analyze-plan';
import { tablesOf, walk } from './plan-node';

/** Options: analyzer options per side (schemas differ once an index exists). */
export interface DiffOptions {
  readonly before?: AnalyzeOptions;
  readonly after?: AnalyzeOptions;
}

type Summary = NonNullable<PlanDiff['tables'][number]['before']>;

function summary(t: PlanNode): Summary {
  return { type: t.access?.type ?? null, key: t.access?.key ?? null, rows: t.estimate.rows, cost: t.estimate.cost };
}

/** Table nodes keyed by name; a table read twice gets "#2". */
function tableMap(plan: ParsedPlan): Map<string, PlanNode> {
  const out = new Map<string, PlanNode>();
  for (const t of tablesOf(plan.root)) {
    let key = t.table!;
    for (let i = 2; out.has(key); i++) key = `${t.table}#${i}`;
    out.set(key, t);
  }
  return out;
}

/** A node's identity for added/removed: what it does, not its numbers. */
function signature(n: PlanNode): string {
  if (n.kind === 'table') return `${n.access?.type ?? '?'} ${n.table}${n.access?.key ? ` using ${n.access.key}` : ''}`;
  const parts: string[] = [n.kind];
  if (n.flags.includes('using_filesort')) parts.push('filesort');
  if (n.flags.includes('using_temporary')) parts.push('temporary');
  if (n.joinAlgorithm && n.kind === 'join') parts.push(n.joinAlgorithm);
  if (n.subquery?.dependent) parts.push('dependent');
  return parts.join(' ');
}

function multisetMinus(a: string[], b: string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

const fmt = (v: number | null): string => (v == null ? '?' : Number.isInteger(v) ? String(v) : v.toFixed(2));

function changesOf(b: Summary | null, a: Summary | null): string[] {
  if (!b) return ['table added to the plan'];
  if (!a) return ['table no longer read'];
  const out: string[] = [];
  if (b.type !== a.type) out.push(`access ${b.type} → ${a.type}`);
  if (b.key !== a.key) out.push(`key ${b.key ?? 'none'} → ${a.key ?? 'none'}`);
  if (b.rows !== a.rows && b.rows != null && a.rows != null) {
    const ratio = b.rows / Math.max(a.rows, 1e-9);
    out.push(`rows ${fmt(b.rows)} → ${fmt(a.rows)}${ratio >= 2 ? ` (${Math.round(ratio)}× fewer)` : ratio <= 0.5 ? ` (${Math.round(1 / ratio)}× more)` : ''}`);
  }
  if (b.cost !== a.cost && b.cost != null && a.cost != null) out.push(`cost ${fmt(b.cost)} → ${fmt(a.cost)}`);
  return out;
}

// Severity is part of the identity: a critical scan that becomes an info note counts as resolved + introduced.
const findingKey = (f: PlanFinding): string => `${f.ruleId}|${f.table ?? ''}|${String(f.evidence.reason ?? '')}|${f.severity}`;

/** Diffs two plans. */
export function diffPlans(before: ParsedPlan, after: ParsedPlan, options: DiffOptions = {}): PlanDiff {
  const b = tableMap(before);
  const a = tableMap(after);
  const names = [...new Set([...b.keys(), ...a.keys()])];
  const tables = names.map((table) => {
    const bs = b.has(table) ? summary(b.get(table)!) : null;
    const as = a.has(table) ? summary(a.get(table)!) : null;
    return { table, before: bs, after: as, changes: changesOf(bs, as) };
  });
  const sigB = [...walk(before.root)].map(signature);
  const sigA = [...walk(after.root)].map(signature);
  const fb = analyzePlan(before, options.before ?? {});
  const fa = analyzePlan(after, options.after ?? {});
  const keysA = new Set(fa.map(findingKey));
  const keysB = new Set(fb.map(findingKey));
  return {
    tables,
    nodesAdded: multisetMinus(sigA, sigB),
    nodesRemoved: multisetMinus(sigB, sigA),
    totalCost: { before: before.totalCost ?? before.root.estimate.cost, after: after.totalCost ?? after.root.estimate.cost },
    findingsResolved: fb.filter((f) => !keysA.has(findingKey(f))),
    findingsIntroduced: fa.filter((f) => !keysB.has(findingKey(f))),
  };
}
