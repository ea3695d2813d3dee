import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listUnparsed, parseMany, parseStatement, parseStatements, statementType } from './sql-parse';

const corpus = (f: string): string => readFileSync(new URL(`../../../../shared/corpus/cowrite/${f}`, import.meta.url), 'utf8');

describe('parseStatements', () => {
  it('parses every statement of the co-writing workload, schema and seed indexes', () => {
    for (const file of ['workload.sql', 'schema.sql', 'seed-indexes.sql']) {
      const parsed = parseStatements(corpus(file), 'mariadb');
      expect(listUnparsed(parsed), file).toEqual([]);
      expect(parsed.length).toBeGreaterThan(10);
    }
  });

  it('accepts `?` placeholders and reports the statement type', () => {
    const { ast } = parseStatement('DELETE FROM ai_generations WHERE created_at < ? AND status = ?');
    expect(ast && statementType(ast)).toBe('delete');
  });

  it('lists statements no grammar accepts, with their error, and keeps the rest', () => {
    const parsed = parseStatements('SELECT 1; SELEKT nonsense FROM; SELECT 2');
    expect(parsed).toHaveLength(3);
    const bad = listUnparsed(parsed);
    expect(bad).toHaveLength(1);
    expect(bad[0]!.index).toBe(1);
    expect(bad[0]!.error).toMatch(/syntax error|Expected/);
  });
});

describe('parseMany', () => {
  it('gives the statement ASTs parseStatement gives, batch or not, bad statements included', () => {
    const sqls = [
      ...parseStatements(corpus('workload.sql')).map((s) => s.sql),
      'SELEKT nonsense FROM',
      "SELECT 'a;b' FROM t -- trailing comment",
      'SELECT 1 -- ends in a comment',
      "SELECT status FROM t WHERE status = 'x'",
    ];
    const strip = (ast: unknown): string =>
      // Subquery nodes carry the parser's running table/column lists, which grow across a batch.
      JSON.stringify(ast, (k, v: unknown) => (k === 'tableList' || k === 'columnList' ? undefined : v));
    const many = parseMany(sqls, 'mariadb');
    expect(many).toHaveLength(sqls.length);
    sqls.forEach((s, i) => {
      const one = parseStatement(s, 'mariadb');
      expect(strip(many[i]!.ast), s).toBe(strip(one.ast));
      expect(many[i]!.error, s).toBe(one.error);
    });
    expect(many[sqls.indexOf('SELEKT nonsense FROM')]!.ast).toBeNull();
  });
});
