/**
 * Downsampling for the dashboard's history: averages samples into fixed time buckets so a 7-day
 * range is a few hundred points, and so the workspace keeps minute averages for a week instead
 * of every raw sample. Nulls are left out of an average; a bucket of nulls stays null. Pure.
 */
import { metricKeys, type MonitorSample, type SampleMetrics } from '../../../shared/contract/monitor';

/** Averages samples into buckets of `bucketSec` aligned on the epoch; each bucket is stamped at its start. */
export function downsample(samples: readonly MonitorSample[], bucketSec: number): MonitorSample[] {
  if (bucketSec <= 0) return [...samples];
  const buckets = new Map<number, MonitorSample[]>();
  for (const s of samples) {
    const key = Math.floor(Date.parse(s.at) / 1000 / bucketSec) * bucketSec;
    if (!buckets.has(key)) buckets.set(key, []);
    buckets.get(key)!.push(s);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, group]) => {
      const metrics = {} as Record<keyof SampleMetrics, number | null>;
      for (const k of metricKeys) {
        const vals = group.map((g) => g.metrics[k]).filter((v): v is number => v !== null);
        metrics[k] = vals.length === 0 ? null : Math.round((vals.reduce((a, b) => a + b, 0) / vals.length) * 10_000) / 10_000;
      }
      return { at: new Date(start * 1000).toISOString(), intervalSec: group.reduce((a, g) => a + g.intervalSec, 0), metrics };
    });
}

/** The bucket that keeps a range under `maxPoints` points, from a ladder of round sizes. */
export function bucketFor(rangeSec: number, maxPoints = 600): number {
  const ladder = [0, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600];
  for (const b of ladder) if (b === 0 ? rangeSec <= maxPoints : rangeSec / b <= maxPoints) return b;
  return 3600;
}
