import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath } from '../../testing/paths';
import { schemaFromDdl } from '../advisor/schema-ddl';
import { dialectForTarget } from '../flavor/dialect';
import { partitionTablesFromDdl, preflight } from './preflight';

const schemaSql = readFileSync(corpusPath('cowrite/schema.sql'), 'utf8');
const seed = readFileSync(corpusPath('cowrite/seed-partitions.sql'), 'utf8');

function run(script: string, target = 'mariadb-10.11', schema = schemaSql) {
  const f = dialectForTarget(target);
  const tables = partitionTablesFromDdl(schemaFromDdl(schema).tables, schema);
  return preflight({ script, tables, family: f.family, facts: f.partitioning, asOf: '2026-12-06' });
}

describe('partition preflight on the seed document (offline, schema text)', () => {
  const r = run(seed);

  it('predicts 1503, 1503, 1064 for the three PARTITION BY statements and the broken procedure', () => {
    expect(r.map((s) => s.predictedErrno)).toEqual([1503, 1503, 1064, 1064, null, null, null]);
    expect(r[2]!.findings.map((f) => f.rule)).toEqual(['bound-not-constant', 'bound-not-constant', 'unique-key-columns', 'unique-key-columns']);
  });

  it('points each finding at the text it is about', () => {
    const now = r[2]!.findings[0]!;
    expect(r[2]!.sql.slice(now.start, now.end)).toBe('NOW');
    const arith = r[0]!.findings.find((f) => f.rule === 'no-range-pruning')!;
    expect(r[0]!.sql.slice(arith.start, arith.end)).toBe('YEAR(created_at) * 100 + MONTH(created_at)');
  });

  it('fixes ai_generations with the PK rewrite and RANGE COLUMNS on literal monthly bounds', () => {
    const fix = r[0]!.fix!;
    expect(fix).toContain('DROP PRIMARY KEY,\n  ADD PRIMARY KEY (`id`, `created_at`)');
    expect(fix).toContain('PARTITION BY RANGE COLUMNS(`created_at`)');
    expect(fix).toContain("PARTITION `p202412` VALUES LESS THAN ('2025-01-01')");
    expect(fix).toContain('PARTITION `p_future` VALUES LESS THAN MAXVALUE');
  });

  it('turns NOW() + INTERVAL n DAY into the literal dates it meant, and says what the unique key rewrite costs', () => {
    const s = r[2]!;
    expect(s.fix).toContain("PARTITION `p_current` VALUES LESS THAN ('2026-12-13')");
    expect(s.fix).toContain("PARTITION `p_next` VALUES LESS THAN ('2026-12-20')");
    expect(s.fix).toContain('ADD UNIQUE KEY `uk_user_sessions_token_hash` (`token_hash`, `expires_at`)');
    expect(s.fixNotes.join('\n')).toMatch(/no longer guarantees token_hash is unique/);
  });

  it('keeps HASH(document_id) and only widens the primary key', () => {
    expect(r[1]!.fix).toBe(
      'ALTER TABLE `document_versions`\n  DROP PRIMARY KEY,\n  ADD PRIMARY KEY (`id`, `document_id`)\nPARTITION BY HASH(document_id) \nPARTITIONS 8',
    );
  });

  it('flags the YYYYMM arithmetic and the shadowed parameter in the rotation procedures', () => {
    expect(r[3]!.findings.map((f) => f.rule)).toEqual(['syntax', 'dynamic-bound-text', 'yyyymm-arithmetic']);
    expect(r[5]!.findings.map((f) => f.rule)).toEqual(['yyyymm-arithmetic', 'routine-shadowed-parameter']);
    expect(r[3]!.findings[2]!.message).toMatch(/202413/);
  });

  it('passes its own fixes', () => {
    for (const s of r.filter((x) => x.fix)) expect(run(s.fix!).flatMap((x) => x.findings.filter((f) => f.severity === 'error'))).toEqual([]);
  });

  it('states flavor differences: FULLTEXT on a partitioned InnoDB table is refused by MySQL only', () => {
    const ddl = 'CREATE TABLE a7 (id int, d datetime, t text, primary key(id,d), FULLTEXT(t)) ENGINE=InnoDB PARTITION BY HASH(id) PARTITIONS 2';
    expect(run(ddl, 'mysql-9.7', '')[0]!.predictedErrno).toBe(1214);
    expect(run(ddl, 'mariadb-10.11', '')[0]!.predictedErrno).toBeNull();
  });

  it('follows the partitioning earlier statements of the script set', () => {
    const script = [
      "CREATE TABLE t (id int, d date, primary key(id, d)) PARTITION BY RANGE COLUMNS(d) (PARTITION p1 VALUES LESS THAN ('2025-01-01'), PARTITION pmax VALUES LESS THAN (MAXVALUE))",
      "ALTER TABLE t ADD PARTITION (PARTITION p2 VALUES LESS THAN ('2025-02-01'))",
      "ALTER TABLE t REORGANIZE PARTITION pmax INTO (PARTITION p2 VALUES LESS THAN ('2025-02-01'), PARTITION pmax VALUES LESS THAN (MAXVALUE))",
      'ALTER TABLE t DROP PARTITION p9',
    ].join(';\n');
    const out = run(script, 'mysql-9.7', 'CREATE TABLE t (id int, d date, primary key(id, d));');
    expect(out.map((s) => s.predictedErrno)).toEqual([null, 1481, null, 1507]);
  });
});
