/**
 * The Redis write path: EXPIRE … NX and UNLINK on a given key list, in batches with a pause. Only
 * the plan executor (electron/actions/) may use it; the linter enforces that.
 */
import type { RedisClientType } from 'redis';

/** Result of one batched write. */
export interface WriteOutcome {
  /** Keys the server reported changed (EXPIRE replies 1, UNLINK's count). */
  changed: number;
  batches: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one write per key in batches of `batch` (sent together), pausing `pauseMs` between batches
 * and stopping between batches when the signal aborts; `changed` sums what the server replied.
 */
async function perKeyInBatches(
  keys: readonly string[],
  batch: number,
  pauseMs: number,
  signal: AbortSignal,
  onBatch: (done: number) => void,
  write: (key: string) => Promise<unknown>,
): Promise<WriteOutcome> {
  let changed = 0;
  let batches = 0;
  for (let i = 0; i < keys.length && !signal.aborted; i += batch) {
    const part = keys.slice(i, i + batch);
    const replies = await Promise.all(part.map(write));
    changed += replies.reduce((a: number, r) => a + Number(r), 0);
    batches++;
    onBatch(i + part.length);
    if (pauseMs && i + batch < keys.length) await sleep(pauseMs);
  }
  return { changed, batches };
}

/** Sets a TTL on keys that have none (NX: a TTL set meanwhile is kept; the reply is 1 when set). */
export function expireKeysNx(
  client: RedisClientType,
  keys: readonly string[],
  ttlSeconds: number,
  batch: number,
  pauseMs: number,
  signal: AbortSignal,
  onBatch: (done: number) => void,
): Promise<WriteOutcome> {
  return perKeyInBatches(keys, batch, pauseMs, signal, onBatch, (k) => client.sendCommand(['EXPIRE', k, String(ttlSeconds), 'NX']));
}

/**
 * Deletes keys with UNLINK (memory freed in the background). One UNLINK per key: on a cluster node
 * the keys of a batch may lie in different slots.
 */
export function unlinkKeys(
  client: RedisClientType,
  keys: readonly string[],
  batch: number,
  pauseMs: number,
  signal: AbortSignal,
  onBatch: (done: number) => void,
): Promise<WriteOutcome> {
  return perKeyInBatches(keys, batch, pauseMs, signal, onBatch, (k) => client.sendCommand(['UNLINK', k]));
}
