/**
 * Numeric aggregates the lane scanner adds to (in WebAssembly, ~15 instructions a value against
 * ~300 for pushNum), for busy classes: an aggregate is handed over once it keeps no exact values
 * (its first EXACT_KEEP are pushed here), checked every 256th entry of its class. Its run is
 * flushed into its buckets first; the scanner then counts buckets densely and adds the same
 * values in the same order, so the count, sums and extremes come back identical and the bucket
 * counts equal (in another Map order, which no reader depends on). A class's aggregates come
 * back (`detachWork`) before the general path aggregates one of its entries or a value is not a
 * plain decimal; all of them when the lane's names change, and at the end. (A digest dropped
 * before its end keeps its aggregates taken; later digests in the thread then aggregate more in
 * JavaScript, when the scanner has none left to give.) Also the lane's byte copies of string
 * extremes, made strings again (`settleExtremes`) before the general path reads them.
 */
import { flushNum, type NumAgg } from './class-aggregate';
import type { ClassWork, DigestRun } from './digest-run';
import * as fast from './fast-entry';

/** Hands a busy class's numeric aggregates of the lane's pairs to the scanner. */
export function attachAggs(st: DigestRun, work: ClassWork): void {
  for (let j = 0; j < st.fastCount; j++) {
    const slot = st.fastSlots[j]!;
    if (work.laneAggs[j] !== -1 || slot.type !== 'num' || slot.order) continue;
    const a = work.aggs[slot.idx] as NumAgg | undefined;
    if (a === undefined || a.exact !== undefined) continue;
    flushNum(a);
    const agg = st.scanner.attach(a);
    if (agg < 0) return;
    work.laneAggs[j] = agg;
    st.attachedWorks.add(work);
    work.attached.push({ j, agg: a, lane: agg });
  }
}

/** Takes a class's aggregates back from the scanner. */
export function detachWork(st: DigestRun, work: ClassWork): void {
  for (const t of work.attached) {
    const a = t.agg;
    st.scanner.detach(t.lane, a, (idx, count) => a.buckets.set(idx, (a.buckets.get(idx) ?? 0) + count));
    work.laneAggs[t.j] = -1;
  }
  work.attached.length = 0;
}

/** Takes every class's aggregates back (the lane's names changed, or the digest ends). */
export function detachAggs(st: DigestRun): void {
  for (const w of st.attachedWorks) detachWork(st, w);
  st.attachedWorks.clear();
}

/** Makes the lane's byte extremes strings again and drops the bytes (before the general path aggregates, and at the end). */
export function settleExtremes(st: DigestRun): void {
  for (const x of st.staleExtremes) {
    x.agg.min = fast.bytesText(x.min);
    x.agg.max = fast.bytesText(x.max);
    x.stale = false;
  }
  st.staleExtremes.length = 0;
  for (const x of st.liveExtremes) {
    x.work.extremes[x.idx] = undefined;
    x.work.extremesLive = false;
  }
  st.liveExtremes.length = 0;
}
