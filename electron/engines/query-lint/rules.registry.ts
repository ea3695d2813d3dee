/** Every per-statement lint rule, in the order findings are listed. */
import type { LintRule } from './lint-rule';
import { correlatedCountRule } from './rules/correlated-count.rule';
import { deepOffsetRule } from './rules/deep-offset.rule';
import { functionOnColumnRule } from './rules/function-on-column.rule';
import { implicitConversionRule } from './rules/implicit-conversion.rule';
import { leadingWildcardLikeRule } from './rules/leading-wildcard-like.rule';
import { missingLimitRule } from './rules/missing-limit.rule';
import { orAcrossColumnsRule } from './rules/or-across-columns.rule';
import { orderByRandRule } from './rules/order-by-rand.rule';
import { selectStarRule } from './rules/select-star.rule';

/** The registry lintQuery runs. */
export const lintRules: readonly LintRule[] = [
  correlatedCountRule,
  functionOnColumnRule,
  implicitConversionRule,
  orAcrossColumnsRule,
  leadingWildcardLikeRule,
  deepOffsetRule,
  missingLimitRule,
  orderByRandRule,
  selectStarRule,
];
