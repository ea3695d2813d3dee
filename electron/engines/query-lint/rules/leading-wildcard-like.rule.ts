/** `LIKE '%x%'`: a B-tree index cannot find a substring. FULLTEXT (MATCH … AGAINST) can. */
import { quoteIdent } from '../../../../shared/sql-quote';
import { columnRef, lintFinding, type LintRule, rewriteFrom } from '../lint-rule';
import { type AstNode, walkAst } from '../sql-ast';

interface LikeUse {
  node: AstNode;
  table: string | null;
  column: string;
  pattern: string | null;
}

/** LIKE comparisons whose pattern starts with a wildcard, or is a parameter (search boxes pass '%term%'). */
function likes(ast: AstNode): LikeUse[] {
  const out: LikeUse[] = [];
  walkAst(ast, (n) => {
    if (n.type !== 'binary_expr' || String(n.operator).toUpperCase() !== 'LIKE') return;
    const col = columnRef(n.left);
    const right = n.right as AstNode;
    if (!col) return;
    const literal = right.type === 'single_quote_string' || right.type === 'string' ? String(right.value) : null;
    const param = right.type === 'origin' && right.value === '?';
    const concat = right.type === 'function' && /"value":"%/.test(JSON.stringify(right));
    if ((literal !== null && literal.startsWith('%')) || param || concat) out.push({ node: n, table: col.table, column: col.column, pattern: literal });
  });
  return out;
}

export const leadingWildcardLikeRule: LintRule = {
  id: 'leading-wildcard-like',
  severity: 'warning',
  title: "LIKE '%…' cannot use an index",
  rationale:
    "A B-tree index is sorted by the value's prefix; a pattern starting with % (or a search parameter that " +
    'will be wrapped in %) gives no prefix, so every row is read and compared. A FULLTEXT index answers word ' +
    'searches with MATCH … AGAINST. https://dev.mysql.com/doc/refman/8.4/en/fulltext-search.html',
  examples: ["SELECT id FROM users WHERE email LIKE '%@example.com'", 'SELECT d.id FROM documents d WHERE d.title LIKE ? OR d.content LIKE ?'],
  check(ctx) {
    const uses = likes(ctx.ast);
    if (uses.length === 0) return [];
    const byTable = new Map<string, LikeUse[]>();
    for (const u of uses) byTable.set(u.table ?? '', [...(byTable.get(u.table ?? '') ?? []), u]);
    return [...byTable.entries()].map(([qualifier, group]) => {
      const table = ctx.tableOf(qualifier || null)?.name ?? ctx.aliases[qualifier] ?? (qualifier || 'table');
      const cols = [...new Set(group.map((g) => g.column))];
      const params = group.every((g) => g.pattern === null);
      // Rewrite: the OR of LIKEs on one table's columns with the same parameter becomes one MATCH … AGAINST.
      let rewrite = null;
      const orParent = findOrOf(
        ctx.ast,
        group.map((g) => g.node),
      );
      if (params && orParent) {
        const clone = structuredClone(ctx.ast);
        const target = JSON.stringify(orParent);
        const match = {
          type: 'fulltext_search',
          match: 'match',
          against: 'against',
          columns: cols.map((c) => ({ type: 'column_ref', table: qualifier || null, column: c })),
          expr: { type: 'origin', value: '?' },
          mode: { type: 'origin', value: 'IN BOOLEAN MODE' },
          as: null,
        };
        const swap = (n: unknown): unknown => {
          if (Array.isArray(n)) return n.map(swap);
          if (!n || typeof n !== 'object') return n;
          if (JSON.stringify(n) === target) return match;
          return Object.fromEntries(Object.entries(n as AstNode).map(([k, v]) => [k, swap(v)]));
        };
        rewrite = rewriteFrom(ctx, swap(clone) as AstNode);
      }
      const ddl = `ALTER TABLE ${quoteIdent(table)} ADD FULLTEXT INDEX ${quoteIdent(`ft_${table}_${cols.join('_')}`.slice(0, 64))} (${cols.map(quoteIdent).join(', ')})`;
      return lintFinding(this, {
        message: params
          ? `${cols.join(', ')} LIKE ? — a search term wrapped in % reads every row of ${table}.`
          : `${cols.join(', ')} LIKE ${group.map((g) => `'${g.pattern}'`).join(', ')} starts with a wildcard: every row of ${table} is read.`,
        suggestion: `${ddl}; then search with MATCH(${cols.join(', ')}) AGAINST (? IN BOOLEAN MODE) (one term parameter instead of one %term% per column).`,
        evidence: { table, columns: cols.join(', '), pattern: params ? '?' : group.map((g) => g.pattern).join(', ') },
        rewrite,
      });
    });
  },
};

/** The OR node whose operands are exactly `nodes` (in any order), if there is one. */
function findOrOf(ast: AstNode, nodes: AstNode[]): AstNode | null {
  if (nodes.length < 2) return null;
  let found: AstNode | null = null;
  walkAst(ast, (n) => {
    if (found || n.type !== 'binary_expr' || String(n.operator).toUpperCase() !== 'OR') return;
    const ops: AstNode[] = [];
    const flat = (x: AstNode): void => {
      if (x.type === 'binary_expr' && String(x.operator).toUpperCase() === 'OR') {
        flat(x.left as AstNode);
        flat(x.right as AstNode);
      } else ops.push(x);
    };
    flat(n);
    if (ops.length === nodes.length && ops.every((o) => nodes.includes(o))) found = n;
  });
  return found;
}
