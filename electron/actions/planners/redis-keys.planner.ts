/**
 * redis-keys planner: finds the keys of one pattern on every primary (those without TTL for an
 * expire plan) and plans the batched EXPIRE NX / UNLINK with the pure engine; measures the
 * pattern's keys and how many lack a TTL, before and after.
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import { collectPatternKeys } from '../../connections/collectors/redis-pattern-keys.collector';
import type { RedisHandle } from '../../connections/redis-session';
import { planKeys, type PatternKeys } from '../../engines/redis/key-plan';
import type { StepTouch } from '../../engines/maintenance/analyze-table.plan';
import type { Plan } from '../../../shared/contract/plan';
import type { ParamsOf } from '../planner';

type Params = ParamsOf<'redis-keys'>;

/** The redis-keys planner: derive over the primaries' read clients, and measure. */
export const redisKeysPlanner = {
  async derive(params: Params, nodes: readonly RedisHandle[]): Promise<{ plan: Plan; touches: StepTouch[]; sets: PatternKeys[] }> {
    if (params.action === 'expire' && !params.ttlSeconds) throw new AppError('BAD_INPUT', 'Setting a TTL needs ttlSeconds');
    if (!/[^*?]/.test(params.pattern.replace(/\{[^{}]*\}|:/g, '')))
      throw new AppError('BAD_INPUT', `"${params.pattern}" has no literal part: a plan acts on one named pattern, not on every key`);
    const sets = await Promise.all(nodes.map((n) => collectPatternKeys(n.client, n.node, params.pattern, params.action === 'expire')));
    return { ...planKeys(params, sets), sets };
  },
  async measure(params: Params, nodes: readonly RedisHandle[]): Promise<Measurement> {
    const all = await Promise.all(nodes.map((n) => collectPatternKeys(n.client, n.node, params.pattern, false)));
    const noTtl = await Promise.all(nodes.map((n) => collectPatternKeys(n.client, n.node, params.pattern, true)));
    const sum = (s: PatternKeys[]) => s.reduce((a, x) => a + x.keys.length, 0);
    return {
      at: new Date().toISOString(),
      metrics: [
        { key: 'keys', label: `keys of ${params.pattern}`, value: sum(all) },
        { key: 'noTtl', label: `keys of ${params.pattern} without TTL`, value: sum(noTtl) },
        { key: 'bytes', label: `MEMORY USAGE of ${params.pattern} (bytes)`, value: all.reduce((a, x) => a + x.bytes, 0) },
      ],
    };
  },
};
