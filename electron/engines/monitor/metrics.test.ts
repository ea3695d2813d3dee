import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { monitorSample } from '../../../shared/contract/monitor';
import { computeSample } from './metrics';

interface Fixture {
  server: string;
  capturedAt: string;
  intervalSec: number;
  variables: Record<string, string>;
  before: Record<string, string>;
  after: Record<string, string>;
}

const load = (name: string): Fixture => JSON.parse(readFileSync(new URL(`./fixtures/status-${name}.json`, import.meta.url), 'utf8')) as Fixture;
const d = (f: Fixture, k: string) => Number(f.after[k]) - Number(f.before[k]);

describe.each(['mariadb-10.11', 'mysql-9.7'])('computeSample on %s status reads', (name) => {
  const f = load(name);
  const s = computeSample({ before: f.before, after: f.after, variables: f.variables, intervalSec: f.intervalSec, at: f.capturedAt, channels: [] });

  it('is a valid sample stamped with the second read', () => {
    expect(() => monitorSample.parse(s)).not.toThrow();
    expect(s.at).toBe(f.capturedAt);
  });

  it('turns counters into per-second deltas over the measured interval', () => {
    expect(s.metrics.qps).toBeCloseTo(d(f, 'questions') / f.intervalSec, 3);
    expect(s.metrics.qps).toBeGreaterThan(20); // the capture ran 50 SELECTs
    expect(s.metrics.tps).toBeCloseTo((d(f, 'com_commit') + d(f, 'com_rollback')) / f.intervalSec, 3);
    expect(s.metrics.bytes_received_per_s).toBeCloseTo(d(f, 'bytes_received') / f.intervalSec, 2);
    expect(s.metrics.slow_queries_per_min).toBeCloseTo((60 * d(f, 'slow_queries')) / f.intervalSec, 2);
  });

  it('reads gauges at the second read and ratios from the interval', () => {
    expect(s.metrics.threads_connected).toBe(Number(f.after.threads_connected));
    expect(s.metrics.max_connections).toBe(Number(f.variables.max_connections));
    expect(s.metrics.connections_pct).toBeCloseTo((100 * Number(f.after.threads_connected)) / Number(f.variables.max_connections), 3);
    const req = d(f, 'innodb_buffer_pool_read_requests');
    if (req > 0) expect(s.metrics.buffer_pool_hit_pct).toBeCloseTo(100 * (1 - d(f, 'innodb_buffer_pool_reads') / req), 3);
    expect(s.metrics.buffer_pool_pages_total).toBe(Number(f.after.innodb_buffer_pool_pages_total));
  });

  it('reports rows read from what the flavor has (Innodb_rows_read, or Rows_read on MariaDB)', () => {
    const key = name.startsWith('mariadb') ? 'rows_read' : 'innodb_rows_read';
    expect(f.after.innodb_rows_read === undefined).toBe(name.startsWith('mariadb'));
    expect(s.metrics.rows_read_per_s).toBeCloseTo(d(f, key) / f.intervalSec, 3);
  });

  it('has no replica metrics on a server that is no replica, and no host metrics unless given', () => {
    expect(s.metrics.replication_lag_s).toBeNull();
    expect(s.metrics.replica_running).toBeNull();
    expect(s.metrics.host_cpu_pct).toBeNull();
  });
});

describe('computeSample edge cases', () => {
  const base = { variables: { max_connections: '100' }, at: '2026-01-01T00:00:10.000Z', channels: [] };
  it('reads a counter that went backwards (restart) as unknown, not as a negative rate', () => {
    const s = computeSample({ ...base, before: { questions: '1000' }, after: { questions: '10' }, intervalSec: 5 });
    expect(s.metrics.qps).toBeNull();
  });
  it('takes the worst lag over channels and flags a stopped thread', () => {
    const s = computeSample({
      ...base,
      before: {},
      after: {},
      intervalSec: 1,
      channels: [
        { channel: 'a', sourceHost: 'x', ioRunning: 'Yes', sqlRunning: 'Yes', secondsBehind: 12, lastError: null },
        { channel: 'b', sourceHost: 'y', ioRunning: 'Yes', sqlRunning: 'No', secondsBehind: null, lastError: 'boom' },
      ],
    });
    expect(s.metrics.replication_lag_s).toBe(12);
    expect(s.metrics.replica_running).toBe(0);
  });
});
