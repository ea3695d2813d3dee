/**
 * Plans on a pattern's keys, as the executor runs them: set the design's TTL on the keys that have
 * none (EXPIRE … NX, which never shortens a TTL set meanwhile), or delete the keys (UNLINK, which
 * frees big values off the main thread), in throttled batches. The plan's one step names the exact
 * key set by a digest, so apply refuses to run when the keys changed since the preview.
 */
import { createHash } from 'node:crypto';
import type { StepTouch } from '../maintenance/analyze-table.plan';
import type { Plan } from '../../../shared/contract/plan';
import { makePlan } from '../plan/make-plan';

/** The redis-keys planner's parameters. */
export interface KeyPlanParams {
  action: 'expire' | 'delete';
  pattern: string;
  ttlSeconds?: number;
  batch: number;
  pauseMs: number;
}

/** The keys a plan acts on, per node. */
export interface PatternKeys {
  node: string;
  keys: string[];
  bytes: number;
}

/** Order-independent digest of the key set: equal sets, equal digests. */
export function keySetDigest(sets: readonly PatternKeys[]): string {
  const h = createHash('sha256');
  for (const s of [...sets].sort((a, b) => (a.node < b.node ? -1 : 1))) {
    h.update(`\u0000${s.node}`);
    for (const k of [...s.keys].sort()) h.update(`\u0000${k}`);
  }
  return h.digest('hex').slice(0, 16);
}

/** The plan and what its step touches. */
export function planKeys(params: KeyPlanParams, sets: readonly PatternKeys[]): { plan: Plan; touches: StepTouch[] } {
  const count = sets.reduce((a, s) => a + s.keys.length, 0);
  const bytes = sets.reduce((a, s) => a + s.bytes, 0);
  const digest = keySetDigest(sets);
  const n = count.toLocaleString('en-US');
  const batches = sets.reduce((a, s) => a + Math.ceil(s.keys.length / params.batch), 0);
  const throttle = `${batches} batch(es) of ≤${params.batch}${params.pauseMs ? `, ${params.pauseMs} ms pause after each` : ''}`;
  const expire = params.action === 'expire';
  if (expire && !params.ttlSeconds) throw new Error('An expire plan needs ttlSeconds');
  const step = expire
    ? {
        id: 'expire',
        kind: 'DML' as const,
        sql: `EXPIRE <key> ${params.ttlSeconds} NX  -- for each of ${n} key(s) of ${params.pattern} without TTL (key set ${digest})`,
        description: `Give the ${n} key(s) of ${params.pattern} that never expire a TTL of ${params.ttlSeconds} s; NX leaves any TTL set meanwhile alone.`,
        risk: 'low' as const,
        estimate: `${n} keys on ${sets.length} node(s), ${throttle}`,
        rollback: `PERSIST <key>  -- for each of the same ${n} key(s)`,
      }
    : {
        id: 'unlink',
        kind: 'DML' as const,
        sql: `UNLINK <key> …  -- the ${n} key(s) of ${params.pattern} (key set ${digest})`,
        description: `Delete the ${n} key(s) of ${params.pattern}; UNLINK frees their memory in the background.`,
        risk: count > 0 ? ('high' as const) : ('low' as const),
        estimate: `${n} keys, ${bytes.toLocaleString('en-US')} bytes (MEMORY USAGE) on ${sets.length} node(s), ${throttle}`,
        rollback: null,
      };
  const plan = makePlan({
    planner: 'redis-keys',
    title: expire ? `Set a ${params.ttlSeconds} s TTL on ${n} key(s) of ${params.pattern}` : `Delete ${n} key(s) of ${params.pattern}`,
    steps: count > 0 ? [step] : [],
    notes: [
      count === 0
        ? `No key of ${params.pattern} needs this: nothing to do.`
        : `Found by SCAN MATCH over every primary; keys added after the preview are not touched.`,
      ...(expire ? [] : ['Deleted keys cannot be restored from here: the application re-populates a cache on its next miss.']),
    ],
  });
  return {
    plan,
    touches:
      count > 0
        ? [{ stepId: step.id, touches: `${n} key(s) of ${params.pattern}`, details: Object.fromEntries(sets.map((s) => [s.node, s.keys.length])) }]
        : [],
  };
}
