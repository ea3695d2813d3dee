/**
 * The whole digest state as JSON, for equality checks between two ways of digesting the same
 * bytes (the fast lane's test, bench/digest/equal.ts): classes, aggregates in Map order but bucket
 * counts by bucket (busy aggregates get theirs back from the lane scanner in that order), samples,
 * series, N+1 runs, warnings; not the stage timings.
 */
import { flushNum } from '../class-aggregate';
import type { DigestState } from '../digest-state';

export function stateJson(state: DigestState): string {
  for (const c of state.classes.values()) for (const a of c.aggs.num.values()) flushNum(a);
  const { stages: _stages, ...rest } = state;
  return JSON.stringify(rest, (k, v: unknown) => {
    if (v instanceof Map) {
      const entries = [...(v as Map<unknown, unknown>).entries()];
      if (k === 'buckets') entries.sort((a, b) => (a[0] as number) - (b[0] as number));
      return { map: entries };
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    return v;
  });
}
