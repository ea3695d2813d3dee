/**
 * The executor's Redis side: the same preview (derive + measure, reads only) → apply (re-derive,
 * refuse a changed plan, run, audit) → verify flow as SQL plans, for the redis-keys planner. A
 * step acts on the exact key set the preview counted, node by node, in throttled batches.
 */
import type { z } from 'zod';
import type { actionsContract, Measurement } from '../../shared/contract/actions';
import { AppError } from '../../shared/contract/core';
import { primariesOf } from '../connections/collectors/redis-server.collector';
import { mapRedisError, openRedis, type RedisHandle } from '../connections/redis-session';
import { expireKeysNx, unlinkKeys } from '../connections/redis-writer';
import type { AuditRepo } from '../store/audit.repo';
import type { ConnectionConfig } from '../store/connections.repo';
import { requireConfirmation, requireSamePlan } from './apply-gates';
import { redisKeysPlanner } from './planners/redis-keys.planner';
import type { StepProgress } from './executor';
import { auditStep } from './step-audit';
import type { RedisRequest } from './redis-request';

type PreviewOut = z.input<(typeof actionsContract)['actions.preview']['output']>;
type ApplyOut = z.input<(typeof actionsContract)['actions.apply']['output']>;

/** Opens the connection's primaries (every primary of a cluster) and runs `fn`; closes them after. */
async function withPrimaries<T>(cfg: ConnectionConfig, fn: (nodes: RedisHandle[]) => Promise<T>): Promise<T> {
  if (cfg.kind !== 'redis') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; this plan acts on Redis keys`);
  const handles: RedisHandle[] = [];
  try {
    const seed = await openRedis(cfg);
    handles.push(seed);
    const primaries = await primariesOf(seed.client, { host: cfg.host, port: cfg.port });
    if (primaries) {
      for (const p of primaries) handles.push(await openRedis(cfg, p));
      await seed.close();
      handles.shift();
    }
    return await fn(handles);
  } catch (err) {
    throw mapRedisError(err, handles[0]?.endpoint ?? { host: cfg.host, port: cfg.port });
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
}

/** Runs Redis plans for the executor. */
export class RedisExecutor {
  constructor(private readonly deps: { audit: AuditRepo; actor: string }) {}

  /** Dry run: finds the keys and measures; reads only. */
  async preview(cfg: ConnectionConfig, request: RedisRequest): Promise<PreviewOut> {
    return withPrimaries(cfg, async (nodes) => {
      const { plan, touches } = await redisKeysPlanner.derive(request.params, nodes);
      return { plan, steps: touches, before: await redisKeysPlanner.measure(request.params, nodes), writesNothing: true as const };
    });
  }

  /** Measures the pattern's keys now. */
  async verify(cfg: ConnectionConfig, request: RedisRequest): Promise<Measurement> {
    return withPrimaries(cfg, (nodes) => redisKeysPlanner.measure(request.params, nodes));
  }

  /** Re-derives, refuses a changed key set, then writes node by node and audits the step. */
  async apply(
    cfg: ConnectionConfig,
    request: RedisRequest,
    planHash: string,
    confirmation: string | undefined,
    signal: AbortSignal,
    progress: StepProgress,
  ): Promise<ApplyOut> {
    requireConfirmation(cfg, confirmation, 'the change');
    const p = request.params;
    return withPrimaries(cfg, async (nodes) => {
      const { plan, sets } = await redisKeysPlanner.derive(p, nodes);
      const before = await redisKeysPlanner.measure(p, nodes);
      requireSamePlan(plan.hash, planHash, 'The keys changed since the preview (added, expired or given a TTL). Preview it again.');
      const outcomes: ApplyOut['outcomes'] = [];
      let stoppedAt: string | null = null;
      const total = sets.reduce((a, s) => a + s.keys.length, 0);
      for (const step of plan.steps) {
        const t0 = performance.now();
        let changed = 0;
        let message: string;
        let status: 'ok' | 'failed' = 'ok';
        try {
          let base = 0;
          for (const [i, set] of sets.entries()) {
            const node = nodes[i]!;
            const onBatch = (done: number) => progress(base + done, total, `${(base + done).toLocaleString('en-US')} / ${total.toLocaleString('en-US')} keys`);
            // Point of no return: from here on this step changes the server.
            const out =
              p.action === 'expire'
                ? await expireKeysNx(node.client, set.keys, p.ttlSeconds!, p.batch, p.pauseMs, signal, onBatch)
                : await unlinkKeys(node.client, set.keys, p.batch, p.pauseMs, signal, onBatch);
            changed += out.changed;
            base += set.keys.length;
          }
          message = `${changed.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} key(s) ${p.action === 'expire' ? 'given a TTL' : 'deleted'}${signal.aborted ? ' before the cancel' : ''}`;
          if (signal.aborted) {
            status = 'failed';
            stoppedAt = step.id;
          }
        } catch (err) {
          status = 'failed';
          stoppedAt = step.id;
          message = `${changed} key(s) changed before: ${err instanceof Error ? err.message : String(err)}`;
        }
        const durationMs = performance.now() - t0;
        outcomes.push(auditStep(this.deps, cfg, plan, { stepId: step.id, sql: step.sql, status, durationMs, message }, step.rollback));
      }
      progress(total, total, stoppedAt ? `Stopped at step ${stoppedAt}` : 'Done');
      const after = await redisKeysPlanner.measure(p, nodes).catch(() => null);
      return { plan, outcomes, stoppedAt, before, after };
    });
  }
}
