/**
 * An index that exists but cannot be used: a function wraps the column, a string column is compared
 * with a number (or with another collation), or a LIKE pattern starts with a wildcard.
 */
import type { ExplainSchemaTable, PlanNode } from '../../../../../shared/contract/explain';
import { tablesOf } from '../../plan-node';
import { comparedColumns, isIndexedColumn, normalizeCondition, type PlanContext } from '../plan-context';
import { findingOf, type PlanRule } from '../plan-rule';
import { realTable } from './full-table-scan.rule';

const STRING_TYPES = /^(char|varchar|tinytext|text|mediumtext|longtext|enum|set)$/;

interface Defeat {
  column: string;
  reason: 'function' | 'conversion' | 'collation' | 'leading-wildcard';
  detail: string;
}

/** Ways the condition on `node` keeps an index on its columns out of play. */
export function defeats(ctx: PlanContext, node: PlanNode, table: ExplainSchemaTable | null): Defeat[] {
  const cond = ctx.conditionOf(node);
  if (!cond) return [];
  const text = normalizeCondition(cond);
  const own = (q: string | undefined | null): boolean => !q || q === node.table || q === table?.name;
  const out: Defeat[] = [];
  for (const m of text.matchAll(/\b(\w+)\(\s*(?:(\w+)\.)?(\w+)\s*[),]/g)) {
    if (!own(m[2]) || /^(count|sum|min|max|avg|cache)$/i.test(m[1]!)) continue;
    if (m[1]!.toLowerCase() === 'convert') out.push({ column: m[3]!, reason: 'collation', detail: m[0] });
    else out.push({ column: m[3]!, reason: 'function', detail: `${m[1]}(${m[3]})` });
  }
  for (const c of comparedColumns(cond)) {
    if (!own(c.qualifier)) continue;
    if (c.op === 'like' && /^'%/.test(c.operand)) out.push({ column: c.column, reason: 'leading-wildcard', detail: `LIKE ${c.operand}` });
    const col = table?.columns.find((x) => x.name.toLowerCase() === c.column.toLowerCase());
    if (col && STRING_TYPES.test(col.dataType) && /^-?\d+(\.\d+)?$/.test(c.operand)) {
      out.push({ column: c.column, reason: 'conversion', detail: `${col.columnType} column compared with the number ${c.operand}` });
    }
  }
  return out;
}

const FIX: Record<Defeat['reason'], string> = {
  function:
    "Compare the bare column with a computed range instead (YEAR(d) = 2026 → d >= '2026-01-01' AND d < '2027-01-01'), or index the expression (a functional index / generated column).",
  conversion: "Quote the value so it is compared as a string (col = '17'); a number forces a conversion of every row and the index is skipped.",
  collation: 'Make both sides the same character set and collation (ALTER the column or the literal), so no CONVERT() is needed.',
  'leading-wildcard': "A pattern starting with % cannot use a B-tree index; use a FULLTEXT index (MATCH … AGAINST), or anchor the pattern ('abc%').",
};

export const indexDefeatedRule: PlanRule = {
  id: 'index-defeated',
  severity: 'warning',
  title: 'Index not usable as written',
  rationale:
    'An index is ordered by the raw column value: a function around the column, an implicit type or collation ' +
    'conversion, or a LIKE pattern beginning with a wildcard all hide that order, so the server scans instead. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/type-conversion.html https://dev.mysql.com/doc/refman/8.4/en/index-btree-hash.html',
  fixtures: ['mysql/extra/lower_username.tree.txt', 'mariadb/extra/username_as_number.explain.json', 'mysql/extra/email_suffix.explain.v1.json'],
  check(ctx) {
    return tablesOf(ctx.plan.root)
      .filter((t) => t.access?.type === 'ALL' || t.access?.type === 'index')
      .flatMap((t) => {
        const table = ctx.tableOf(t);
        return defeats(ctx, t, table)
          .filter((d) => !table || isIndexedColumn(table, d.column) || d.reason === 'function')
          .map((d) => {
            const indexed = table ? isIndexedColumn(table, d.column) : null;
            return findingOf(this, t, {
              // Without a schema we cannot tell whether the column is indexed, hence info.
              severity: indexed ? 'warning' : 'info',
              message:
                `${realTable(ctx, t)}.${d.column}: ${d.detail} ` +
                (indexed
                  ? 'keeps its index from being used; the table is scanned.'
                  : indexed === false
                    ? 'would keep any index on it from being used.'
                    : 'keeps an index on the column, if there is one, from being used.'),
              suggestion: FIX[d.reason],
              evidence: { column: d.column, reason: d.reason, detail: d.detail, indexed, accessType: t.access?.type ?? null },
              table: realTable(ctx, t),
            });
          });
      });
  },
};
