import { describe, expect, it } from 'vitest';
import { metricKeys, type MonitorSample, type SampleMetrics } from '../../../shared/contract/monitor';
import { bucketFor, downsample } from './downsample';

const empty = Object.fromEntries(metricKeys.map((k) => [k, null])) as SampleMetrics;
const s = (sec: number, qps: number | null): MonitorSample => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, sec)).toISOString(),
  intervalSec: 5,
  metrics: { ...empty, qps },
});

describe('downsample', () => {
  it('averages each bucket, leaving nulls out, stamped at the bucket start', () => {
    const out = downsample([s(0, 10), s(20, 20), s(40, null), s(61, 5), s(65, null)], 60);
    expect(out.map((o) => [o.at.slice(11, 19), o.metrics.qps, o.intervalSec])).toEqual([
      ['00:00:00', 15, 15],
      ['00:01:00', 5, 10],
    ]);
  });
  it('keeps a bucket of nulls null', () => {
    expect(downsample([s(0, null)], 60)[0]!.metrics.qps).toBeNull();
  });
  it('chooses raw points for 5 minutes and keeps 7 days under 600 points', () => {
    expect(bucketFor(300)).toBe(0);
    expect(bucketFor(3600)).toBe(10);
    expect((7 * 86_400) / bucketFor(7 * 86_400)).toBeLessThanOrEqual(600);
  });
});
