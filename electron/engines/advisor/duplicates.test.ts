import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { advise } from './advise';
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

describe('prefix lengths in duplicate checks (pt compares the column lists as written, `col`(N) included)', () => {
  const pairs = (keys: string): string[] =>
    findDuplicatePairs(
      schemaFromDdl(`CREATE TABLE p (id INT NOT NULL, a VARCHAR(200), b INT, body TEXT, PRIMARY KEY (id), ${keys}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`)
        .tables[0]!,
    ).map(pairKey);
  it('a prefix key is a left prefix of a longer key with the same prefix', () => {
    expect(pairs('KEY k_a (a(10)), KEY k_ab (a(10), b)')).toEqual(['p:k_a→k_ab']);
    expect(pairs('KEY k_body (body(20)), KEY k_body2 (body(20))')).toEqual(['p:k_body2→k_body']);
  });
  it('a whole column looks like a prefix of `a`(10) to pt: reported as pt does, with a caution, and never dropped by the plan', () => {
    const schema = schemaFromDdl('CREATE TABLE p (id INT NOT NULL, a VARCHAR(200), b INT, PRIMARY KEY (id), KEY k_a (a), KEY k_ab (a(10), b)) ENGINE=InnoDB;');
    const [pair] = findDuplicatePairs(schema.tables[0]!);
    expect(pairKey(pair!)).toBe('p:k_a→k_ab');
    expect(pair!.prefixCaveat).toBe(true);
    const [f] = duplicateFindings(schema);
    expect(f!.title).toBe('k_a is a left-prefix of k_ab');
    expect(f!.detail).toMatch(/Caution: k_a indexes more of a column than k_ab/);
    expect(advise({ schema, workload: [], drop: 'duplicates' }).plan.steps).toEqual([]);
    expect(pairs('KEY k_a (a(10)), KEY k_ab (a(20), b)').length).toBe(0);
  });
});
