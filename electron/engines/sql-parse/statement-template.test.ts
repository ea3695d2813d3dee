import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without types
import { grammarWords } from '../../../scripts/grammar-words.mjs';
import { GRAMMAR_WORDS } from './grammar-words';
import { parseMany, parseStatement, parseStatements, type AstNode } from './sql-parse';
import { bindTemplate, statementTemplate } from './statement-template';
import { perconaSamples, rng, strip } from './testing/corpus';

const COWRITE = new URL('../../../../shared/corpus/cowrite/', import.meta.url).pathname;

const cowrite = (f: string): string[] => parseStatements(readFileSync(join(COWRITE, f), 'utf8')).map((s) => s.sql);

/** The statement with its names and values changed the way another class of the same query
 * would have them: every other identifier-like word renamed, integers and strings replaced. */
function variant(sql: string, r: () => number): string {
  const names = ['a', 'orders', 'x1', 'Customer_Id', '`weird name`', 'status', 'select', 'count', 'db2.t'];
  return sql.replace(/'(?:[^'\\]|\\.)*'|\b\d+\b|\b[a-z_][a-z0-9_]*\b/gi, (tok) => {
    if (r() < 0.5) return tok;
    if (tok.startsWith("'")) return r() < 0.5 ? "'%x%'" : `'${tok.slice(1, -1).split('').reverse().join('')}'`;
    if (/^\d+$/.test(tok)) return String(Math.floor(r() * 1e6));
    return r() < 0.3 ? names[Math.floor(r() * names.length)]! : `${tok}_${Math.floor(r() * 9)}`;
  });
}

describe('statement templates', () => {
  it('statements that differ in names and values share one template; grammar words, functions, variables and introducers stay', () => {
    const a = statementTemplate("SELECT id, name FROM t1 WHERE owner_id = 5 AND kind = 'x' ORDER BY created_at DESC LIMIT 20")!;
    const b = statementTemplate("SELECT  id2, email FROM `t 9`\tWHERE parent_id = 77 AND kind = 'long value' ORDER BY updated_at DESC LIMIT 10")!;
    expect(a.text).toBe(b.text.replace('`DbW2x`', 'DbW2x'));
    expect(a.values).toEqual(['id', 'name', 't1', 'owner_id', 5, 'kind', 'x', 'created_at', 20]);
    // Non-ASCII text inside quotes is read as part of the literal; a non-ASCII name has no template.
    const t = statementTemplate(
      "SELECT COUNT(*), DATE_FORMAT(d, '%Y'), @v, @@global.x, _utf8mb4'é', x'0f' FROM t WHERE status = 1.5 AND c = .5 AND e = 'it''s'",
    )!;
    expect(t.text).toBe(
      "SELECT COUNT(*), DATE_FORMAT(DbW0x, 'DbW1x'), @v, @@global.x, _utf8mb4'é', x'0f' FROM DbW2x WHERE status = 1.5 AND DbW3x = .5 AND e = 'it''s'",
    );
    expect(statementTemplate('SELECT prénom FROM t')).toBeNull();
    // A statement with nothing to share, or text that looks like a placeholder, has no template.
    expect(statementTemplate('SELECT 1.5')).toBeNull();
    expect(statementTemplate('SELECT DbW0x FROM t')).toBeNull();
    expect(statementTemplate('SELECT 987600001.5')).toBeNull();
  });

  it('refuses an AST whose placeholders came back changed', () => {
    const t = statementTemplate('SELECT col1 FROM tab WHERE col2 = 7')!;
    const { ast } = parseStatement(t.text);
    expect(bindTemplate(ast!, t)).not.toBeNull();
    const lowered = JSON.parse(JSON.stringify(ast).replace('DbW0x', 'dbw0x')) as AstNode;
    expect(bindTemplate(lowered, t)).toBeNull();
    const asText = JSON.parse(JSON.stringify(ast).replace('987600003', '"987600003"')) as AstNode;
    expect(bindTemplate(asText, t)).toBeNull();
  });

  it('the list of grammar words is the installed parser’s (regenerate with scripts/grammar-words.mjs)', () => {
    expect([...GRAMMAR_WORDS].sort()).toEqual(grammarWords());
  });

  it('parseMany gives each statement the AST its own parse gives: co-writing corpus, Percona samples and mutated variants', () => {
    const r = rng(20261126);
    const base = [...cowrite('workload.sql'), ...cowrite('schema.sql'), ...cowrite('seed-indexes.sql'), ...perconaSamples()];
    const sqls = [...base, ...base.flatMap((s) => [variant(s, r), variant(s, r), variant(s, r)])];
    for (const flavor of ['mysql', 'mariadb'] as const) {
      const many = parseMany(sqls, flavor);
      let shared = 0;
      sqls.forEach((s, i) => {
        const one = parseStatement(s, flavor);
        expect(strip(many[i]!.ast), s).toBe(strip(one.ast));
        expect(many[i]!.error === null, s).toBe(one.error === null);
        if (statementTemplate(s)) shared++;
      });
      // The check is only worth something if most statements went through a template.
      expect(shared / sqls.length).toBeGreaterThan(0.6);
    }
    expect(sqls.length).toBeGreaterThan(800);
  }, 120_000);
});
