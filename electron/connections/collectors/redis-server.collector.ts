/**
 * What each primary says about itself (INFO all, INFO keysizes where the server has the section,
 * SLOWLOG GET, DBSIZE), and the primaries of a Redis Cluster (CLUSTER NODES), so the scan covers
 * every one of them.
 */
import type { RedisClientType } from 'redis';
import { parseRedisInfo, type NodeRaw, type SlowlogEntry } from '../../engines/redis/server-report';

/** How many slow-log entries are read per node (the server keeps slowlog-max-len, 128 by default). */
const SLOWLOG_ENTRIES = 1000;

/** Reads one node's INFO, keysizes, slow log and key count. */
export async function collectNodeRaw(client: RedisClientType, node: string): Promise<NodeRaw> {
  const info = parseRedisInfo(String(await client.sendCommand(['INFO', 'all'])));
  // `INFO keysizes` exists from Redis 8; older servers answer an unknown section with nothing.
  const keySizesText = String(await client.sendCommand(['INFO', 'keysizes']));
  const slowlog = (await client.sendCommand(['SLOWLOG', 'GET', String(SLOWLOG_ENTRIES)])) as unknown as SlowlogEntry[];
  const dbKeys = Number(await client.sendCommand(['DBSIZE']));
  return { node, info, keySizesText, slowlog, dbKeys };
}

/** A cluster primary's address. */
export interface ClusterPrimary {
  id: string;
  host: string;
  port: number;
  slots: number;
}

/** Parses CLUSTER NODES: the primaries that are up and serve slots (https://redis.io/docs/latest/commands/cluster-nodes/). */
export function parseClusterNodes(text: string, fallbackHost: string): ClusterPrimary[] {
  const out: ClusterPrimary[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(' ');
    if (f.length < 8) continue;
    const flags = f[2]!.split(',');
    if (!flags.includes('master') || flags.some((x) => x === 'fail' || x === 'noaddr' || x === 'handshake')) continue;
    const addr = f[1]!.split('@')[0]!;
    const i = addr.lastIndexOf(':');
    const slots = f.slice(8).reduce((a, r) => {
      if (r.startsWith('[')) return a; // a slot being migrated or imported
      const [lo, hi] = r.split('-').map(Number);
      return a + ((hi ?? lo!) - lo! + 1);
    }, 0);
    if (slots === 0) continue;
    out.push({ id: f[0]!, host: addr.slice(0, i) || fallbackHost, port: Number(addr.slice(i + 1)), slots });
  }
  return out.sort((a, b) => (a.host === b.host ? a.port - b.port : a.host < b.host ? -1 : 1));
}

/** The primaries to scan: this node alone, or every primary of its cluster. */
export async function primariesOf(client: RedisClientType, seed: { host: string; port: number }): Promise<Array<{ host: string; port: number }> | null> {
  const info = parseRedisInfo(String(await client.sendCommand(['INFO', 'server'])));
  if (info.redis_mode !== 'cluster') return null;
  return parseClusterNodes(String(await client.sendCommand(['CLUSTER', 'NODES'])), seed.host).map((p) => ({ host: p.host, port: p.port }));
}
