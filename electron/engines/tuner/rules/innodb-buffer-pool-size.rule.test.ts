import { describe, expect, it } from 'vitest';
import { innodbBufferPoolSizeRule } from './innodb-buffer-pool-size.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const data = (bytes: number) => [{ schema: 'app', engine: 'InnoDB', tables: 10, dataBytes: bytes, indexBytes: 0 }];

describe.each(fixtureNames)('innodb-buffer-pool-size on %s', (name) => {
  it('is quiet when the pool covers the data', () => {
    expect(innodbBufferPoolSizeRule.check(fixtureInput(name, { schemas: data(100 * MIB) }))).toBeNull();
  });

  it('flags a tiny pool and recommends data × 1.25 rounded to 128 MiB', () => {
    const f = innodbBufferPoolSizeRule.check(fixtureInput(name, { variables: { innodb_buffer_pool_size: 8 * MIB }, schemas: data(1 * GIB) }))!;
    expect(f.changes[0]).toMatchObject({ name: 'innodb_buffer_pool_size', recommended: String(1280 * MIB), dynamic: true });
    expect(f.recommendation.computation).toContain('1.25');
  });

  it('caps the recommendation at 70% of RAM', () => {
    const f = innodbBufferPoolSizeRule.check(fixtureInput(name, { schemas: data(100 * GIB) }))!;
    expect(Number(f.changes[0]!.recommended)).toBeLessThanOrEqual(0.7 * 4 * GIB);
  });

  it('flags a pool above 90% of RAM as critical', () => {
    const f = innodbBufferPoolSizeRule.check(fixtureInput(name, { variables: { innodb_buffer_pool_size: 4 * GIB }, schemas: data(100 * MIB) }))!;
    expect(f.severity).toBe('critical');
  });
});
