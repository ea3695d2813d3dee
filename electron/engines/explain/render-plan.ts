/** Plain-text rendering of a normalized plan (the CLI's tree view and test snapshots). */
import type { ParsedPlan, PlanNode } from '../../../shared/contract/explain';

const fmt = (n: number | null | undefined): string =>
  n == null ? '?' : Math.abs(n) >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1);

/** One line describing a node: what it does and its estimate/actual figures. */
export function describeNode(n: PlanNode): string {
  const parts = [n.kind === 'table' && n.access ? `${n.access.type} ${n.table ?? '?'}${n.access.key ? ` using ${n.access.key}` : ''}` : n.label];
  if (n.kind === 'subquery' && n.subquery?.executions != null) parts.push(`executed ${n.subquery.executions}×`);
  const est = [n.estimate.rows != null ? `rows=${fmt(n.estimate.rows)}` : '', n.estimate.cost != null ? `cost=${fmt(n.estimate.cost)}` : '']
    .filter(Boolean)
    .join(' ');
  if (est) parts.push(`(${est})`);
  if (n.actual)
    parts.push(`(actual rows=${fmt(n.actual.rows)} loops=${fmt(n.actual.loops)}${n.actual.timeMs != null ? ` time=${fmt(n.actual.timeMs)}ms` : ''})`);
  if (n.flags.length) parts.push(`[${n.flags.join(', ')}]`);
  if (n.mismatch) parts.push(`!! estimate ${n.mismatch.factor}× ${n.mismatch.direction === 'over' ? 'too high' : 'too low'}`);
  return parts.join(' ');
}

/** Renders the tree with box-drawing indentation. */
export function renderPlanText(plan: ParsedPlan): string {
  const lines: string[] = [`${plan.format} (${plan.flavor})${plan.partial ? ' — partial' : ''}`];
  const visit = (n: PlanNode, prefix: string, last: boolean, top: boolean): void => {
    lines.push(top ? describeNode(n) : `${prefix}${last ? '└─ ' : '├─ '}${describeNode(n)}`);
    const next = top ? '' : prefix + (last ? '   ' : '│  ');
    n.children.forEach((c, i) => visit(c, next, i === n.children.length - 1, false));
  };
  visit(plan.root, '', true, true);
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}
