/** A query on a partitioned table that reads every partition. */
import { tablesOf } from '../../plan-node';
import { findingOf, type PlanRule } from '../plan-rule';
import { realTable } from './full-table-scan.rule';

/** HASH/KEY partitions get names p0..pN-1; a list of exactly those, in order, is "all of them". */
function looksLikeAllDefaultPartitions(names: readonly string[]): boolean {
  return names.length > 1 && names.every((name, i) => name === `p${i}`);
}

export const noPartitionPruningRule: PlanRule = {
  id: 'no-partition-pruning',
  severity: 'warning',
  title: 'No partition pruning',
  rationale:
    'Partitioning only helps when the WHERE clause lets the server skip partitions; a query that lists every ' +
    'partition does the work of an unpartitioned table plus the per-partition overhead. Filter on the ' +
    'partitioning column. https://dev.mysql.com/doc/refman/8.4/en/partitioning-pruning.html',
  fixtures: ['mysql/extra/partitioned_no_pruning.explain.rows.json', 'mariadb/extra/partitioned_no_pruning.explain.json'],
  check(ctx) {
    return tablesOf(ctx.plan.root).flatMap((t) => {
      const listed = t.access?.partitions ?? [];
      if (listed.length < 2) return [];
      const total = ctx.tableOf(t)?.partitions.length ?? null;
      const all = total != null && total > 0 ? listed.length >= total : looksLikeAllDefaultPartitions(listed);
      if (!all) return [];
      return [
        findingOf(this, t, {
          message: `${realTable(ctx, t)}: all ${listed.length} partitions are read (${listed.join(',')}).`,
          suggestion: 'Add a condition on the partitioning column (equality for HASH/KEY, a range for RANGE) so the server can skip partitions.',
          evidence: { partitionsRead: listed.length, partitionsTotal: total, partitions: listed.join(',') },
          table: realTable(ctx, t),
        }),
      ];
    });
  },
};
