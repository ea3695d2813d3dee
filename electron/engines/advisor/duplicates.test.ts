import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { duplicateFindings, findDuplicatePairs } from './duplicates';
import { parsePtDuplicateReport } from './pt-duplicate-report';
import { schemaFromDdl } from './schema-ddl';

const corpus = (f: string): string => readFileSync(new URL(`../../../../shared/corpus/cowrite/${f}`, import.meta.url), 'utf8');
const fixture = (f: string): string => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const pairKey = (p: { table: string; index: string; duplicateOf: string }): string => `${p.table.split('.').pop()}:${p.index}→${p.duplicateOf}`;

describe('findDuplicatePairs against pt-duplicate-key-checker reports captured on the seed indexes', () => {
  const schema = schemaFromDdl(corpus('schema.sql') + corpus('seed-indexes.sql'));
  const ours = schema.tables.flatMap((t) => findDuplicatePairs(t));
  for (const file of ['pt-duplicate-key-checker.cowrite-seed.mariadb-10.11.txt', 'pt-duplicate-key-checker.cowrite-seed.mysql-9.7.txt']) {
    it(`reports every pair of ${file}, and says which extra ones are ours`, () => {
      const pt = parsePtDuplicateReport(fixture(file));
      expect(pt).toHaveLength(15);
      expect(
        ours
          .filter((p) => p.ptCompatible)
          .map(pairKey)
          .sort(),
      ).toEqual(pt.map(pairKey).sort());
      expect(ours.filter((p) => !p.ptCompatible).map(pairKey)).toEqual([]);
    });
  }

  it('reports direction-only twins as our own finding', () => {
    const s = schemaFromDdl('CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY u (a, b), KEY k (a, b DESC))');
    expect(findDuplicatePairs(s.tables[0]!).map((p) => [p.index, p.duplicateOf, p.type, p.ptCompatible])).toEqual([['k', 'u', 'direction', false]]);
  });
});

describe('pt rules', () => {
  const pairs = (ddl: string): string[] => findDuplicatePairs(schemaFromDdl(ddl).tables[0]!).map((p) => `${p.index}:${p.type}:${p.duplicateOf}`);

  it('finds secondary keys ending with the primary key on InnoDB only', () => {
    expect(pairs('CREATE TABLE t (id INT NOT NULL, a INT, PRIMARY KEY (id), KEY k (a, id)) ENGINE=InnoDB')).toEqual(['k:clustered:PRIMARY']);
    expect(pairs('CREATE TABLE t (id INT NOT NULL, a INT, PRIMARY KEY (id), KEY k (a, id)) ENGINE=MyISAM')).toEqual([]);
  });

  it('keeps a unique key that constrains its column, and removes the non-unique prefix of it', () => {
    expect(pairs('CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY u (a), KEY k (a, b), KEY k2 (a))')).toEqual(['k2:exact:u']);
  });

  it('compares FULLTEXT keys only with each other, exact duplicates in any column order', () => {
    expect(pairs('CREATE TABLE t (id INT PRIMARY KEY, a TEXT, b TEXT, FULLTEXT KEY f1 (a, b), FULLTEXT KEY f2 (b, a), FULLTEXT KEY f3 (a))')).toEqual([
      'f2:exact:f1',
    ]);
  });

  it('finds duplicate foreign keys and turns findings into DROP statements with wasted bytes', () => {
    const s = schemaFromDdl(
      'CREATE TABLE t (id INT PRIMARY KEY, p INT, KEY k1 (p), KEY k2 (p), CONSTRAINT fa FOREIGN KEY (p) REFERENCES par (id), CONSTRAINT fb FOREIGN KEY (p) REFERENCES par (id))',
    );
    expect(
      pairs('CREATE TABLE t (id INT PRIMARY KEY, p INT, CONSTRAINT fa FOREIGN KEY (p) REFERENCES par (id), CONSTRAINT fb FOREIGN KEY (p) REFERENCES par (id))'),
    ).toEqual(['fb:fk:fa']);
    const withRows = { ...s, tables: s.tables.map((t) => ({ ...t, rows: 1000 })) };
    const f = duplicateFindings(withRows);
    expect(f.map((x) => x.fix)).toEqual(['ALTER TABLE `t` DROP INDEX `k2`', 'ALTER TABLE `t` DROP FOREIGN KEY `fb`']);
    expect(f[0]!.wastedBytes).toBe(Math.round((1000 * (4 + 4 + 5)) / 0.7));
  });
});
