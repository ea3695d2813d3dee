/** `SELECT *` / `t.*`: every column travels, including long TEXT/BLOB/JSON ones. */
import type { AstNode } from '../sql-ast';
import { isUniqueLookup, LARGE_TYPES, type LintContext, lintFinding, type LintRule, rewriteFrom, selectBlocks } from '../lint-rule';

/** Star columns of a SELECT block with the table each expands to. */
function stars(ctx: LintContext, block: AstNode): { index: number; qualifier: string | null }[] {
  const cols = Array.isArray(block.columns) ? (block.columns as AstNode[]) : [];
  return cols
    .map((c, index) => ({ c, index }))
    .filter(({ c }) => {
      const e = c.expr as AstNode | undefined;
      return (e?.type === 'column_ref' && (e.column === '*' || (e.column as AstNode | undefined)?.expr === '*')) || e?.type === 'star';
    })
    .map(({ c, index }) => ({ index, qualifier: ((c.expr as AstNode).table as string | null) ?? null }));
}

export const selectStarRule: LintRule = {
  id: 'select-star',
  severity: 'warning',
  title: 'SELECT * fetches every column',
  rationale:
    'SELECT * sends every column, including long TEXT/BLOB/JSON values stored off-page, for every row; it also ' +
    'rules out covering indexes and changes silently when the table changes. Name the columns the caller uses. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/select-optimization.html',
  examples: ['SELECT d.*, p.name FROM documents d JOIN projects p ON d.project_id = p.id WHERE p.user_id = ? LIMIT 20', 'SELECT * FROM user_sessions'],
  check(ctx) {
    return selectBlocks(ctx.ast).flatMap((block) =>
      stars(ctx, block).map((star) => {
        const fromList = (Array.isArray(block.from) ? block.from : []) as AstNode[];
        const tables = star.qualifier
          ? [ctx.tableOf(star.qualifier)]
          : fromList.map((f) => ctx.tableOf(((f.as as string | null) ?? (f.table as string)) || null));
        const known = tables.filter((t): t is NonNullable<typeof t> => t !== null);
        const large = known.flatMap((t) => t.columns.filter((c) => LARGE_TYPES.test(c.dataType)).map((c) => `${t.name}.${c.name} ${c.columnType}`));
        const single = isUniqueLookup(ctx, block);
        const severe = large.length > 0 && !single;
        // Rewrite: the explicit list of the columns that are not large; the large ones are fetched when needed.
        let rewrite = null;
        if (known.length === tables.length && known.length > 0 && large.length > 0) {
          const clone = structuredClone(ctx.ast) as AstNode;
          const target = selectBlocks(clone)[selectBlocks(ctx.ast).indexOf(block)]!;
          const qual = star.qualifier ?? (known.length === 1 ? null : undefined);
          const explicit = known.flatMap((t) =>
            t.columns
              .filter((c) => !LARGE_TYPES.test(c.dataType))
              .map((c) => ({ expr: { type: 'column_ref', table: qual === undefined ? t.name : qual, column: c.name }, as: null })),
          );
          const cols = [...(target.columns as AstNode[])];
          cols.splice(star.index, 1, ...explicit);
          target.columns = cols;
          rewrite = rewriteFrom(ctx, clone);
        }
        return lintFinding(this, {
          severity: severe ? 'warning' : 'info',
          message:
            `${star.qualifier ? `${star.qualifier}.*` : '*'} selects every column` +
            (large.length ? ` including ${large.join(', ')}` : '') +
            (single ? ' (one row by key, so the cost is bounded).' : large.length ? ` for every row returned.` : '.'),
          suggestion: large.length
            ? 'List the columns the caller needs and fetch the long ones only where they are shown (e.g. on the detail view).'
            : 'List the columns explicitly: the result stays stable when the table changes and a covering index becomes possible.',
          evidence: { star: star.qualifier ? `${star.qualifier}.*` : '*', largeColumns: large.join(', ') || null, singleRow: single },
          rewrite,
        });
      }),
    );
  },
};
