/**
 * The keys of one pattern on one node, for the redis-keys plans: SCAN MATCH with the pattern's
 * glob, keeping only keys whose pattern is exactly it (the glob `user:*` also matches
 * `user:a:b`), and for an expire plan only those without TTL. Reads only.
 */
import type { RedisClientType } from 'redis';
import { globOf, patternOf } from '../../engines/redis/key-pattern';
import type { PatternKeys } from '../../engines/redis/key-plan';

/** Finds the pattern's keys on a node (those without TTL when `noTtlOnly`), with their MEMORY USAGE sum. */
export async function collectPatternKeys(
  client: RedisClientType,
  node: string,
  pattern: string,
  noTtlOnly: boolean,
  signal?: AbortSignal,
): Promise<PatternKeys> {
  const glob = globOf(pattern);
  const keys: string[] = [];
  let bytes = 0;
  let cursor = '0';
  do {
    if (signal?.aborted) break;
    const [next, batch] = (await client.sendCommand(['SCAN', cursor, 'MATCH', glob, 'COUNT', '1000'])) as [string, string[]];
    cursor = String(next);
    const mine = batch.filter((k) => patternOf(k) === pattern);
    const reads = await Promise.all(mine.map((k) => Promise.all([client.sendCommand(['PTTL', k]), client.sendCommand(['MEMORY', 'USAGE', k])])));
    mine.forEach((k, i) => {
      const [pttl, mem] = reads[i]!;
      if (Number(pttl) === -2 || (noTtlOnly && Number(pttl) !== -1)) return;
      keys.push(k);
      bytes += Number(mem ?? 0);
    });
  } while (cursor !== '0');
  return { node, keys: [...new Set(keys)].sort(), bytes };
}
