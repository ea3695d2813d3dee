import { describe, expect, it } from 'vitest';
import { detectSqlFlavor } from '../flavor/dialect';
import { planReadOnlyAccount } from './read-only-account.plan';

const mysql97 = detectSqlFlavor('9.7.4-2', 'MySQL Community Server - GPL');
const mariadb1011 = detectSqlFlavor('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12');

describe('planReadOnlyAccount', () => {
  it('grants reads and monitoring only, per product, with an undo for each step', () => {
    const params = { user: 'dbw_reader', host: '10.0.%', password: "it's-a-long-pass\\" };
    const my = planReadOnlyAccount(params, mysql97).plan;
    expect(my.steps.map((s) => [s.sql, s.rollback])).toEqual([
      ["CREATE USER 'dbw_reader'@'10.0.%' IDENTIFIED BY 'it''s-a-long-pass\\\\'", "DROP USER 'dbw_reader'@'10.0.%'"],
      [
        "GRANT SELECT, PROCESS, SHOW VIEW, REPLICATION CLIENT ON *.* TO 'dbw_reader'@'10.0.%'",
        "REVOKE SELECT, PROCESS, SHOW VIEW, REPLICATION CLIENT ON *.* FROM 'dbw_reader'@'10.0.%'",
      ],
    ]);
    const maria = planReadOnlyAccount(params, mariadb1011).plan;
    expect(maria.steps[1]!.sql).toBe("GRANT SELECT, PROCESS, SHOW VIEW, REPLICATION CLIENT, SLAVE MONITOR ON *.* TO 'dbw_reader'@'10.0.%'");
    for (const s of [...my.steps, ...maria.steps]) expect(s.sql).not.toMatch(/\b(FILE|SUPER|ALL|INSERT|UPDATE|DELETE|EXECUTE)\b/);
    expect(my.hash).toBe(planReadOnlyAccount(params, mysql97).plan.hash);
    expect(my.hash).not.toBe(maria.hash);
  });
});
