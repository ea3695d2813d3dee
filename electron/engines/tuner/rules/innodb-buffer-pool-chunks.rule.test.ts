import { describe, expect, it } from 'vitest';
import { innodbBufferPoolChunksRule } from './innodb-buffer-pool-chunks.rule';
import { fixtureInput } from '../fixtures/snapshots';

describe('innodb-buffer-pool-chunks', () => {
  it('treats chunk size 0 on MariaDB 10.11 as autosize, never dividing by it', () => {
    const input = fixtureInput('mariadb-10.11', { variables: { innodb_buffer_pool_chunk_size: 0 } });
    const m = innodbBufferPoolChunksRule.measure(input)!;
    expect(m.evaluation.fires).toBe(false);
    expect(m.inputs.some((i) => i.value === 'autosize (pool / 64)')).toBe(true);
    expect(innodbBufferPoolChunksRule.check(input)).toBeNull();
  });

  it('is quiet on the captured MySQL 9.7 defaults', () => {
    expect(innodbBufferPoolChunksRule.check(fixtureInput('mysql-9.7'))).toBeNull();
  });

  it('flags a pool that is not a multiple of chunk × instances on MySQL', () => {
    const f = innodbBufferPoolChunksRule.check(fixtureInput('mysql-9.7', { variables: { innodb_buffer_pool_size: 200 * 1024 ** 2 } }))!;
    expect(f.message).toContain('rounds it up');
  });

  it('flags more than 1000 chunks and proposes a larger static chunk size', () => {
    const f = innodbBufferPoolChunksRule.check(
      fixtureInput('mysql-9.7', {
        variables: { innodb_buffer_pool_size: 2048 * 1024 ** 2, innodb_buffer_pool_chunk_size: 1024 ** 2, innodb_buffer_pool_instances: 2 },
      }),
    )!;
    expect(f.severity).toBe('warning');
    expect(f.changes[0]).toMatchObject({ name: 'innodb_buffer_pool_chunk_size', recommended: String(3 * 1024 ** 2), dynamic: false });
  });
});
