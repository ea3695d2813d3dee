/** Purge planner: reads the key, checkpoint and exact matching count, plans with the pure engine, measures what still matches. */
import { collectPurgeSnapshot } from '../../connections/collectors/purge.collector';
import { measurePurge, planPurge } from '../../engines/purge/purge-plan';
import type { ParamsOf, Planner } from '../planner';

/** The purge planner. */
export const purgePlanner: Planner<ParamsOf<'purge'>> = {
  async derive(params, reader) {
    const { plan, touches } = planPurge(params, await collectPurgeSnapshot(reader, params));
    return { plan, touches };
  },
  async measure(params, reader) {
    return measurePurge(await collectPurgeSnapshot(reader, { ...params, resume: false }), new Date().toISOString());
  },
};
