/**
 * The whole-keyspace scan on every primary, each key's type, encoding, PTTL, MEMORY USAGE and
 * element count (collections). By default each step is one read-only script (EVALSHA_RO with the
 * `no-writes` flag, so the server itself refuses any write) that runs SCAN and reads the keys it
 * returned, on the node it is sent to; where scripts are unavailable (before Redis 7, ACLs, managed
 * services) SCAN is followed by pipelined commands. The scan stops cleanly on cancel or at the
 * sample size, with each node's cursor saved so it can be resumed, and pauses after every N SCAN
 * calls when throttled. */
import { createHash } from 'node:crypto';
import type { RedisClientType } from 'redis';
import type { ScanOptions } from '../../../shared/contract/redis';
import { AppError } from '../../../shared/contract/core';
import { addKey, type KeyRead, type KeyspaceAcc } from '../../engines/redis/keyspace-stats';

/**
 * One scan step on the server: SCAN from ARGV[1] with COUNT ARGV[2], then for each key returned
 * MEMORY USAGE (first, as the key's first touch), OBJECT ENCODING, PTTL and, for collections only,
 * TYPE and the element count. Keys travel once (in this reply), not back as arguments; the reads
 * come back as one comma-joined string (encoding or type:encoding, PTTL, bytes, elements per key)
 * that the client splits, instead of thousands of reply elements. A key gone since SCAN reads
 * `none,-2,-1,-1`. https://redis.io/docs/latest/develop/interact/programmability/eval-intro/#script-flags
 */
export const KEY_READ_SCRIPT = `#!lua flags=no-writes,allow-cross-slot-keys
local call = redis.call
local r = call('SCAN', ARGV[1], 'COUNT', ARGV[2])
local ks = r[2]
local o = {}
local j = 0
for i = 1, #ks do
  local k = ks[i]
  local m = call('MEMORY', 'USAGE', k)
  if not m then
    o[j+1] = 'none'; o[j+2] = -2; o[j+3] = -1; o[j+4] = -1
  else
    local e = call('OBJECT', 'ENCODING', k)
    local n = -1
    if e ~= 'embstr' and e ~= 'raw' and e ~= 'int' then
      local t = call('TYPE', k)['ok']
      if t == 'hash' then n = call('HLEN', k) elseif t == 'list' then n = call('LLEN', k) elseif t == 'set' then n = call('SCARD', k) elseif t == 'zset' then n = call('ZCARD', k) elseif t == 'stream' then n = call('XLEN', k) end
      e = t .. ':' .. e
    end
    o[j+1] = e; o[j+2] = call('PTTL', k); o[j+3] = m; o[j+4] = n
  end
  j = j + 4
end
return {r[1], ks, table.concat(o, ',')}`;

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
    await client.sendCommand(['EVALSHA_RO', KEY_READ_SHA, '0', '0', '1']);
    return { mode: 'script', note: null };
  } catch (err) {
    if (wanted === 'script') throw new AppError('UNSUPPORTED', `The read-only scan script cannot run here: ${(err as Error).message}`);
    return { mode: 'pipeline', note: `scripts unavailable (${(err as Error).message.slice(0, 120)}); per-key reads pipelined instead` };
  }
}

const toNum = (v: unknown): number => (typeof v === 'number' ? v : v === null || v === undefined ? -1 : Number(v));

/** Turns one script reply (cursor, keys, the joined reads) into the keys' reads. */
export function parseScriptBatch(reply: unknown, node: string): { cursor: string; reads: KeyRead[] } {
  const [cursor, keys, joined] = reply as [string | number, string[], string];
  const f = keys.length ? String(joined).split(',') : [];
  if (f.length !== keys.length * 4) throw new AppError('INTERNAL', `The scan script returned ${f.length} fields for ${keys.length} keys`);
  const reads: KeyRead[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const j = i * 4;
    const te = f[j]!;
    const colon = te.indexOf(':');
    const bytes = Number(f[j + 2]);
    const elements = Number(f[j + 3]);
    reads[i] = {
      key: keys[i]!,
      type: te === 'none' ? 'none' : colon < 0 ? 'string' : te.slice(0, colon),
      encoding: te === 'none' ? '' : colon < 0 ? te : te.slice(colon + 1),
      pttlMs: Number(f[j + 1]),
      bytes: bytes < 0 ? null : bytes,
      elements: elements < 0 ? null : elements,
      node,
    };
  }
  return { cursor: String(cursor), reads };
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

/** Batches whose reads may be in flight while the next SCAN runs (pipelined reads). */
const IN_FLIGHT = 3;

/** True when the scan should stop before asking for another batch. */
function shouldStop(state: NodeScan, opts: Pick<ScanOptions, 'sample'>, signal: AbortSignal): boolean {
  return state.done || signal.aborted || (opts.sample !== undefined && state.keys >= opts.sample);
}

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
  if (mode === 'script') return scanNodeByScript(client, state, acc, opts, signal, progress);
  return scanNodeByPipeline(client, state, acc, opts, signal, progress);
}

/**
 * The script path: each step scans and reads on the server in one call. The next step is asked for
 * as soon as a reply gives its cursor, so the server works on it while this batch is counted; a
 * step asked for when the scan then stops (cancel, sample) is awaited and dropped, so the saved
 * cursor is always that of the last batch counted.
 */
async function scanNodeByScript(
  client: RedisClientType,
  state: NodeScan,
  acc: KeyspaceAcc,
  opts: Pick<ScanOptions, 'count' | 'sample' | 'pauseEvery' | 'pauseMs'>,
  signal: AbortSignal,
  progress: ScanProgress,
): Promise<void> {
  const step = (cursor: string) => client.sendCommand(['EVALSHA_RO', KEY_READ_SHA, '0', cursor, String(opts.count)]);
  let pending: Promise<unknown> | null = shouldStop(state, opts, signal) ? null : step(state.cursor);
  while (pending) {
    const { cursor, reads } = parseScriptBatch(await pending, state.node);
    pending = null;
    state.scans++;
    const done = cursor === '0';
    const keysAfter = state.keys + reads.length;
    const pauseNow = opts.pauseMs > 0 && state.scans % opts.pauseEvery === 0;
    const ahead = !done && !pauseNow && !signal.aborted && (opts.sample === undefined || keysAfter < opts.sample);
    if (ahead) {
      pending = step(cursor);
      // The client writes queued commands on the next turn of the event loop (setImmediate): let it
      // send the next step before this batch is counted, or the server waits for the counting.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    for (const r of reads) addKey(acc, r);
    state.cursor = cursor;
    state.done = done;
    progress(state.node, (state.keys = keysAfter));
    if (pauseNow) await pause(opts.pauseMs, signal);
    if (signal.aborted && pending) {
      await pending.catch(() => undefined);
      pending = null;
    }
    if (!pending && !shouldStop(state, opts, signal)) pending = step(state.cursor);
  }
}

/** The pipelined path: SCAN, then the batch's reads as pipelined commands, a few batches in flight. */
async function scanNodeByPipeline(
  client: RedisClientType,
  state: NodeScan,
  acc: KeyspaceAcc,
  opts: Pick<ScanOptions, 'count' | 'sample' | 'pauseEvery' | 'pauseMs'>,
  signal: AbortSignal,
  progress: ScanProgress,
): Promise<void> {
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
        readByPipeline(client, keys, state.node).then(
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
