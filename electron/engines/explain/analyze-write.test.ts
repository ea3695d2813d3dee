import { describe, expect, it } from 'vitest';
import type { Flavor } from '../../../shared/contract/connections';
import { planAnalyzeWrite, tablesOfStatement, type AnalyzeWriteInput, type TableFacts } from './analyze-write';

const caps = (explainAnalyze: 'mysql-tree' | 'mariadb-analyze') => ({ explainAnalyze }) as unknown as Flavor['capabilities'];
const mysql = { product: 'mysql' as const, label: 'MySQL 9.7', capabilities: caps('mysql-tree') };
const mariadb = { product: 'mariadb' as const, label: 'MariaDB 10.11', capabilities: caps('mariadb-analyze') };
const inno = (table: string, op: string): TableFacts => ({ schema: 'cowrite', table, op, engine: 'InnoDB', transactional: true, triggers: [], rows: 10 });
const input = (sql: string, tables: TableFacts[], flavor: AnalyzeWriteInput['flavor'] = mariadb): AnalyzeWriteInput => ({
  sql,
  flavor,
  useDatabase: null,
  tables,
  storedFunctions: [],
});

describe('planAnalyzeWrite', () => {
  it('wraps the ANALYZE in START TRANSACTION … ROLLBACK with the flavor’s syntax', () => {
    const sql = 'DELETE FROM user_sessions WHERE expires_at < NOW()';
    const out = planAnalyzeWrite(input(sql, [inno('user_sessions', 'delete')]));
    expect('plan' in out && out.plan.steps.map((s) => s.sql)).toEqual(['START TRANSACTION', `ANALYZE FORMAT=JSON ${sql}`, 'ROLLBACK']);
    const my = planAnalyzeWrite(input(`${sql.replace('DELETE FROM', 'DELETE s FROM')} `, [inno('user_sessions', 'delete'), inno('users', 'select')], mysql));
    expect('plan' in my && my.plan.steps[1]!.sql).toMatch(/^EXPLAIN ANALYZE DELETE s FROM/);
  });

  it('refuses non-transactional tables, triggers, stored functions, sequences and DDL', () => {
    const myisam = { ...inno('archive', 'update'), engine: 'MyISAM', transactional: false };
    expect(planAnalyzeWrite(input('UPDATE archive SET x = 1', [myisam]))).toEqual({ refused: expect.stringMatching(/cowrite.archive is MyISAM/) });
    expect(planAnalyzeWrite(input('UPDATE t SET x = 1', [{ ...inno('t', 'update'), triggers: ['t_bu'] }]))).toEqual({ refused: expect.stringMatching(/t_bu/) });
    expect(planAnalyzeWrite({ ...input('UPDATE t SET x = f(1)', [inno('t', 'update')]), storedFunctions: ['cowrite.f'] })).toEqual({
      refused: expect.stringMatching(/cowrite.f/),
    });
    expect(planAnalyzeWrite(input('INSERT INTO t VALUES (NEXTVAL(s))', [inno('t', 'insert')]))).toEqual({ refused: expect.stringMatching(/sequences/) });
    expect(planAnalyzeWrite(input('ALTER TABLE t ADD x INT', [inno('t', 'alter')]))).toEqual({ refused: expect.stringMatching(/commits implicitly/) });
    expect(planAnalyzeWrite(input('UPDATE v SET x = 1', [{ ...inno('v', 'update'), engine: null, transactional: false }]))).toEqual({
      refused: expect.stringMatching(/Not a base table/),
    });
  });

  it('tells MySQL users it cannot measure a single-table UPDATE', () => {
    expect(planAnalyzeWrite(input('UPDATE t SET x = 1 WHERE id = 2', [inno('t', 'update')], mysql))).toEqual({
      refused: expect.stringMatching(/not executable by iterator executor/),
    });
  });

  it('lists the tables a statement reads and writes', () => {
    expect(tablesOfStatement('UPDATE a JOIN b ON b.id = a.b_id SET a.x = 1', 'mysql')).toEqual([
      { op: 'update', schema: null, table: 'a' },
      { op: 'select', schema: null, table: 'b' },
    ]);
    expect(tablesOfStatement('not sql at all (', 'mysql')).toBeNull();
  });
});
