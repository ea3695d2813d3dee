import { describe, expect, it } from 'vitest';
import { slowLogEverythingRule } from './slow-log-everything.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('slow-log-everything on %s', (name) => {
  it('fires on the captured capture setting (on, long_query_time = 0) and proposes the SLO threshold', () => {
    const f = slowLogEverythingRule.check(fixtureInput(name))!;
    expect(f).not.toBeNull();
    expect(f.severity).toBe('warning');
    expect(f.changes.map((c) => [c.name, c.recommended])).toEqual([['long_query_time', '0.2']]);
  });

  it('measures the growth from the two samples: file bytes when visible', () => {
    const input = fixtureInput(name, { intervalSeconds: 60 });
    const snapshot = { ...input.snapshot, slowLogBytes: { before: 10_000_000, after: 13_300_000 } };
    const f = slowLogEverythingRule.check({ ...input, snapshot })!;
    // 3.3 MB in 60 s → 198 MB an hour.
    expect(f.result).toEqual({ name: 'slow log growth per hour', value: 198_000_000, unit: 'bytes' });
    expect(f.message).toContain('in 60 s');
    expect(f.inputs.find((i) => i.name === 'slow log growth')?.source).toBe('derived');
  });

  it('falls back to the logged entries per second when the file is not visible', () => {
    const f = slowLogEverythingRule.check(fixtureInput(name, { intervalSeconds: 10, rates: { Slow_queries: 50 } }))!;
    expect(f.message).toContain('50 entries a second');
    expect(f.inputs.find((i) => i.name === 'Slow_queries')).toMatchObject({ source: 'status-rate', value: 50 });
  });

  it('stays quiet with a real threshold or the log off', () => {
    expect(slowLogEverythingRule.check(fixtureInput(name, { variables: { long_query_time: '0.2' } }))).toBeNull();
    expect(slowLogEverythingRule.check(fixtureInput(name, { variables: { slow_query_log: 'OFF' } }))).toBeNull();
  });
});
