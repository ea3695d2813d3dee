/** ORDER BY RAND(): every row gets a random number and the whole set is sorted to pick a few. */
import { lintFinding, type LintRule } from '../lint-rule';
import { type AstNode, walkAst } from '../sql-ast';

export const orderByRandRule: LintRule = {
  id: 'order-by-rand',
  severity: 'warning',
  title: 'ORDER BY RAND()',
  rationale:
    'ORDER BY RAND() evaluates RAND() for every matching row and sorts them all (a filesort, usually through a ' +
    'temporary table) just to keep LIMIT n. Pick random keys in the application or seek from a random id. ' +
    'https://dev.mysql.com/doc/refman/8.4/en/mathematical-functions.html#function_rand',
  examples: ['SELECT id FROM documents ORDER BY RAND() LIMIT 5'],
  check(ctx) {
    let found = false;
    walkAst(ctx.ast, (n) => {
      if (!Array.isArray(n.orderby)) return;
      for (const o of n.orderby as AstNode[]) if (/"value":"RAND"/i.test(JSON.stringify(o.expr))) found = true;
    });
    if (!found) return [];
    return [
      lintFinding(this, {
        message: 'ORDER BY RAND() sorts every matching row to return a few.',
        suggestion: 'Choose random ids first (SELECT … WHERE id >= FLOOR(RAND() * (SELECT MAX(id) FROM t)) ORDER BY id LIMIT n), or sample in the application.',
        evidence: { orderBy: 'RAND()' },
      }),
    ];
  },
};
