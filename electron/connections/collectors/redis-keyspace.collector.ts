/**
 * The whole-keyspace scan: SCAN with COUNT on every primary, and for each batch the per-key reads
 * (type, encoding, PTTL, MEMORY USAGE, element count of collections). By default the reads run as
 * one read-only script per batch (EVALSHA_RO with the `no-writes` flag, so the server itself
 * refuses any write; the keys go as arguments so a cluster node accepts keys of many slots); where
 * scripts are unavailable (before Redis 7, ACLs, managed services) they are pipelined commands.
 * The next SCAN is sent while a batch's reads are in flight. The scan stops cleanly on cancel or
 * at the sample size, with each node's cursor saved so it can be resumed, and pauses after every
 * N SCAN calls when throttled.
 */
import { createHash } from 'node:crypto';
import type { RedisClientType } from 'redis';
import type { ScanOptions } from '../../../shared/contract/redis';
import { AppError } from '../../../shared/contract/core';
import { addKey, type KeyRead, type KeyspaceAcc } from '../../engines/redis/keyspace-stats';

/**
 * Reads type, encoding, PTTL, MEMORY USAGE and element count of the keys given as ARGV.
 * Strings (embstr/raw/int encodings) skip TYPE; a key gone since SCAN reports type none.
 * https://redis.io/docs/latest/develop/interact/programmability/eval-intro/#script-flags
 */
export const KEY_READ_SCRIPT = `#!lua flags=no-writes,allow-cross-slot-keys
local o = {}
for _, k in ipairs(ARGV) do
  local e = redis.call('OBJECT', 'ENCODING', k)
  if not e then
    o[#o+1] = 'none'; o[#o+1] = ''; o[#o+1] = -2; o[#o+1] = -1; o[#o+1] = -1
  else
    local t
    if e == 'embstr' or e == 'raw' or e == 'int' then t = 'string' else t = redis.call('TYPE', k)['ok'] end
    local n = -1
    if t == 'hash' then n = redis.call('HLEN', k)
    elseif t == 'list' then n = redis.call('LLEN', k)
    elseif t == 'set' then n = redis.call('SCARD', k)
    elseif t == 'zset' then n = redis.call('ZCARD', k)
    elseif t == 'stream' then n = redis.call('XLEN', k) end
    o[#o+1] = t; o[#o+1] = e; o[#o+1] = redis.call('PTTL', k); o[#o+1] = redis.call('MEMORY', 'USAGE', k) or -1; o[#o+1] = n
  end
end
return o`;

/** The script's SHA1, as EVALSHA names it. */
export const KEY_READ_SHA = createHash('sha1').update(KEY_READ_SCRIPT).digest('hex');

/** Where one node's scan stands. */
export interface NodeScan {
  node: string;
  cursor: string;
  done: boolean;
  scans: number;
  keys: number;
}

/** How a node's per-key reads are issued. */
export type ReadMode = 'script' | 'pipeline';

/** Progress of the scan: keys read so far on this node. */
export type ScanProgress = (node: string, keys: number) => void;

const LENGTH: Readonly<Record<string, string>> = { hash: 'HLEN', list: 'LLEN', set: 'SCARD', zset: 'ZCARD', stream: 'XLEN' };

/** Chooses the read mode: the script when the server runs it, else pipelined commands (with the reason). */
export async function chooseReadMode(client: RedisClientType, wanted: ScanOptions['mode']): Promise<{ mode: ReadMode; note: string | null }> {
  if (wanted === 'pipeline') return { mode: 'pipeline', note: null };
  try {
    await client.sendCommand(['SCRIPT', 'LOAD', KEY_READ_SCRIPT]);
    await client.sendCommand(['EVALSHA_RO', KEY_READ_SHA, '0']);
    return { mode: 'script', note: null };
  } catch (err) {
    if (wanted === 'script') throw new AppError('UNSUPPORTED', `The read-only scan script cannot run here: ${(err as Error).message}`);
    return { mode: 'pipeline', note: `scripts unavailable (${(err as Error).message.slice(0, 120)}); per-key reads pipelined instead` };
  }
}

const toNum = (v: unknown): number => (typeof v === 'number' ? v : v === null || v === undefined ? -1 : Number(v));

/** Reads one batch of keys through the script. */
async function readByScript(client: RedisClientType, keys: readonly string[], node: string): Promise<KeyRead[]> {
  const flat = (await client.sendCommand(['EVALSHA_RO', KEY_READ_SHA, '0', ...keys])) as unknown[];
  const out: KeyRead[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const j = i * 5;
    const bytes = toNum(flat[j + 3]);
    const elements = toNum(flat[j + 4]);
    out[i] = {
      key: keys[i]!,
      type: String(flat[j]),
      encoding: String(flat[j + 1]),
      pttlMs: toNum(flat[j + 2]),
      bytes: bytes < 0 ? null : bytes,
      elements: elements < 0 ? null : elements,
      node,
    };
  }
  return out;
}

/** Reads one batch of keys through pipelined commands (node-redis sends the commands of one tick together). */
async function readByPipeline(client: RedisClientType, keys: readonly string[], node: string): Promise<KeyRead[]> {
  const first = await Promise.all(
    keys.map((k) =>
      Promise.all([
        client.sendCommand(['TYPE', k]),
        client.sendCommand(['OBJECT', 'ENCODING', k]),
        client.sendCommand(['PTTL', k]),
        client.sendCommand(['MEMORY', 'USAGE', k]),
      ]),
    ),
  );
  const lengths = await Promise.all(
    keys.map((k, i) => {
      const cmd = LENGTH[String(first[i]![0])];
      return cmd ? client.sendCommand([cmd, k]) : Promise.resolve(null);
    }),
  );
  return keys.map((key, i) => {
    const [type, enc, pttl, mem] = first[i]!;
    const bytes = toNum(mem);
    return {
      key,
      type: String(type),
      encoding: enc === null ? '' : String(enc),
      pttlMs: toNum(pttl),
      bytes: bytes < 0 ? null : bytes,
      elements: lengths[i] === null ? null : toNum(lengths[i]),
      node,
    };
  });
}

/** Resolves after ms, or at once when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** Batches whose reads may be in flight while the next SCAN runs. */
const IN_FLIGHT = 3;

/**
 * Scans one node from `state.cursor` until the end, the sample size, or the signal; every key read
 * is added to `acc`. On return `state` holds the cursor after the last batch that was fully added.
 */
export async function scanNode(
  client: RedisClientType,
  state: NodeScan,
  acc: KeyspaceAcc,
  opts: Pick<ScanOptions, 'count' | 'sample' | 'pauseEvery' | 'pauseMs'>,
  mode: ReadMode,
  signal: AbortSignal,
  progress: ScanProgress,
): Promise<void> {
  const read = mode === 'script' ? readByScript : readByPipeline;
  const inflight: Array<Promise<void>> = [];
  let failure: unknown = null;
  const settle = async () => {
    const p = inflight.shift();
    if (p) await p;
  };
  while (!state.done && !signal.aborted && failure === null) {
    if (opts.sample !== undefined && state.keys >= opts.sample) break;
    const [next, keys] = (await client.sendCommand(['SCAN', state.cursor, 'COUNT', String(opts.count)])) as [string, string[]];
    state.scans++;
    if (keys.length) {
      inflight.push(
        read(client, keys, state.node).then(
          (reads) => {
            for (const r of reads) addKey(acc, r);
            progress(state.node, (state.keys += keys.length));
          },
          (err: unknown) => {
            failure ??= err;
          },
        ),
      );
    }
    state.cursor = String(next);
    if (state.cursor === '0') state.done = true;
    if (inflight.length >= IN_FLIGHT) await settle();
    if (opts.pauseMs > 0 && state.scans % opts.pauseEvery === 0) await pause(opts.pauseMs, signal);
  }
  while (inflight.length) await settle();
  if (failure !== null) throw failure;
}
