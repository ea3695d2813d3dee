/** An ordered list query without LIMIT: it returns however many rows exist, and that grows. */
import { isUniqueLookup, lintFinding, type LintRule, rewriteFrom } from '../lint-rule';
import type { AstNode } from '../sql-ast';

/** Page size the rewrite proposes. */
const PAGE = 50;

/** True when the select list aggregates (COUNT/SUM...) so the result is one row per group. */
function aggregates(block: AstNode): boolean {
  return JSON.stringify(block.columns ?? []).includes('"aggr_func"');
}

export const missingLimitRule: LintRule = {
  id: 'missing-limit',
  severity: 'warning',
  title: 'List query without LIMIT',
  rationale:
    'A query that orders rows for display but has no LIMIT returns (and sorts) every matching row; as the data ' +
    'grows so do response time and memory on both ends. Page it. Reports that aggregate (GROUP BY) or export a ' +
    'whole set are not flagged: cutting them short would make them wrong. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/limit-optimization.html',
  examples: ['SELECT dv.id, dv.version_number FROM document_versions dv WHERE dv.document_id = ? ORDER BY dv.version_number DESC'],
  check(ctx) {
    const b = ctx.ast;
    if (b.type !== 'select' || b._next || !Array.isArray(b.orderby) || b.orderby.length === 0) return [];
    const limit = b.limit as AstNode | null;
    if (limit && Array.isArray(limit.value) && limit.value.length > 0) return [];
    if (b.groupby || aggregates(b) || isUniqueLookup(ctx, b)) return [];
    const clone = structuredClone(b);
    clone.limit = { seperator: '', value: [{ type: 'number', value: PAGE }] };
    return [
      lintFinding(this, {
        message: 'Rows are ordered for display but not limited: every matching row is sorted and sent.',
        suggestion: `Add LIMIT (and keyset pagination for further pages); e.g. LIMIT ${PAGE}.`,
        evidence: { orderBy: (b.orderby as AstNode[]).length },
        rewrite: rewriteFrom(ctx, clone),
      }),
    ];
  },
};
