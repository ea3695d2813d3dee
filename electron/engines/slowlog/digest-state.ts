/**
 * The mergeable result of digesting a stretch of log: per-class and global aggregates, the
 * worst sample of each class, N+1 runs, time series and the stage counters. Plain data (Maps
 * and arrays) so it crosses a worker boundary by structured clone.
 */
import type { AttrAggs, AttrType } from './class-aggregate';
import type { ParseWarning } from './slow-log.event';

/** The worst event of a class (the one with the largest order-by value, later ties win). */
export interface SampleState {
  arg: string;
  pos: number;
  ts: string | undefined;
  timeMs: number | undefined;
  orderValue: number;
  props: Map<string, string>;
  explain: string[] | undefined;
}

/** N+1 runs seen for a class. */
export interface NPlusOneState {
  runs: number;
  repeats: number;
  maxRun: number;
  /** Fingerprint that ran just before a run on the same connection → how many runs it led. */
  callers: Map<string, number>;
}

/** A run of one fingerprint on one connection, left open at a range edge. */
export interface OpenRun {
  fp: string;
  count: number;
  firstMs: number;
  lastMs: number;
  /** Fingerprint that ran before the run on its connection (undefined: none seen yet). */
  caller: string | undefined;
}

/**
 * N+1 runs a range cannot close alone, per connection id: the run it began with (`open`: still
 * running at the range's end) and, when different, the run open at its end. See n-plus-one.ts.
 */
export interface NPlusOneEdges {
  minRepeats: number;
  windowMs: number;
  heads: Map<string, OpenRun & { open: boolean }>;
  tails: Map<string, OpenRun>;
}

/** One class (one fingerprint). */
export interface ClassState {
  fingerprint: string;
  /** Events in the class, including ones without a Query_time. */
  count: number;
  aggs: AttrAggs;
  sample: SampleState | undefined;
  /** Largest byte offset of the class (pt's tie-breaker when ranking). */
  posMax: number;
  timeMinMs: number | undefined;
  timeMaxMs: number | undefined;
  /** Time slot (epoch ms / seriesStepMs) → [events, total Query_time]. */
  series: Map<number, [number, number]>;
  nPlusOne: NPlusOneState | undefined;
}

/** A named stage's counters. */
export interface StageState {
  ms: number;
  in: number;
  out: number;
}

/** The state of a digest: add events to it, merge it with another, build a report from it. */
export interface DigestState {
  /** Classes by fingerprint, in order of first appearance. */
  classes: Map<string, ClassState>;
  global: AttrAggs;
  /** Events aggregated (pt's n_events). */
  events: number;
  types: Map<string, AttrType>;
  /** Attribute → ordinal (1-based, among aggregated events) of its first appearance. */
  attrFirstSeen: Map<string, number>;
  timeMinMs: number | undefined;
  timeMaxMs: number | undefined;
  tsMin: string | undefined;
  tsMax: string | undefined;
  seriesStepMs: number;
  stages: Record<'parse' | 'filter' | 'fingerprint' | 'tables' | 'aggregate' | 'rank', StageState>;
  warnings: ParseWarning[];
  bytes: number;
  skippedBytes: number;
  skippedLines: number;
  /** Events the parser produced (before filters). */
  parsedEvents: number;
  /** Events without a statement or without a Query_time; pt leaves them out of its report. */
  unreportable: number;
  /** N+1 runs open at the edges of the digested range(s), closed by settleNPlusOne. */
  nPlusOneEdges: NPlusOneEdges;
}

/** An empty state. */
export function newDigestState(seriesStepMs = 60_000): DigestState {
  const stage = (): StageState => ({ ms: 0, in: 0, out: 0 });
  return {
    classes: new Map(),
    global: { num: new Map(), bool: new Map(), str: new Map() },
    events: 0,
    types: new Map(),
    attrFirstSeen: new Map(),
    timeMinMs: undefined,
    timeMaxMs: undefined,
    tsMin: undefined,
    tsMax: undefined,
    seriesStepMs,
    stages: { parse: stage(), filter: stage(), fingerprint: stage(), tables: stage(), aggregate: stage(), rank: stage() },
    warnings: [],
    bytes: 0,
    skippedBytes: 0,
    skippedLines: 0,
    parsedEvents: 0,
    unreportable: 0,
    nPlusOneEdges: { minRepeats: 0, windowMs: 0, heads: new Map(), tails: new Map() },
  };
}
