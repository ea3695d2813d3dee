/**
 * Adds up digest states of consecutive ranges of one log (worker threads each digest a range).
 * Order matters only where pt's does: the worst sample keeps the later event on a tie, and an
 * attribute's first appearance is counted across ranges for pt's 1000-event attribute rule.
 */
import { mergeAttrAggs } from './class-aggregate';
import type { DigestState } from './digest-state';
import { joinNPlusOneEdges, settleNPlusOne } from './n-plus-one';
import { mergeSeries, widenSeries } from './time-series';

/**
 * Merges states given in file order into the first one and returns it, with every N+1 run
 * closed (a run crossing a range boundary is counted once).
 */
export function mergeDigestStates(states: readonly DigestState[]): DigestState {
  const [into, ...rest] = states;
  if (!into) throw new Error('mergeDigestStates needs at least one state');
  for (const from of rest) mergeInto(into, from);
  settleNPlusOne(into);
  return into;
}

function mergeInto(a: DigestState, b: DigestState): void {
  const step = Math.max(a.seriesStepMs, b.seriesStepMs);
  widenSeries(a, step);
  widenSeries(b, step);
  const offset = a.events;
  for (const [name, ord] of b.attrFirstSeen) if (!a.attrFirstSeen.has(name)) a.attrFirstSeen.set(name, ord + offset);
  for (const [name, t] of b.types) if (!a.types.has(name)) a.types.set(name, t);
  for (const [fp, cb] of b.classes) {
    const ca = a.classes.get(fp);
    if (!ca) {
      a.classes.set(fp, cb);
      continue;
    }
    ca.count += cb.count;
    mergeAttrAggs(ca.aggs, cb.aggs);
    if (cb.sample && (!ca.sample || cb.sample.orderValue >= ca.sample.orderValue)) ca.sample = cb.sample;
    ca.posMax = Math.max(ca.posMax, cb.posMax);
    ca.timeMinMs = minOf(ca.timeMinMs, cb.timeMinMs);
    ca.timeMaxMs = maxOf(ca.timeMaxMs, cb.timeMaxMs);
    mergeSeries(ca.series, cb.series);
    if (cb.nPlusOne) {
      const na = (ca.nPlusOne ??= { runs: 0, repeats: 0, maxRun: 0, callers: new Map() });
      na.runs += cb.nPlusOne.runs;
      na.repeats += cb.nPlusOne.repeats;
      na.maxRun = Math.max(na.maxRun, cb.nPlusOne.maxRun);
      for (const [c, n] of cb.nPlusOne.callers) na.callers.set(c, (na.callers.get(c) ?? 0) + n);
    }
  }
  joinNPlusOneEdges(a, b.nPlusOneEdges);
  mergeAttrAggs(a.global, b.global);
  a.events += b.events;
  a.timeMinMs = minOf(a.timeMinMs, b.timeMinMs);
  a.timeMaxMs = maxOf(a.timeMaxMs, b.timeMaxMs);
  if (b.tsMin !== undefined && (a.tsMin === undefined || b.tsMin < a.tsMin)) a.tsMin = b.tsMin;
  if (b.tsMax !== undefined && (a.tsMax === undefined || b.tsMax > a.tsMax)) a.tsMax = b.tsMax;
  for (const k of Object.keys(a.stages) as (keyof DigestState['stages'])[]) {
    a.stages[k].ms += b.stages[k].ms;
    a.stages[k].in += b.stages[k].in;
    a.stages[k].out += b.stages[k].out;
  }
  a.warnings.push(...b.warnings);
  a.bytes += b.bytes;
  a.skippedBytes += b.skippedBytes;
  a.skippedLines += b.skippedLines;
  a.parsedEvents += b.parsedEvents;
  a.unreportable += b.unreportable;
}

function minOf(x: number | undefined, y: number | undefined): number | undefined {
  return x === undefined ? y : y === undefined ? x : Math.min(x, y);
}

function maxOf(x: number | undefined, y: number | undefined): number | undefined {
  return x === undefined ? y : y === undefined ? x : Math.max(x, y);
}
