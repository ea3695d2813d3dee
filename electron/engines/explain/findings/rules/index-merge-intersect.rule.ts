/** An index-merge intersection: two single-column indexes combined where one composite index would do. */
import { tablesOf } from '../../plan-node';
import { createIndexSql, findingOf, type PlanRule } from '../plan-rule';
import { realTable } from './full-table-scan.rule';

export const indexMergeIntersectRule: PlanRule = {
  id: 'index-merge-intersect',
  severity: 'info',
  title: 'Index merge where a composite index would do',
  rationale:
    'An index_merge intersect reads two (or more) indexes and intersects the row ids; a single composite index ' +
    'on the same columns finds the rows in one descent. (A union merge serves OR across columns and is not ' +
    'replaced by a composite index.) https://dev.mysql.com/doc/refman/8.4/en/index-merge-optimization.html',
  fixtures: ['constructed/index-merge-intersect.grid.txt'],
  check(ctx) {
    return tablesOf(ctx.plan.root)
      .filter((t) => t.access?.mergeKind === 'intersect' || t.access?.mergeKind === 'sort_intersect')
      .map((t) => {
        const keys = (t.access?.key ?? '').split(',').filter(Boolean);
        const table = ctx.tableOf(t);
        const cols = keys.flatMap((k) => table?.indexes.find((i) => i.name === k)?.columns.slice(0, 1) ?? []);
        return findingOf(this, t, {
          message: `${realTable(ctx, t)}: rows are found by intersecting ${keys.join(' and ')}.`,
          suggestion:
            cols.length > 1
              ? `Replace the merge with one composite index: ${createIndexSql(realTable(ctx, t), cols)}`
              : `One composite index on the columns of ${keys.join(' and ')} finds the rows in one lookup.`,
          evidence: { keys: keys.join(','), mergeKind: t.access?.mergeKind ?? null, rows: t.estimate.rows },
          table: realTable(ctx, t),
        });
      });
  },
};
