import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checksum, fingerprint, fingerprintKey, queryId } from './fingerprint';
import { createSlowLogParser } from './slow-log.parser';
import { extractTables } from './tables';
import { corpusPath } from '../../testing/paths';

describe('fingerprint (pt QueryRewriter rules)', () => {
  it.each([
    ['SELECT * FROM t WHERE id = 5 AND name = "x" AND c = \'y\'', 'select * from t where id = ? and name = ? and c = ?'],
    ['select * from t where a in (1, 2, 3) and b in ("a","b")', 'select * from t where a in(?+) and b in(?+)'],
    ["INSERT INTO t (a,b) VALUES (1,'x'),(2,'y'),(3,'z')", 'insert into t (a,b) values(?+)'],
    ['SELECT a FROM t ORDER BY a ASC, b ASC LIMIT 10, 20', 'select a from t order by a, b limit ?'],
    ['select a /* hint */ from t -- trailing\nwhere x = NULL', 'select a from t where x = ?'],
    ['use mydb', 'use ?'],
    ['CALL sp_do_it(1, 2)', 'call sp_do_it'],
    ['administrator command: Quit', 'administrator command: Quit'],
    ['SELECT /*!40001 SQL_NO_CACHE */ * FROM `t`', 'mysqldump'],
    ['select 1 union select 1 union all select 1', 'select ? /*repeat union all*/'],
    ['SELECT x FROM db2.tbl WHERE flag = true', 'select x from d?tbl where flag = ?'],
    ['select  a,\n\t b  from   t limit 5 offset 10', 'select a, b from t limit ?'],
  ])('%s', (q, fp) => {
    expect(fingerprint(q)).toBe(fp);
  });

  it('gives pt-query-digest checksums (values from pt 3.2.1 on slow002.txt)', () => {
    expect(checksum('update foo.bar set biz = ?')).toBe('32F63B9B2CE5A9B1B211BA2B8D6D065C');
    expect(checksum('begin')).toBe('8D589AFA4DFAEEED85FFF5AA78E5FF6A');
    expect(queryId('8D589AFA4DFAEEED85FFF5AA78E5FF6A')).toBe('85FFF5AA78E5FF6A');
  });

  it('the cache key has the same fingerprint as the statement, over every corpus statement', () => {
    const dir = corpusPath('slowlogs/percona');
    const stmts: string[] = [];
    for (const name of readdirSync(dir)) {
      let buf = readFileSync(join(dir, name));
      if (name.endsWith('.gz')) buf = gunzipSync(buf);
      const p = createSlowLogParser({ onEvent: (e) => e.arg && stmts.push(e.arg) });
      p.push(buf);
      p.end();
    }
    stmts.push("SELECT * FROM t WHERE a = 'it''s' AND b = 12.5e3 AND c = 0x1F", "INSERT INTO t VALUES ('a', 'b)'), ('c', 1)");
    let keyed = 0;
    for (const s of stmts) {
      const key = fingerprintKey(s);
      if (key === undefined) continue;
      keyed++;
      expect(fingerprint(key), s).toBe(fingerprint(s));
    }
    expect(keyed).toBeGreaterThan(100);
  });
});

describe('tables (pt QueryParser get_tables)', () => {
  it.each([
    ['SELECT * FROM a JOIN b ON a.id = b.id WHERE x IN (SELECT y FROM c)', 'shop', ['shop.a', 'shop.b', 'shop.c']],
    ['UPDATE db2.t SET x = 1', undefined, ['db2.t']],
    ['INSERT IGNORE INTO `s`.`t` (a) VALUES (1)', undefined, ['s.t']],
    ['CREATE TABLE IF NOT EXISTS foo (id int)', 'd', ['d.foo']],
    ['LOCK TABLES t1 READ, t2 WRITE', 'd', ['d.t1', 'd.t2']],
  ])('%s', (q, db, tables) => {
    expect(extractTables(q, db)).toEqual(tables);
  });
});
