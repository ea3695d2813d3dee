/**
 * A replica whose SQL thread is stopped reports Seconds_Behind_Master as NULL, so a stalled
 * replica would read as "no lag" exactly when it falls behind. When the IO thread has received
 * source events the SQL thread has not applied (read position ≠ executed position), the lag is
 * at least the time since that backlog was first seen; this fills it in from the sampler's memory.
 */
import type { ReplicaChannel } from '../../../shared/contract/tuner';

/** When each channel's backlog was first seen (ms), carried from one sample to the next. */
export type BacklogSince = Readonly<Record<string, number>>;

/** True when the SQL thread is not applying and the IO thread has received events it has not applied. */
export function hasStalledBacklog(c: ReplicaChannel): boolean {
  const applying = /^yes$/i.test(c.sqlRunning ?? '');
  return !applying && !!c.readPosition && !!c.executedPosition && c.readPosition !== c.executedPosition;
}

/** Channels with a NULL lag and a stalled backlog get the seconds since the backlog was first seen. */
export function fillStalledLag(
  channels: readonly ReplicaChannel[],
  since: BacklogSince,
  nowMs: number,
): { channels: ReplicaChannel[]; since: Record<string, number> } {
  const next: Record<string, number> = {};
  const filled = channels.map((c) => {
    if (c.secondsBehind !== null || !hasStalledBacklog(c)) return c;
    const start = since[c.channel] ?? nowMs;
    next[c.channel] = start;
    return { ...c, secondsBehind: Math.max(0, Math.round((nowMs - start) / 1000)) };
  });
  return { channels: filled, since: next };
}
