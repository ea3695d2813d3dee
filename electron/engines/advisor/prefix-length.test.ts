import { describe, expect, it } from 'vitest';
import { advise } from './advise';
import { advisorCapabilities } from './capabilities';
import { choosePrefixes, choosePrefixFromSample, prefixSampleKey, type PrefixSample } from './prefix-length';
import { schemaFromDdl } from './schema-ddl';

const mysql9 = advisorCapabilities('9.7.4', 'MySQL Community Server - GPL');
const options = { prefixDefaultLength: 32, prefixTolerance: 0.01 };
const ddl = `CREATE TABLE notes (
  id BIGINT NOT NULL AUTO_INCREMENT,
  owner_id BIGINT NOT NULL,
  body TEXT NULL,
  blobby BLOB NULL,
  url VARCHAR(1000) NULL,
  a VARCHAR(500) NULL,
  b VARCHAR(500) NULL,
  title VARCHAR(100) NULL,
  PRIMARY KEY (id),
  KEY k_body (body(10))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`;
const table = schemaFromDdl(ddl).tables[0]!;
const sample = (rows: number, distinct: number, prefixes: [number, number][]): PrefixSample => ({
  rows,
  distinct,
  prefixes: prefixes.map(([length, d]) => ({ length, distinct: d })),
});

describe('prefix lengths', () => {
  it('gives TEXT/BLOB and over-wide VARCHAR a prefix by type, leaves narrow columns whole', () => {
    const got = choosePrefixes(table, ['owner_id', 'body', 'blobby', 'url', 'title'], {}, options);
    expect(got.map((c) => c.subPart)).toEqual([null, 32, 32, 32, null]);
    expect(got[1]!.reason).toMatch(/TEXT can only be indexed by a prefix/);
    expect(got[3]!.reason).toMatch(/varchar\(1000\) is too wide/i);
  });

  it('prefixes the widest strings only when the whole key would pass 3072 bytes', () => {
    // 500 + 500 utf8mb4 characters = 4000 bytes: one of them needs a prefix, not both.
    const got = choosePrefixes(table, ['a', 'b'], {}, options);
    expect(got.filter((c) => c.subPart !== null)).toHaveLength(1);
    expect(choosePrefixes(table, ['a', 'title'], {}, options).every((c) => c.subPart === null)).toBe(true);
  });

  it('chooses the smallest sampled length within the tolerance of full selectivity', () => {
    const s = sample(10_000, 9_000, [
      [4, 1_200],
      [8, 6_000],
      [12, 8_950],
      [16, 9_000],
    ]);
    expect(choosePrefixFromSample(s, 1000, 0.01)).toBe(12);
    expect(choosePrefixFromSample(s, 1000, 0)).toBe(16);
    expect(choosePrefixFromSample(s, 10, 0.01)).toBeNull();
    expect(choosePrefixFromSample(sample(0, 0, []), 100, 0.01)).toBeNull();
    const got = choosePrefixes(table, ['body'], { [prefixSampleKey('notes', 'body')]: s }, options);
    expect(got[0]!.subPart).toBe(12);
    expect(got[0]!.reason).toMatch(/keep 99\.4 % of its distinct values \(sample of 10,000 rows\)/);
  });

  it('writes col(N) into the plan, never covers with a prefix, and does not let ORDER BY a TEXT column into the key', () => {
    const workload = [
      { sql: 'SELECT id, body FROM notes WHERE body = ? AND owner_id = ?', name: 'by body', weight: { count: 10, totalTimeSec: 5 } },
      { sql: 'SELECT id FROM notes WHERE owner_id = ? ORDER BY body', name: 'sorted', weight: { count: 10, totalTimeSec: 5 } },
    ];
    const report = advise({
      schema: schemaFromDdl(ddl),
      workload,
      capabilities: mysql9,
      prefixSamples: { [prefixSampleKey('notes', 'body')]: sample(100, 50, [[20, 50]]) },
    });
    const rec = report.recommendations.find((r) => r.columns.some((c) => c.name === 'body'))!;
    expect(rec.columns.find((c) => c.name === 'body')!.subPart).toBe(20);
    expect(rec.covering).toBe(false);
    const step = report.plan.steps.find((s) => s.id === 'alter:notes')!;
    expect(step.sql).toBe('ALTER TABLE `notes` ADD INDEX `idx_notes_owner_id_body` (`owner_id`, `body`(20)), ALGORITHM=INPLACE, LOCK=NONE');
    // ORDER BY body cannot be served by a prefix: `sorted` shares the (owner_id) prefix instead.
    expect(rec.queries).toEqual(['by body', 'sorted']);
    expect(report.recommendations).toHaveLength(1);
  });

  it('replaces an existing prefix index only when the new key holds its columns at least as long', () => {
    const workload = [{ sql: 'SELECT id FROM notes WHERE owner_id = ? AND url = ? ORDER BY title', weight: { count: 1, totalTimeSec: 9 } }];
    const shorter = advise({ schema: schemaFromDdl(ddl.replace('KEY k_body (body(10))', 'KEY k_ou (owner_id, url(10))')), workload });
    expect(shorter.recommendations[0]!.columns).toEqual([
      { name: 'owner_id', direction: 'ASC', subPart: null },
      { name: 'url', direction: 'ASC', subPart: 32 },
      { name: 'title', direction: 'ASC', subPart: null },
    ]);
    expect(shorter.recommendations[0]!.replaces).toBe('k_ou');
    const longer = advise({ schema: schemaFromDdl(ddl.replace('KEY k_body (body(10))', 'KEY k_ou (owner_id, url(40))')), workload });
    expect(longer.recommendations[0]!.replaces).toBeNull();
  });
});
