import { describe, expect, it } from 'vitest';
import { schemaFromDdl } from './schema-ddl';
import { unusedIndexFindings, type IndexUsageSnapshot } from './unused';

const schema = schemaFromDdl(
  'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, p INT, UNIQUE KEY u (b), KEY ka (a), KEY kp (p), CONSTRAINT fk FOREIGN KEY (p) REFERENCES par (id)); CREATE TABLE idle (id INT PRIMARY KEY, x INT, KEY kx (x))',
);
const usage = (age: number, over: Partial<IndexUsageSnapshot> = {}): IndexUsageSnapshot => ({
  source: 'performance_schema',
  countersAgeSec: age,
  indexReads: [{ table: 't', index: 'PRIMARY', reads: 10 }],
  tableActivity: [{ table: 't', reads: 100, writes: 5 }],
  note: null,
  ...over,
});

describe('unusedIndexFindings', () => {
  it('grades confidence by counter age and table activity, and never proposes dropping constraints', () => {
    const f = unusedIndexFindings(schema, usage(30 * 86_400));
    const by = (i: string) => f.find((x) => x.index === i)!;
    expect(by('ka')).toMatchObject({ confidence: 'high', severity: 'warning', fix: 'ALTER TABLE `t` DROP INDEX `ka`' });
    expect(by('u')).toMatchObject({ confidence: 'low', fix: null });
    expect(by('kp').evidence.constraint).toBe('backs the FOREIGN KEY fk');
    expect(by('kx').confidence).toBe('low');
    expect(f.some((x) => x.index === 'PRIMARY')).toBe(false);
    expect(unusedIndexFindings(schema, usage(3600)).find((x) => x.index === 'ka')!.confidence).toBe('low');
    expect(unusedIndexFindings(schema, usage(2 * 86_400)).find((x) => x.index === 'ka')!.confidence).toBe('medium');
  });

  it('skips indexes that were read and reports nothing without counters', () => {
    expect(unusedIndexFindings(schema, usage(86_400 * 8, { indexReads: [{ table: 't', index: 'ka', reads: 1 }] })).some((x) => x.index === 'ka')).toBe(false);
    expect(unusedIndexFindings(schema, usage(0, { source: 'unavailable' }))).toEqual([]);
  });
});
