/**
 * Redis handlers: the whole-keyspace analysis as a cancellable stream (a cancelled one is kept so
 * it can be resumed: the CANCELLED error carries its `resumeId`), and the shipped example design.
 * Changes to the keyspace go through the `redis-keys` planner and the executor only.
 */
import type { redisContract } from '../../../shared/contract/redis';
import { AppError } from '../../../shared/contract/core';
import type { Handlers } from '../../dispatch/dispatcher';
import type { ServiceDeps } from '../service-deps';
import { analyzeRedis, exampleDesign, type KeptScan } from './redis-analysis';

/** Stopped analyses kept for resuming (each holds its aggregate, a few MB at most). */
const KEPT = 10;

/** Handlers for the redis calls. */
export function redisHandlers(deps: Pick<ServiceDeps, 'connections'> & { assetsDir?: string }): Handlers<typeof redisContract> {
  const kept = new Map<string, KeptScan>();
  return {
    'redis.exampleDesign': async () => exampleDesign(deps.assetsDir),
    'redis.analyze': async ({ connectionId, options, design, useExampleDesign, resumeId }, ctx) => {
      const cfg = deps.connections.config(connectionId);
      if (cfg.kind !== 'redis') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; the cache analysis reads Redis`);
      const resume = resumeId ? kept.get(resumeId) : undefined;
      if (resumeId && !resume) throw new AppError('NOT_FOUND', 'That stopped analysis is no longer kept; start a new one');
      const { analysis, kept: stopped } = await analyzeRedis(cfg, {
        options,
        design: design ?? (useExampleDesign ? exampleDesign(deps.assetsDir) : null),
        resume,
        signal: ctx.signal,
        progress: (done, total) => ctx.progress({ phase: 'scan', done, total, unit: 'keys', message: `${done.toLocaleString('en-US')} keys read` }),
      });
      if (stopped) {
        kept.delete(stopped.id);
        kept.set(stopped.id, stopped);
        while (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
      } else if (resumeId) kept.delete(resumeId);
      if (ctx.signal.aborted) {
        throw new AppError('CANCELLED', `Analysis stopped after ${analysis.totals.keys.toLocaleString('en-US')} keys; it can be resumed`, {
          resumeId: analysis.analysisId,
          keys: analysis.totals.keys,
        });
      }
      return analysis;
    },
  };
}
