/** Far more rows read than kept: the access path reads rows only to throw them away. */
import type { PlanNode } from '../../../../../shared/contract/explain';
import { tablesOf } from '../../plan-node';
import { n, type PlanContext } from '../plan-context';
import { findingOf, type PlanRule } from '../plan-rule';
import { realTable } from './full-table-scan.rule';

/** Rows read and rows kept by a table access, from ANALYZE figures. */
function readAndKept(ctx: PlanContext, t: PlanNode): { read: number; kept: number } | null {
  if (t.actual == null || t.actual.rows == null) return null;
  const read = t.actual.rows * (t.actual.loops ?? 1);
  if (t.actual.filtered != null) return { read, kept: (read * t.actual.filtered) / 100 };
  const parent = ctx.ancestors(t).at(-1);
  if (parent?.kind === 'filter' && parent.actual?.rows != null) return { read, kept: parent.actual.rows * (parent.actual.loops ?? 1) };
  return null;
}

export const rowsExaminedRule: PlanRule = {
  id: 'rows-examined-vs-returned',
  severity: 'warning',
  title: 'Rows read far exceed rows kept',
  rationale:
    'When an access reads hundreds of rows for each row it keeps, the filter is applied after reading rather ' +
    'than by the index; the measured ratio (EXPLAIN ANALYZE / ANALYZE) proves it independently of estimates. ' +
    'https://mariadb.com/kb/en/analyze-statement/',
  fixtures: ['mysql/before/document_list.analyze.txt', 'mariadb/before/document_list.analyze.json'],
  check(ctx) {
    return tablesOf(ctx.plan.root).flatMap((t) => {
      const f = readAndKept(ctx, t);
      if (!f || f.read < ctx.largeTableRows) return [];
      const ratio = f.read / Math.max(f.kept, 1);
      if (ratio < ctx.examinedRatio) return [];
      return [
        findingOf(this, t, {
          message: `${realTable(ctx, t)}: ${n(f.read)} rows read to keep ${n(f.kept)} (${n(ratio)} read per row kept).`,
          suggestion: 'Index the columns of the condition so only matching rows are read (see the scan finding for the index).',
          evidence: { rowsRead: f.read, rowsKept: Math.round(f.kept * 100) / 100, ratio: Math.round(ratio) },
          table: realTable(ctx, t),
        }),
      ];
    });
  },
};
