/** Every plan rule, in the order findings are listed. */
import type { PlanRule } from './plan-rule';
import { dependentSubqueryRule } from './rules/dependent-subquery.rule';
import { estimateMismatchRule } from './rules/estimate-mismatch.rule';
import { filesortRule } from './rules/filesort.rule';
import { fullTableScanRule } from './rules/full-table-scan.rule';
import { indexDefeatedRule } from './rules/index-defeated.rule';
import { indexMergeIntersectRule } from './rules/index-merge-intersect.rule';
import { joinWithoutIndexRule } from './rules/join-without-index.rule';
import { noPartitionPruningRule } from './rules/no-partition-pruning.rule';
import { rowsExaminedRule } from './rules/rows-examined-vs-returned.rule';
import { temporaryTableRule } from './rules/temporary-table.rule';

/** The registry analyzePlan runs. */
export const planRules: readonly PlanRule[] = [
  fullTableScanRule,
  dependentSubqueryRule,
  joinWithoutIndexRule,
  indexDefeatedRule,
  filesortRule,
  temporaryTableRule,
  rowsExaminedRule,
  noPartitionPruningRule,
  indexMergeIntersectRule,
  estimateMismatchRule,
];
