import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactWithEchoes } from './redact-secrets';

const R = REDACTED;

/** [statement, expected after redaction]: each form, in MariaDB's and MySQL's syntax. */
const cases: Array<[string, string]> = [
  // ALTER / CREATE USER … IDENTIFIED BY, both flavors, both quote styles, escaped quotes inside.
  ["ALTER USER 'app'@'%' IDENTIFIED BY 'hunter2'", `ALTER USER 'app'@'%' IDENTIFIED BY ${R}`],
  ['alter user app@localhost identified by "hun\\"ter2"', `alter user app@localhost identified by ${R}`],
  ["CREATE USER 'a'@'h' IDENTIFIED BY 'it''s \\' secret' PASSWORD EXPIRE", `CREATE USER 'a'@'h' IDENTIFIED BY ${R} PASSWORD EXPIRE`],
  ["CREATE USER IF NOT EXISTS `a`@`h` IDENTIFIED BY 'p;w' ; SELECT 1", `CREATE USER IF NOT EXISTS \`a\`@\`h\` IDENTIFIED BY ${R} ; SELECT 1`],
  ["CREATE USER a IDENTIFIED BY _utf8mb4'pw' ", `CREATE USER a IDENTIFIED BY ${R} `],
  ["CREATE USER a IDENTIFIED BY X'68756e74657232'", `CREATE USER a IDENTIFIED BY ${R}`],
  ["CREATE USER a IDENTIFIED\n  BY /* note */ 'pw'", `CREATE USER a IDENTIFIED\n  BY /* note */ ${R}`],
  // MariaDB: IDENTIFIED BY PASSWORD '*hash', IDENTIFIED VIA … USING PASSWORD('pw') / '…', OR chains.
  ["CREATE USER a IDENTIFIED BY PASSWORD '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'", `CREATE USER a IDENTIFIED BY PASSWORD ${R}`],
  [
    "CREATE USER a IDENTIFIED VIA ed25519 USING PASSWORD('pw1') OR unix_socket OR mysql_native_password USING '*hash'",
    `CREATE USER a IDENTIFIED VIA ed25519 USING PASSWORD(${R}) OR unix_socket OR mysql_native_password USING ${R}`,
  ],
  // MySQL: IDENTIFIED WITH plugin BY 'pw' / AS 'hash' / AS 0x…, REPLACE 'current'.
  [
    "ALTER USER a IDENTIFIED WITH caching_sha2_password BY 'pw' REPLACE 'old pw' RETAIN CURRENT PASSWORD",
    `ALTER USER a IDENTIFIED WITH caching_sha2_password BY ${R} REPLACE ${R} RETAIN CURRENT PASSWORD`,
  ],
  ["CREATE USER a IDENTIFIED WITH 'mysql_native_password' AS '*AB12'", `CREATE USER a IDENTIFIED WITH 'mysql_native_password' AS ${R}`],
  ['CREATE USER a IDENTIFIED WITH caching_sha2_password AS 0x244124303035', `CREATE USER a IDENTIFIED WITH caching_sha2_password AS ${R}`],
  ['CREATE USER a IDENTIFIED BY RANDOM PASSWORD', 'CREATE USER a IDENTIFIED BY RANDOM PASSWORD'],
  // SET PASSWORD: PASSWORD(), OLD_PASSWORD(), a plain literal, with FOR and without, REPLACE.
  ["SET PASSWORD FOR 'bob'@'%.example.org' = PASSWORD('newpass')", `SET PASSWORD FOR 'bob'@'%.example.org' = PASSWORD(${R})`],
  ["SET PASSWORD FOR bob = OLD_PASSWORD( 'old\\'pw' )", `SET PASSWORD FOR bob = OLD_PASSWORD( ${R})`],
  ["SET PASSWORD FOR 'jeffrey'@'localhost' = 'auth_string'", `SET PASSWORD FOR 'jeffrey'@'localhost' = ${R}`],
  ["SET PASSWORD = 'pw' REPLACE 'current'", `SET PASSWORD = ${R} REPLACE ${R}`],
  ["set password = password(concat('a', 'b'))", `set password = password(${R})`],
  ['SELECT PASSWORD(0x70770a)', `SELECT PASSWORD(${R})`],
  // GRANT … IDENTIFIED BY (MariaDB, MySQL 5.7).
  ["GRANT SELECT ON db.* TO 'u'@'%' IDENTIFIED BY 'pw' WITH GRANT OPTION", `GRANT SELECT ON db.* TO 'u'@'%' IDENTIFIED BY ${R} WITH GRANT OPTION`],
  // Replication: CHANGE MASTER (MariaDB, named connections too), CHANGE REPLICATION SOURCE (MySQL), START REPLICA.
  [
    "CHANGE MASTER 'east' TO MASTER_HOST='10.0.0.1', MASTER_USER='repl', MASTER_PASSWORD='r3pl\\'pw', MASTER_PORT=3306",
    `CHANGE MASTER 'east' TO MASTER_HOST='10.0.0.1', MASTER_USER='repl', MASTER_PASSWORD=${R}, MASTER_PORT=3306`,
  ],
  ['CHANGE REPLICATION SOURCE TO SOURCE_USER = \'repl\', SOURCE_PASSWORD = "p,w"', `CHANGE REPLICATION SOURCE TO SOURCE_USER = 'repl', SOURCE_PASSWORD = ${R}`],
  ["START REPLICA USER='repl' PASSWORD='pw'", `START REPLICA USER='repl' PASSWORD=${R}`],
  // Federated / Spider servers, the mysql.user column, an executable comment.
  [
    "CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'u', PASSWORD 'pw', HOST 'h')",
    `CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'u', PASSWORD ${R}, HOST 'h')`,
  ],
  ["UPDATE mysql.user SET authentication_string = '*AB' WHERE user = 'a'", `UPDATE mysql.user SET authentication_string = ${R} WHERE user = 'a'`],
  ["CREATE USER a /*!80000 IDENTIFIED BY 'pw' */", `CREATE USER a /*!80000 IDENTIFIED BY ${R} */`],
  // MySQL multi-factor, clone and group replication.
  [
    "CREATE USER u IDENTIFIED WITH caching_sha2_password BY 'f1' AND IDENTIFIED WITH authentication_ldap_sasl AS 'f2'",
    `CREATE USER u IDENTIFIED WITH caching_sha2_password BY ${R} AND IDENTIFIED WITH authentication_ldap_sasl AS ${R}`,
  ],
  ["ALTER USER u MODIFY 2 FACTOR IDENTIFIED BY 'f2'", `ALTER USER u MODIFY 2 FACTOR IDENTIFIED BY ${R}`],
  ["CLONE INSTANCE FROM 'donor'@'db1':3306 IDENTIFIED BY 'clone-pw'", `CLONE INSTANCE FROM 'donor'@'db1':3306 IDENTIFIED BY ${R}`],
  ["START GROUP_REPLICATION USER='rpl', PASSWORD='gr-pw'", `START GROUP_REPLICATION USER='rpl', PASSWORD=${R}`],
  // Nothing to hide: left byte for byte.
  ["SELECT 'IDENTIFIED BY x' AS s, `password` FROM t WHERE id = 1", "SELECT 'IDENTIFIED BY x' AS s, `password` FROM t WHERE id = 1"],
  ["REPLACE INTO t VALUES ('a')", "REPLACE INTO t VALUES ('a')"],
  ['ALTER TABLE `cowrite`.`users` ADD INDEX `idx` (`email`)', 'ALTER TABLE `cowrite`.`users` ADD INDEX `idx` (`email`)'],
];

describe('redactSecrets', () => {
  for (const [sql, expected] of cases) {
    it(sql.replace(/\s+/g, ' ').slice(0, 90), () => {
      expect(redactSecrets(sql)).toBe(expected);
    });
  }

  it('redacts to the end when a password string never closes', () => {
    expect(redactSecrets("ALTER USER a IDENTIFIED BY 'never closed; DROP TABLE x")).toBe(`ALTER USER a IDENTIFIED BY ${R}`);
  });

  it('is idempotent', () => {
    for (const [sql] of cases) expect(redactSecrets(redactSecrets(sql))).toBe(redactSecrets(sql));
  });
});

describe('redactWithEchoes', () => {
  it('cuts the secrets out of a server error that quotes the statement', () => {
    const sql = "ALTER USER 'app'@'%' IDENTIFIED BY 'hunter2' PASSWORD EXPIRE NEVR";
    const message = "SERVER_ERROR: You have an error in your SQL syntax; check the manual near 'IDENTIFIED BY 'hunter2' PASSWORD EXPIRE NEVR' at line 1";
    const out = redactWithEchoes(sql, [message, 'Run SQL']);
    expect(out.sql).not.toContain('hunter2');
    expect(out.echoes[0]).not.toContain('hunter2');
    expect(out.echoes[0]).toContain('near ');
    expect(out.echoes[1]).toBe('Run SQL');
  });
});
