import { describe, expect, it } from 'vitest';
import { perThreadBuffersRule } from './per-thread-buffers.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('per-thread-buffers on %s', (name) => {
  it('is quiet on the captured defaults', () => {
    expect(perThreadBuffersRule.check(fixtureInput(name))).toBeNull();
  });

  it('flags huge sort and join buffers and proposes the defaults', () => {
    const f = perThreadBuffersRule.check(fixtureInput(name, { variables: { sort_buffer_size: 64 << 20, join_buffer_size: 32 << 20 } }))!;
    const sortDefault = name === 'mariadb-10.11' ? '2097152' : '262144';
    expect(f.changes.map((c) => [c.name, c.recommended])).toEqual([
      ['sort_buffer_size', sortDefault],
      ['join_buffer_size', '262144'],
    ]);
    expect(f.result.value).toBe(2);
    expect(f.message).toContain('64 MiB');
  });
});
