import { describe, expect, it } from 'vitest';
import type { ReplicaChannel } from '../../../shared/contract/tuner';
import { computeSample } from './metrics';
import { fillStalledLag, hasStalledBacklog } from './stalled-lag';

// As SHOW SLAVE STATUS on the sandbox MariaDB 10.11 replica reads through toChannel.
const running: ReplicaChannel = {
  channel: '',
  sourceHost: '127.0.0.1',
  ioRunning: 'Yes',
  sqlRunning: 'Yes',
  secondsBehind: 0,
  lastError: null,
  readPosition: 'binlog.000002:4512',
  executedPosition: 'binlog.000002:4512',
  receivedGtid: '0-1-340',
};
const stalled: ReplicaChannel = { ...running, sqlRunning: 'No', secondsBehind: null, readPosition: 'binlog.000002:9120' };

describe('lag of a replica whose SQL thread is stopped', () => {
  it('counts from the first sample that saw the backlog and keeps rising', () => {
    const a = fillStalledLag([stalled], {}, 10_000);
    expect(a.channels[0]!.secondsBehind).toBe(0);
    const b = fillStalledLag([stalled], a.since, 14_000);
    expect(b.channels[0]!.secondsBehind).toBe(4);
    const c = fillStalledLag([{ ...stalled, readPosition: 'binlog.000003:400' }], b.since, 21_000);
    expect(c.channels[0]!.secondsBehind).toBe(11);
    // The sample the monitor computes from it reads the lag, so the lag rule can fire.
    const sample = computeSample({ before: {}, after: {}, variables: {}, intervalSec: 1, at: new Date(21_000).toISOString(), channels: c.channels });
    expect(sample.metrics.replication_lag_s).toBe(11);
    expect(sample.metrics.replica_running).toBe(0);
  });

  it('forgets the backlog once the SQL thread applies again', () => {
    const a = fillStalledLag([stalled], {}, 10_000);
    const b = fillStalledLag([running], a.since, 15_000);
    expect(b.channels[0]).toEqual(running);
    expect(b.since).toEqual({});
    const c = fillStalledLag([stalled], b.since, 20_000);
    expect(c.channels[0]!.secondsBehind).toBe(0);
  });

  it('leaves NULL when nothing is waiting to be applied, or the positions are unknown', () => {
    const caughtUp = { ...stalled, readPosition: stalled.executedPosition };
    expect(hasStalledBacklog(caughtUp)).toBe(false);
    expect(fillStalledLag([caughtUp], {}, 1000).channels[0]!.secondsBehind).toBeNull();
    const unknown = { ...stalled, readPosition: null };
    expect(fillStalledLag([unknown], {}, 1000).channels[0]!.secondsBehind).toBeNull();
  });

  it('never overrides a lag the server reports', () => {
    const reported = { ...stalled, sqlRunning: 'Yes', secondsBehind: 7 };
    expect(fillStalledLag([reported], { '': 0 }, 60_000).channels[0]!.secondsBehind).toBe(7);
  });
});
