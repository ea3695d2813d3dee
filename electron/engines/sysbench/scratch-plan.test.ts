import { describe, expect, it } from 'vitest';
import { sysbenchSpec } from '../../../shared/contract/sysbench';
import { planSysbenchScratch } from './scratch-plan';
import { accountStatementDelta, isQueryEvent } from './server-count';

const spec = sysbenchSpec.parse({ workload: 'oltp_point_select', tables: 3, tableSize: 1000 });

describe('sysbench scratch plan', () => {
  it('creates the database, an account of the same name and a grant on it only, each with its undo', () => {
    const { plan, touches } = planSysbenchScratch({ scratch: 'dbw_sb_0a1b', action: 'create', password: 'Pw0123456789abcdef', spec });
    expect(plan.steps.map((s) => [s.sql, s.rollback])).toEqual([
      ['CREATE DATABASE `dbw_sb_0a1b`', 'DROP DATABASE IF EXISTS `dbw_sb_0a1b`'],
      ["CREATE USER 'dbw_sb_0a1b'@'%' IDENTIFIED BY 'Pw0123456789abcdef'", "DROP USER IF EXISTS 'dbw_sb_0a1b'@'%'"],
      ["GRANT ALL PRIVILEGES ON `dbw_sb_0a1b`.* TO 'dbw_sb_0a1b'@'%'", "REVOKE ALL PRIVILEGES ON `dbw_sb_0a1b`.* FROM 'dbw_sb_0a1b'@'%'"],
    ]);
    expect(plan.steps[0]!.description).toContain('3 table(s) sbtest1…sbtest3 of 1000 row(s) each');
    expect(touches[0]!.details).toMatchObject({ tables: 3, rowsPerTable: 1000 });
    // The hash covers the password: a plan previewed with one password cannot be applied with another.
    const other = planSysbenchScratch({ scratch: 'dbw_sb_0a1b', action: 'create', password: 'Pw0123456789abcdeX', spec });
    expect(other.plan.hash).not.toBe(plan.hash);
    expect(() => planSysbenchScratch({ scratch: 'dbw_sb_0a1b', action: 'create', spec })).toThrow(/password/);
  });

  it('drops the account first, then the database', () => {
    const { plan } = planSysbenchScratch({ scratch: 'dbw_sb_0a1b', action: 'drop', spec });
    expect(plan.steps.map((s) => s.sql)).toEqual(["DROP USER IF EXISTS 'dbw_sb_0a1b'@'%'", 'DROP DATABASE IF EXISTS `dbw_sb_0a1b`']);
  });

  it('drops only what a half-failed create left (DROP USER may not be allowed), and the account when it cannot tell', () => {
    const only = planSysbenchScratch({ scratch: 'dbw_sb_0a1b', action: 'drop', spec, exists: { database: true, account: false } });
    expect(only.plan.steps.map((s) => s.id)).toEqual(['database']);
    const unknown = planSysbenchScratch({ scratch: 'dbw_sb_0a1b', action: 'drop', spec, exists: { database: true, account: null } });
    expect(unknown.plan.steps.map((s) => s.id)).toEqual(['account', 'database']);
  });
});

describe("the server's count of a run's statements", () => {
  it('counts executions and plain statements, not the prepare/close/quit protocol work', () => {
    expect(isQueryEvent('statement/com/Execute')).toBe(true);
    expect(isQueryEvent('statement/sql/begin')).toBe(true);
    expect(isQueryEvent('statement/com/Prepare')).toBe(false);
    expect(isQueryEvent('statement/com/Close stmt')).toBe(false);
    const before = { 'statement/com/Execute': 10, 'statement/com/Prepare': 4, 'statement/sql/create_table': 1 };
    const after = {
      'statement/com/Execute': 1010,
      'statement/com/Prepare': 12,
      'statement/sql/create_table': 1,
      'statement/sql/begin': 50,
      'statement/com/Quit': 2,
    };
    expect(accountStatementDelta(before, after)).toEqual({
      total: 1050,
      byEvent: { 'statement/com/Execute': 1000, 'statement/com/Prepare': 8, 'statement/sql/begin': 50, 'statement/com/Quit': 2 },
    });
    expect(accountStatementDelta(null, after)).toBeNull();
  });
});
