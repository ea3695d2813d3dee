import { describe, expect, it } from 'vitest';
import { memoryWorstCaseRule } from './memory-worst-case.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

const GIB = 1024 ** 3;

describe.each(fixtureNames)('memory-worst-case on %s', (name) => {
  it('stays quiet with stock buffers on a 4 GiB host', () => {
    expect(memoryWorstCaseRule.check(fixtureInput(name))).toBeNull();
  });

  it('fires when max_connections × per-thread buffers exceeds RAM, and shows the sum', () => {
    const input = fixtureInput(name, { variables: { sort_buffer_size: 64 * 1024 ** 2, max_connections: 500 } });
    const f = memoryWorstCaseRule.check(input);
    expect(f).not.toBeNull();
    const per = f!.inputs.find((i) => i.name === 'per-thread buffers')!.value as number;
    const global = f!.inputs.find((i) => i.name === 'global buffers')!.value as number;
    expect(f!.result.value).toBe(global + 500 * per);
    expect(per).toBeGreaterThan(64 * 1024 ** 2);
    expect(f!.inputs.some((i) => i.name === 'host RAM' && i.value === 4 * GIB)).toBe(true);
  });

  it('proposes a lower max_connections only when it stays above the observed peak', () => {
    const input = fixtureInput(name, { variables: { max_connections: 5000 }, status: { Max_used_connections: 20 } });
    const f = memoryWorstCaseRule.check(input)!;
    const c = f.changes.find((x) => x.name === 'max_connections')!;
    expect(Number(c.recommended)).toBeGreaterThanOrEqual(25);
    expect(Number(c.recommended)).toBeLessThan(5000);
    expect(c.dynamic).toBe(true);
  });

  it('cannot measure without host RAM', () => {
    expect(memoryWorstCaseRule.check(fixtureInput(name, { host: { ramBytes: null, cores: null, source: 'unknown' } }))).toBeNull();
  });
});
