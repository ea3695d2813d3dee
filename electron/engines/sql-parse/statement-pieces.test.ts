import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMany, parseStatement, parseStatements, planParse } from './sql-parse';
import { piecesOf, statementPieces } from './statement-pieces';
import { statementTemplate } from './statement-template';
import { perconaSamples, rng, strip } from './testing/corpus';

const COWRITE = new URL('../../../../shared/corpus/cowrite/', import.meta.url).pathname;

/**
 * Random SELECT, UPDATE and DELETE statements over the operators, literals and clauses a workload
 * holds, including the ones node-sql-parser nests unlike the rest (IN lists, REGEXP, LIKE … ESCAPE)
 * and the ones the cut must refuse (subqueries, `&&`, `||`, select modifiers, XOR).
 */
function randomStatements(n: number, seed: number): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const col = (): string => pick(['id', 'owner_id', 'status', 'kind', 'created_at', 'name', '`weird col`', 'type', 'a.id', 'b.owner_id', 'u.email', 'p.score']);
  const val = (): string =>
    pick(['?', '1', '42', '-7', '3.5', "'x'", "'it''s'", "'a\\'b'", '"dq"', "_utf8mb4'z'", "x'0f'", 'NULL', 'TRUE', 'NOW()', '@v', "'2026-01-01'"]);
  const list = (): string => Array.from({ length: int(1, 5) }, val).join(', ');
  const operand = (depth = 0): string => {
    const c = col();
    switch (int(0, 27)) {
      case 0:
        return `${c} = ${val()}`;
      case 1:
        return `${c} ${pick(['<', '>', '<=', '>=', '!=', '<>'])} ${val()}`;
      case 2:
        return `${c} IN (${list()})`;
      case 3:
        return `${c} NOT IN (${list()})`;
      case 4:
        return `${c} BETWEEN ${val()} AND ${val()}`;
      case 5:
        return `${c} NOT BETWEEN ? AND ?`;
      case 6:
        return `${c} LIKE '${pick(['abc%', '%abc', 'a_c'])}'`;
      case 7:
        return `${c} NOT LIKE ?`;
      case 8:
        return `${c} LIKE 'a!%' ESCAPE '!'`;
      case 9:
        return `${c} ${pick(['REGEXP', 'RLIKE', 'NOT REGEXP'])} '^a'`;
      case 10:
        return `${c} IS ${pick(['NULL', 'NOT NULL', 'TRUE', 'NOT FALSE'])}`;
      case 11:
        return depth < 2 ? `(${operand(depth + 1)} ${pick(['OR', 'AND'])} ${operand(depth + 1)})` : `${c} = 1`;
      case 12:
        return `NOT ${c} = ${val()}`;
      case 13:
        return `${pick(['DATE', 'LOWER', 'COALESCE'])}(${c}) = ${val()}`;
      case 14:
        return `${c} + ${int(1, 9)} > ${col()}`;
      case 15:
        return `CASE WHEN ${c} = 1 AND ${col()} > 2 THEN 1 ELSE 0 END = 1`;
      case 16:
        return `${c} > NOW() - INTERVAL ${int(1, 30)} DAY`;
      case 17:
        return `${c} = ${val()} COLLATE utf8mb4_bin`;
      case 18:
        return `MATCH (${c}) AGAINST ('word')`;
      case 19:
        return `${c} = ${col()} IN (1, 2)`;
      case 20:
        return `${c} IN (SELECT id FROM t${int(1, 3)} WHERE x = 1)`;
      case 21:
        return `EXISTS (SELECT 1 FROM t2 WHERE t2.id = ${c})`;
      case 22:
        return `${c} = 1 ${pick(['&&', '||', 'XOR'])} ${col()} = 2`;
      case 23:
        return `${c} DIV 2 = 1`;
      case 24:
        return `${c}`;
      case 25:
        return `${c} IN (${int(1, 9)})`;
      case 26:
        return `${c} = -${int(1, 9)}`;
      default:
        return `${c} <=> ${val()}`;
    }
  };
  const where = (): string => Array.from({ length: int(1, 6) }, () => operand()).reduce((acc, x) => `${acc} ${pick(['AND', 'OR', 'and', 'AND', 'AND'])} ${x}`);
  const item = (): string =>
    pick([
      '*',
      'a.*',
      col(),
      `${col()} AS alias_${int(1, 9)}`,
      `${col()} x${int(1, 9)}`,
      'COUNT(*)',
      `COUNT(DISTINCT ${col()})`,
      `SUM(${col()}) AS s`,
      `CASE WHEN ${col()} > 1 THEN 'big' ELSE 'small' END AS size`,
      `${col()} IN (1, 2)`,
      `${col()} REGEXP 'a'`,
      `${col()} + 1`,
      `CONCAT(${col()}, ',', ${col()})`,
      `IF(${col()} = 1, 'y', 'n')`,
      `(SELECT MAX(id) FROM t9) AS m`,
    ]);
  const order = (): string =>
    pick([col(), `${col()} DESC`, `${col()} ASC`, `FIELD(${col()}, 1, 2)`, `${col()} IS NULL`, 'RAND()', String(int(1, 3)), `${col()} IN (1, 2)`]);
  const from = (): string =>
    pick([
      `t${int(1, 99)}`,
      `t${int(1, 99)} a`,
      `db1.t${int(1, 99)} AS a`,
      `t1 a JOIN t2 b ON b.owner_id = a.id`,
      `t1 a LEFT JOIN t2 b ON b.owner_id = a.id AND b.kind = 'x'`,
      `t1 a JOIN t2 b USING (id)`,
      `t1 a, t2 b`,
      `t1 a USE INDEX (idx_owner)`,
      `t1 a STRAIGHT_JOIN t2 b ON a.id = b.id`,
    ]);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r();
    if (kind < 0.65) {
      const modifier = r() < 0.1 ? `${pick(['DISTINCT', 'SQL_NO_CACHE', 'STRAIGHT_JOIN'])} ` : '';
      let sql = `SELECT ${modifier}${Array.from({ length: int(1, 5) }, item).join(', ')} FROM ${from()}`;
      if (r() < 0.9) sql += ` WHERE ${where()}`;
      if (r() < 0.2) sql += ` GROUP BY ${col()}${r() < 0.5 ? ` HAVING COUNT(*) > ${int(1, 9)}` : ''}`;
      if (r() < 0.5) sql += ` ORDER BY ${Array.from({ length: int(1, 3) }, order).join(', ')}`;
      if (r() < 0.5) sql += pick([` LIMIT ${int(1, 100)}`, ` LIMIT ${int(1, 100)}, ${int(1, 100)}`, ` LIMIT ${int(1, 9)} OFFSET ${int(1, 99)}`]);
      if (r() < 0.1) sql += pick([' FOR UPDATE', ' LOCK IN SHARE MODE']);
      out.push(sql);
    } else if (kind < 0.85) {
      const sets = Array.from(
        { length: int(1, 4) },
        () => `${pick(['score', 'status', 'b.kind', 'updated_at'])} = ${pick([val(), 'score + 1', 'NOW()', "CONCAT(name, 'x')"])}`,
      );
      let sql = `UPDATE ${pick([`t${int(1, 9)}`, 't1 a JOIN t2 b ON b.id = a.id', `LOW_PRIORITY t${int(1, 9)}`])} SET ${sets.join(', ')}`;
      if (r() < 0.9) sql += ` WHERE ${where()}`;
      if (r() < 0.3) sql += ` ORDER BY ${order()}`;
      if (r() < 0.3) sql += ` LIMIT ${int(1, 100)}`;
      out.push(sql);
    } else {
      let sql = pick([`DELETE FROM t${int(1, 9)}`, 'DELETE a FROM t1 a JOIN t2 b ON b.id = a.id', `DELETE LOW_PRIORITY FROM t${int(1, 9)}`]);
      sql += ` WHERE ${where()}`;
      if (r() < 0.3) sql += ` ORDER BY ${order()}`;
      if (r() < 0.3) sql += ` LIMIT ${int(1, 100)}`;
      out.push(sql);
    }
  }
  return out;
}

/** parseMany with every statement that can be cut cut into pieces, against each statement's own parse. */
function expectSameAsOwnParse(sqls: readonly string[], flavor: 'mysql' | 'mariadb'): { cut: number; refused: number } {
  const templates = sqls.map(statementTemplate);
  const plan = planParse(sqls, templates, 'always');
  const many = parseMany(sqls, flavor, templates, plan);
  sqls.forEach((s, i) => {
    const one = parseStatement(s, flavor);
    expect(strip(many[i]!.ast), s).toBe(strip(one.ast));
    expect(many[i]!.error === null, s).toBe(one.error === null);
  });
  const cut = plan.cut.filter(Boolean).length;
  return { cut, refused: sqls.length - cut };
}

describe('statement pieces', () => {
  it('puts together the AST node-sql-parser gives the whole statement: random statements over many operators and clauses', () => {
    const sqls = randomStatements(1500, 20261126);
    for (const flavor of ['mysql', 'mariadb'] as const) {
      const { cut, refused } = expectSameAsOwnParse(sqls, flavor);
      // Most statements are cut (the check is worth something), and some are refused (the refusals are exercised).
      expect(cut).toBeGreaterThan(sqls.length * 0.5);
      expect(refused).toBeGreaterThan(sqls.length * 0.1);
    }
  }, 300_000);

  it('puts together the ASTs of the co-writing workload and the Percona samples', () => {
    const cowrite = parseStatements(readFileSync(join(COWRITE, 'workload.sql'), 'utf8')).map((s) => s.sql);
    const sqls = [...cowrite, ...perconaSamples()];
    const { cut } = expectSameAsOwnParse(sqls, 'mysql');
    expect(cut).toBeGreaterThan(20);
  }, 120_000);

  it('cuts a statement into a skeleton, list items, WHERE operands with their AND/OR pattern, and sort keys, each numbered on its own', () => {
    const t = statementTemplate("SELECT id, name FROM t1 WHERE owner_id = 5 AND kind IN ('a', 'b') OR score > 7 ORDER BY created_at DESC LIMIT 20")!;
    const p = statementPieces(t)!;
    expect(p.skeleton.text).toBe('SELECT 1 FROM DbW0x WHERE 1 ORDER BY 1 LIMIT 987600001');
    expect(p.skeleton.values).toEqual(['t1', 20]);
    expect(p.items!.map((x) => x.text)).toEqual(['SELECT DbW0x', 'SELECT DbW0x']);
    expect(p.items!.map((x) => x.values)).toEqual([['id'], ['name']]);
    // Names and integers share one numbering, as in statement templates.
    expect(p.where!.operands.map((x) => x.text)).toEqual([
      'SELECT 1 WHERE DbW0x = 987600001',
      "SELECT 1 WHERE DbW0x IN ('DbW1x', 'DbW2x')",
      'SELECT 1 WHERE DbW0x > 987600001',
    ]);
    expect(p.where!.operands.map((x) => x.values)).toEqual([
      ['owner_id', 5],
      ['kind', 'a', 'b'],
      ['score', 7],
    ]);
    // The IN operand's proxy keeps its ending: node-sql-parser nests the next operand under it.
    expect(p.where!.logic!.text).toBe('SELECT 1 WHERE @dbw_hole0 AND @dbw_hole1 IN (1) OR @dbw_hole2');
    expect(p.order!.map((x) => x.text)).toEqual(['SELECT 1 ORDER BY DbW0x DESC']);
    expect(piecesOf(p)).toHaveLength(8);
    // Another statement of another structure shares the pieces.
    const other = statementPieces(statementTemplate('SELECT email FROM t9 WHERE parent_id = 1 ORDER BY updated_at DESC')!)!;
    expect(
      piecesOf(other)
        .filter((x) => piecesOf(p).some((y) => y.text === x.text))
        .map((x) => x.kind),
    ).toEqual(['item', 'operand', 'order']);
  });

  it('refuses what it does not cut', () => {
    const refused = [
      'SELECT id FROM t WHERE x IN (SELECT id FROM u)',
      'SELECT id FROM t WHERE x = 1 && y = 2',
      'SELECT id FROM t WHERE x = 1 -- note\nAND y = 2',
      'SELECT id FROM t WHERE a = 1, b = 2',
      'SELECT id FROM t WHERE a = 1 AND',
      'SELECT id FROM t WHERE x XOR y',
      'SELECT a FROM t UNION SELECT b FROM u',
      'INSERT INTO t (a) VALUES (1)',
    ];
    for (const sql of refused) {
      const t = statementTemplate(sql);
      expect(t && statementPieces(t), sql).toBeFalsy();
    }
    // A select list with a modifier stays in the skeleton; the rest is cut.
    const distinct = statementPieces(statementTemplate('SELECT DISTINCT id FROM t WHERE x = 1 ORDER BY y')!)!;
    expect(distinct.items).toBeNull();
    expect(distinct.skeleton.text).toBe('SELECT DISTINCT DbW0x FROM DbW1x WHERE 1 ORDER BY 1');
  });

  it('cuts a workload only where the pieces are shared: a template several statements share is parsed whole', () => {
    // Every order of three of four predicates: 24 structures built from the same few pieces.
    const preds = ['a = 1', 'b IN (1, 2)', 'c > 3', "d LIKE 'x%'"];
    const sqls: string[] = [];
    for (const x of preds)
      for (const y of preds) for (const z of preds) if (new Set([x, y, z]).size === 3) sqls.push(`SELECT id FROM t${sqls.length} WHERE ${x} AND ${y} AND ${z}`);
    // Two statements of one template, and one statement whose pieces nobody else uses.
    sqls.push('SELECT id FROM t1 WHERE owner = 1 ORDER BY c', 'SELECT id FROM t2 WHERE owner = 5 ORDER BY d');
    sqls.push('SELECT q, r, s FROM u WHERE q = 1 OR r IS NULL ORDER BY s DESC, q ASC');
    const plan = planParse(sqls);
    expect(plan.cut.map(Boolean)).toEqual([...Array<boolean>(24).fill(true), false, false, false]);
    expect(plan.texts).toHaveLength(2);
    // 24 statements cost one skeleton, four operands, one item and the AND patterns (where the IN sits).
    expect(plan.pieceTexts.length).toBeLessThan(12);
    expectSameAsOwnParse(sqls, 'mysql');
  });
});
