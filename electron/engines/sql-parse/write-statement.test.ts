import { describe, expect, it } from 'vitest';
import { tablesOf, writeShape } from './write-statement';

describe('writeShape', () => {
  it('reads CREATE DATABASE as a database, not a table named DATABASE', () => {
    expect(writeShape('CREATE DATABASE dbw_q_new')).toEqual({ verb: 'create-database', name: 'dbw_q_new', ifNotExists: false });
    expect(writeShape('create schema if not exists `My Db`;')).toEqual({ verb: 'create-database', name: 'My Db', ifNotExists: true });
    expect(tablesOf(writeShape('CREATE DATABASE x'))).toEqual([]);
  });

  it('reads DROP DATABASE, DROP TABLE lists, TRUNCATE and ALTER', () => {
    expect(writeShape('DROP DATABASE IF EXISTS cowrite')).toEqual({ verb: 'drop-database', name: 'cowrite' });
    expect(writeShape('DROP TABLE IF EXISTS a, cowrite.`b c`')).toEqual({
      verb: 'drop-table',
      tables: [
        { schema: null, table: 'a' },
        { schema: 'cowrite', table: 'b c' },
      ],
    });
    expect(writeShape('TRUNCATE TABLE cowrite.users')).toEqual({ verb: 'truncate', table: { schema: 'cowrite', table: 'users' } });
    expect(writeShape('ALTER ONLINE TABLE Users ADD INDEX ix (a)')).toEqual({ verb: 'alter-table', table: { schema: null, table: 'Users' } });
  });

  it('reads index statements with their table', () => {
    expect(writeShape('CREATE UNIQUE INDEX ix_a ON cowrite.t (a, b)')).toEqual({
      verb: 'create-index',
      index: 'ix_a',
      table: { schema: 'cowrite', table: 't' },
    });
    expect(writeShape('DROP INDEX `ix a` ON t')).toEqual({ verb: 'drop-index', index: 'ix a', table: { schema: null, table: 't' } });
  });

  it('reads CREATE TABLE, and whether it copies rows', () => {
    expect(writeShape('CREATE TABLE t (id INT PRIMARY KEY)')).toMatchObject({ verb: 'create-table', copiesRows: false });
    expect(writeShape('CREATE TABLE IF NOT EXISTS t2 AS SELECT * FROM t')).toMatchObject({ verb: 'create-table', ifNotExists: true, copiesRows: true });
  });

  it("takes UPDATE/DELETE's WHERE text and LIMIT at the top level, strings and subqueries left whole", () => {
    expect(writeShape("DELETE FROM user_sessions WHERE note = 'where limit 3' AND id IN (SELECT id FROM x LIMIT 5) ORDER BY id LIMIT 100;")).toEqual({
      verb: 'delete',
      table: { schema: null, table: 'user_sessions' },
      alias: null,
      where: "note = 'where limit 3' AND id IN (SELECT id FROM x LIMIT 5)",
      limit: 100,
    });
    expect(writeShape('UPDATE cowrite.users u SET name = 1 WHERE id < 10')).toEqual({
      verb: 'update',
      table: { schema: 'cowrite', table: 'users' },
      alias: 'u',
      where: 'id < 10',
      limit: null,
    });
    expect(writeShape('UPDATE users SET x = 1')).toMatchObject({ verb: 'update', alias: null, where: null });
    expect(writeShape('DELETE FROM users AS x WHERE x.id = 3')).toMatchObject({ verb: 'delete', alias: 'x', where: 'x.id = 3' });
  });

  it('gives no single table for multi-table UPDATE/DELETE', () => {
    expect(writeShape('UPDATE a JOIN b ON a.id = b.id SET a.x = 1 WHERE b.y = 2')).toMatchObject({ verb: 'update', table: null });
    expect(writeShape('DELETE a FROM a JOIN b ON a.id = b.id')).toMatchObject({ verb: 'delete', table: null });
    expect(writeShape('UPDATE a, b SET a.x = b.x')).toMatchObject({ verb: 'update', table: null });
  });

  it('leaves other statements as `other` with their keyword', () => {
    expect(writeShape('/* c */ SET GLOBAL x = 1')).toEqual({ verb: 'other', keyword: 'set' });
    expect(writeShape("INSERT INTO t VALUES ('unterminated")).toEqual({ verb: 'other', keyword: '' });
  });
});
