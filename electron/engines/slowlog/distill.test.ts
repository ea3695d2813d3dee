/**
 * pt's distill on statements of every kind it special-cases. The expected labels are what
 * pt-query-digest 3.x printed for these statements (its JSON `distillate`); the differential
 * test compares every class of the corpus as well.
 */
import { describe, expect, it } from 'vitest';
import { distill } from './distill';

const CASES: [string, string][] = [
  ['SELECT id, username FROM users WHERE id = 5', 'SELECT users'],
  ["UPDATE documents SET title = 'x' WHERE id = 3", 'UPDATE documents'],
  ['SELECT o.id FROM orders o JOIN items i ON i.order_id = o.id WHERE o.id = 1', 'SELECT orders items'],
  ['SHOW STATUS', 'SHOW STATUS'],
  ["SHOW /*!50002 GLOBAL */ STATUS LIKE 'Threads%'", 'SHOW GLOBAL STATUS'],
  ['show full processlist', 'SHOW PROCESSLIST'],
  ['SHOW INDEXES FROM t1', 'SHOW INDEX'],
  ['SHOW KEYS FROM t1', 'SHOW INDEX'],
  ['SHOW CREATE SCHEMA shop', 'SHOW CREATE DATABASE'],
  ['CREATE TABLE IF NOT EXISTS `shop`.`orders_2024` (id int)', 'CREATE TABLE shop.orders_? `shop`.`orders_2024`'],
  ['DROP DATABASE IF EXISTS test5', 'DROP DATABASE test5'],
  ['ALTER TABLE t_99 ADD COLUMN c int', 'ALTER TABLE t_? t_99'],
  ['INSERT INTO log_2026_01 (a) VALUES (1),(2)', 'INSERT log_?_?'],
  ['SELECT a FROM t1 UNION SELECT a FROM t2', 'SELECT UNION t?'],
  ['SELECT * FROM t1 WHERE x IN (SELECT y FROM t2)', 'SELECT t?'],
  ['call sp_report(1, 2)', 'CALL sp_report'],
  ["LOAD DATA INFILE '/tmp/x' INTO TABLE `db`.`tbl`", 'LOAD DATA db.tbl'],
  ['DELETE FROM sessions WHERE expires_at < NOW()', 'DELETE sessions'],
  ['REPLACE INTO cache_3 VALUES (1)', 'REPLACE cache_?'],
  ['/* app:1 */ SELECT 1 FROM dual', 'SELECT dual'],
  ['BEGIN', 'BEGIN'],
  ['COMMIT', 'COMMIT'],
  ['SET NAMES utf8', 'SET'],
  ["XA START 'x'", 'XA_START'],
  ['UNLOCK TABLES', 'UNLOCK'],
  ['LOCK TABLES t1 READ, t2 WRITE', 'LOCK t?'],
  ['TRUNCATE TABLE audit_log', 'TRUNCATE TABLE audit_log'],
  ['SELECT 1', 'SELECT'],
  ['administrator command: Quit', 'ADMIN QUIT'],
  // slow041.txt: pt's SHOW-comment rule is case-sensitive, so a lowercase show keeps the comment.
  ['show /*!50002 GLOBAL */ status', 'SHOW /*!50002 GLOBAL'],
];

describe('distill', () => {
  it.each(CASES)('%s', (query, label) => {
    expect(distill(query)).toBe(label);
  });
});
