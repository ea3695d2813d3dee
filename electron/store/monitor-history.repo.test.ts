import { describe, expect, it } from 'vitest';
import { metricKeys, type MonitorSample, type SampleMetrics } from '../../shared/contract/monitor';
import { MonitorHistoryRepo, MINUTE_RETENTION_MS, RAW_RETENTION_MS } from './monitor-history.repo';
import { openWorkspace } from './workspace.store';

const empty = Object.fromEntries(metricKeys.map((k) => [k, null])) as SampleMetrics;
const T0 = Date.UTC(2026, 0, 1);
const sample = (ms: number, qps: number): MonitorSample => ({ at: new Date(ms).toISOString(), intervalSec: 10, metrics: { ...empty, qps } });

describe('MonitorHistoryRepo', () => {
  it('keeps raw samples 6 h and minute averages 7 days, and reads a range across both', () => {
    const db = openWorkspace(':memory:');
    const repo = new MonitorHistoryRepo(db);
    // 8 days of a sample every 10 minutes... plus a dense last hour (every 10 s).
    const now = T0 + 8 * 86_400_000;
    for (let t = T0; t < now - 3600_000; t += 600_000) repo.add('c1', sample(t, 1), t + 1000);
    for (let t = now - 3600_000; t < now; t += 10_000) repo.add('c1', sample(t, 2), t + 1000);
    repo.add('c2', sample(now - 5000, 99), now);
    repo.compact('c1', now);

    const count = (resolution: number, beforeMs: number) =>
      (
        db.prepare('SELECT COUNT(*) AS n FROM monitor_samples WHERE connection_id = ? AND resolution = ? AND at_ms < ?').get('c1', resolution, beforeMs) as {
          n: number;
        }
      ).n;
    expect(count(0, now - RAW_RETENTION_MS)).toBe(0);
    expect(count(60, now - MINUTE_RETENTION_MS)).toBe(0);
    expect(count(60, now)).toBeGreaterThan(1000);
    const week = repo.range('c1', now - 7 * 86_400_000, now, now);
    // Nothing older than the minute retention survives; raw points only within the raw retention.
    expect(Date.parse(week[0]!.at)).toBeGreaterThanOrEqual(now - MINUTE_RETENTION_MS);
    // The last hour is every raw sample (one per 10 s).
    expect(week.filter((s) => Date.parse(s.at) >= now - 3600_000).map((s) => s.metrics.qps)).toEqual(Array(360).fill(2));
    // Before the raw retention only minute averages remain (one sample per 10 min there: each minute holds one).
    const minutes = week.filter((s) => Date.parse(s.at) < now - RAW_RETENTION_MS);
    expect(minutes.length).toBeGreaterThan(900);
    expect(minutes.every((m) => m.metrics.qps === 1 && Date.parse(m.at) % 60_000 === 0)).toBe(true);
    // Other connections are apart.
    expect(repo.range('c2', now - 60_000, now, now).map((s) => s.metrics.qps)).toEqual([99]);
  });

  it('averages a finished minute of raw samples into one point', () => {
    const repo = new MonitorHistoryRepo(openWorkspace(':memory:'));
    const base = T0 + 3600_000;
    for (let i = 0; i < 6; i++) repo.add('c', sample(base + i * 10_000, i * 2), base);
    const later = base + RAW_RETENTION_MS + 120_000;
    repo.compact('c', later);
    const [m] = repo.range('c', base - 1, base + 60_000, later);
    expect(m).toMatchObject({ at: new Date(base).toISOString(), intervalSec: 60 });
    expect(m!.metrics.qps).toBe(5); // mean of 0, 2, 4, 6, 8, 10
  });

  it('stores alert events and the user rules', () => {
    const repo = new MonitorHistoryRepo(openWorkspace(':memory:'));
    repo.addEvents('c', [{ ruleId: 'r', severity: 'warning', state: 'firing', at: 'a', since: 's', value: 3, message: 'm', notify: false }]);
    expect(repo.events('c', 10)).toEqual([
      { connectionId: 'c', ruleId: 'r', severity: 'warning', state: 'firing', at: 'a', since: 's', value: 3, message: 'm', notify: false },
    ]);
    expect(repo.rules()).toBeNull();
    repo.saveRules([{ id: 'x', summary: 's', source: 'user', expr: 'qps > 1', params: [], forSec: 0, severity: 'notice', cooldownSec: 0, message: 'm' }]);
    expect(repo.rules()?.map((r) => r.id)).toEqual(['x']);
    repo.clearRules();
    expect(repo.rules()).toBeNull();
  });
});
