import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SchemaSnapshot } from '../../../shared/contract/advisor';
import { advise as runAdvise } from './advise';
import { analyzeWorkload } from './analyze-workload';
import { advisorCapabilities } from './capabilities';
import { adviseMissingIndexes } from './missing-indexes';
import { defaultAdvisorOptions, withDefaults } from './options';
import { schemaFromDdl } from './schema-ddl';
import { workloadFromScript } from './workload';

const corpus = (f: string): string => readFileSync(new URL(`../../../../shared/corpus/cowrite/${f}`, import.meta.url), 'utf8');
const cols = (r: { columns: { name: string; direction: string }[] }): string =>
  r.columns.map((c) => c.name + (c.direction === 'DESC' ? ' DESC' : '')).join(',');

function advise(schema: SchemaSnapshot, workloadSql: string, opts = defaultAdvisorOptions) {
  return adviseMissingIndexes(analyzeWorkload(workloadFromScript(workloadSql), schema), schema, opts);
}

describe('adviseMissingIndexes on the co-writing workload (offline, DDL only)', () => {
  const schema = schemaFromDdl(corpus('schema.sql'));
  const advice = advise(schema, corpus('workload.sql'));
  const byTable = (t: string): string[] => advice.recommendations.filter((r) => r.table === t).map(cols);

  it('recommends equality → sort indexes and merges shared prefixes across queries', () => {
    expect(byTable('projects')).toEqual(['user_id,updated_at']);
    expect(byTable('documents')).toEqual(['project_id,updated_at']);
    expect(byTable('document_versions')).toEqual(['document_id,version_number']);
    const docs = advice.recommendations.find((r) => r.table === 'documents')!;
    // document_list (sort), project_detail (correlated COUNT) and document_search (join probe) share it.
    expect(docs.queries.sort()).toEqual(['document_list', 'document_search', 'project_detail']);
  });

  it('orders equality columns so the correlated subquery shares the prefix (ai_generations)', () => {
    expect(byTable('ai_generations')).toEqual(['document_id,user_id,created_at', 'user_id,status,created_at', 'status,created_at']);
    expect(advice.recommendations.find((r) => cols(r) === 'document_id,user_id,created_at')!.queries).toContain('document_list');
  });

  it('indexes the inner side of correlated COUNT subqueries, covering by itself', () => {
    const forms = advice.recommendations.find((r) => r.table === 'project_forms')!;
    expect(cols(forms)).toBe('project_id');
    expect(forms.covering).toBe(true);
  });

  it('skips what primary and unique keys already serve, and weighs by workload time and writes', () => {
    expect(byTable('users')).toEqual([]);
    expect(byTable('companies')).toEqual([]);
    expect(byTable('user_sessions')).toEqual(['expires_at']);
    const first = advice.recommendations[0]!;
    expect(first.score).toBeGreaterThanOrEqual(advice.recommendations[1]!.score);
    const ag = advice.recommendations.find((r) => r.table === 'ai_generations')!;
    expect(ag.writeRate).toBe(1);
    expect(ag.writeCostSec).toBeGreaterThan(0);
    expect(ag.sizeBytes).toBeGreaterThan(0);
  });

  it('reports OR across columns, functions on columns and LIKE needing FULLTEXT', () => {
    const kinds = advice.findings.map((f) => `${f.kind}:${f.table}`);
    expect(kinds).toEqual(expect.arrayContaining(['or-across-columns:users', 'non-sargable:user_sessions', 'fulltext-suggested:documents']));
    expect(advice.findings.find((f) => f.kind === 'fulltext-suggested')!.fix).toBe(
      'ALTER TABLE `cowrite`.`documents` ADD FULLTEXT INDEX `ft_documents_title_content` (`title`, `content`)',
    );
  });
});

describe('adviseMissingIndexes rules', () => {
  const schema = schemaFromDdl('CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, c INT, d VARCHAR(200), e TINYINT, KEY k_a (a)) ENGINE=InnoDB');

  it('keeps mixed sort directions, puts the range column last and reuses an existing prefix', () => {
    const adv = advise(schema, 'SELECT d FROM t WHERE a = ? AND c > ? ORDER BY b DESC, e ASC');
    expect(adv.recommendations.map(cols)).toEqual(['a,b DESC,e']);
    expect(adv.recommendations[0]!.replaces).toBe('k_a');
  });

  it('appends a range after equality when there is no ORDER BY, and builds a covering variant with narrow columns', () => {
    const adv = advise(schema, 'SELECT e FROM t WHERE b = ? AND c BETWEEN ? AND ?');
    expect(adv.recommendations.map(cols)).toEqual(['b,c,e']);
    expect(adv.recommendations[0]!.covering).toBe(true);
  });

  it('does not cover wide columns and does not advise when an existing index serves the query', () => {
    expect(advise(schema, 'SELECT d FROM t WHERE b = ?').recommendations.map((r) => [cols(r), r.covering])).toEqual([['b', false]]);
    expect(advise(schema, 'SELECT * FROM t WHERE a = ?').recommendations).toEqual([]);
  });

  it('skips small tables and warns above the indexes-per-table guideline', () => {
    const small = { ...schema, tables: schema.tables.map((t) => ({ ...t, rows: 10 })) };
    expect(advise(small, 'SELECT * FROM t WHERE b = ?').recommendations).toEqual([]);
    const adv = advise(schema, 'SELECT * FROM t WHERE b = ?; SELECT * FROM t WHERE c = ?', withDefaults({ maxIndexesPerTable: 3 }));
    expect(adv.findings.map((f) => f.kind)).toContain('too-many-indexes');
  });

  it('drops an index whose write cost exceeds the time it saves', () => {
    const adv = advise(
      schema,
      '-- read | 1 | 1ms\nSELECT * FROM t WHERE b = ?;\n-- write | 1000 | 1ms\nINSERT INTO t (a) VALUES (?)',
      withDefaults({ writeCostPerIndexSec: 0.001 }),
    );
    expect(adv.recommendations).toEqual([]);
  });
});

describe('prefix-only columns in a key', () => {
  it('puts whole columns before a TEXT or over-wide column that only a prefix can index', () => {
    const schema = schemaFromDdl(
      'CREATE TABLE notes (id BIGINT NOT NULL AUTO_INCREMENT, owner_id BIGINT NOT NULL, body TEXT NULL, url VARCHAR(1000) NULL, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
    );
    const advice = advise(schema, '-- by_body | 200 | 20ms\nSELECT id FROM notes WHERE body = ? AND owner_id = ?;\n');
    expect(advice.recommendations.map(cols)).toEqual(['owner_id,body']);
  });

  it('still leads with the prefixed column when more of the workload shares it', () => {
    const schema = schemaFromDdl(
      'CREATE TABLE notes (id BIGINT NOT NULL AUTO_INCREMENT, owner_id BIGINT NOT NULL, url VARCHAR(1000) NULL, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
    );
    const advice = advise(
      schema,
      '-- a | 200 | 20ms\nSELECT id FROM notes WHERE url = ? AND owner_id = ?;\n-- b | 200 | 20ms\nSELECT id FROM notes WHERE url = ?;\n',
    );
    expect(advice.recommendations.map(cols)).toEqual(['url,owner_id']);
  });
});

describe('findings that depend on the dialect', () => {
  const schema = schemaFromDdl(corpus('schema.sql'));
  const mysql97 = advisorCapabilities('9.7.4', 'MySQL Community Server - GPL');
  const maria = advisorCapabilities('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12');
  const search = workloadFromScript(
    "SELECT id, title FROM documents WHERE project_id = 7 AND (title LIKE '%季度报告%' OR content LIKE '%季度报告%');\n" +
      "SELECT id FROM documents WHERE DATE(created_at) = '2024-01-01';",
  );
  const of = (caps: typeof maria, kind: string) => runAdvise({ schema, workload: search, capabilities: caps }).findings.filter((f) => f.kind === kind);

  it('gives no index-merge advice for OR-ed LIKE patterns that start with a wildcard', () => {
    for (const caps of [mysql97, maria]) expect(of(caps, 'or-across-columns')).toEqual([]);
    const prefixLike = runAdvise({
      schema,
      workload: workloadFromScript("SELECT id FROM documents WHERE title LIKE 'abc%' OR status = 'x';"),
      capabilities: maria,
    });
    expect(prefixLike.findings.some((f) => f.kind === 'or-across-columns')).toBe(true);
  });

  it('says MariaDB has no ngram parser for CJK text, and uses WITH PARSER ngram on MySQL', () => {
    const [ma] = of(maria, 'fulltext-suggested');
    expect(ma!.detail).toContain('MariaDB 10.11 has no ngram parser');
    expect(ma!.fix).toBeNull();
    expect(ma!.evidence).toMatchObject({ cjk: true, ngramParser: false });
    const [my] = of(mysql97, 'fulltext-suggested');
    expect(my!.fix).toMatch(/ADD FULLTEXT INDEX `ft_documents_title_content` \(`title`, `content`\) WITH PARSER ngram$/);
  });

  it('suggests a generated column, not a functional index, on MariaDB', () => {
    const [ma] = of(maria, 'non-sargable');
    expect(ma!.detail).toContain('MariaDB 10.11 has no functional indexes');
    expect(ma!.detail).toContain('generated column');
    const [my] = of(mysql97, 'non-sargable');
    expect(my!.detail).toContain('INDEX ((expr))');
    // Offline, a MariaDB dump's flavor decides.
    expect(runAdvise({ schema: { ...schema, flavor: 'mariadb' }, workload: search }).findings.find((f) => f.kind === 'non-sargable')!.detail).toContain(
      'no functional indexes',
    );
  });
});
