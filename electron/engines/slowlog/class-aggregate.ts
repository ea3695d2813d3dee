/**
 * Per-class (and global) aggregates, bounded per class rather than per event: running
 * cnt/sum/sumsq/min/max and pt's bucket counts for numbers, true counts for Yes/No attributes,
 * capped value counts for strings. Every aggregate is mergeable, so worker threads can each
 * digest a range of the file and the runner adds their states up.
 */
import { bucketIdx, type Buckets } from './pt-buckets';

/** How an attribute is aggregated (pt's `type_for`). */
export type AttrType = 'num' | 'bool' | 'string';

/** A numeric attribute. */
export interface NumAgg {
  cnt: number;
  sum: number;
  sumsq: number;
  min: number;
  max: number;
  buckets: Buckets;
  /** Exact values while there are at most EXACT_KEEP of them (exact percentiles). */
  exact: number[] | undefined;
  /**
   * Values of bucket `runIdx` seen in a row and not yet in `buckets` (most attributes repeat
   * their bucket, so this saves two Map operations per value); `flushNum` moves them in.
   */
  runIdx: number;
  runN: number;
}

/** A Yes/No attribute. */
export interface BoolAgg {
  cnt: number;
  sum: number;
}

/** A string attribute: min/max by byte order (as pt) and value counts up to STRING_VALUES_CAP. */
export interface StrAgg {
  cnt: number;
  min: string;
  max: string;
  unq: Map<string, number> | undefined;
  /** Occurrences not counted in `unq` because the cap was reached. */
  other: number;
  /**
   * The value counted last and its repeats since, not yet in `unq` (see flushStr): a class's
   * user, host, db and ts mostly repeat from one entry to the next, and a repeat then costs no
   * Map lookup. Settled states hold no run.
   */
  runVal: string | undefined;
  runN: number;
}

/** The attributes of one class, or of the whole log. */
export interface AttrAggs {
  num: Map<string, NumAgg>;
  bool: Map<string, BoolAgg>;
  str: Map<string, StrAgg>;
}

/** Exact values kept per numeric attribute of a class. */
export const EXACT_KEEP = 256;
/** Distinct string values kept per attribute of a class. */
export const STRING_VALUES_CAP = 1000;
/** String attributes whose values are not counted (only min/max), as their values are unique. */
const NO_VALUE_COUNTS = new Set(['ts', 'Start', 'End']);

/** New empty attribute aggregates. */
export function newAttrAggs(): AttrAggs {
  return { num: new Map(), bool: new Map(), str: new Map() };
}

/** Adds a number (`idx` is its bucket, computed once for the class and the global aggregate). */
export function addNum(aggs: AttrAggs, name: string, val: number, keepExact: boolean, idx = bucketIdx(val)): void {
  let a = aggs.num.get(name);
  if (!a) {
    a = newNumAgg(val, keepExact);
    aggs.num.set(name, a);
  }
  pushNum(a, val, idx);
}

/** An empty numeric aggregate whose first value will be `first`. */
export function newNumAgg(first: number, keepExact: boolean): NumAgg {
  return { cnt: 0, sum: 0, sumsq: 0, min: first, max: first, buckets: new Map(), exact: keepExact ? [] : undefined, runIdx: -1, runN: 0 };
}

/** Adds a number to a numeric aggregate (`idx` is its bucket). */
export function pushNum(a: NumAgg, val: number, idx: number): void {
  a.cnt++;
  a.sum += val;
  a.sumsq += val * val;
  if (val < a.min) a.min = val;
  if (val > a.max) a.max = val;
  if (idx === a.runIdx) a.runN++;
  else {
    if (a.runN > 0) a.buckets.set(a.runIdx, (a.buckets.get(a.runIdx) ?? 0) + a.runN);
    a.runIdx = idx;
    a.runN = 1;
  }
  if (a.exact) {
    if (a.exact.length < EXACT_KEEP) a.exact.push(val);
    else a.exact = undefined;
  }
}

/** Moves a numeric aggregate's pending run into its buckets (before reading or merging them). */
export function flushNum(a: NumAgg): void {
  if (a.runN > 0) a.buckets.set(a.runIdx, (a.buckets.get(a.runIdx) ?? 0) + a.runN);
  a.runIdx = -1;
  a.runN = 0;
}

/** Counts a string aggregate's pending run into its value counts. */
export function flushStr(a: StrAgg): void {
  if (a.runN > 0) a.unq!.set(a.runVal!, a.unq!.get(a.runVal!)! + a.runN);
  a.runN = 0;
  a.runVal = undefined;
}

/** Adds a Yes/No value. */
export function addBool(aggs: AttrAggs, name: string, yes: boolean): void {
  let a = aggs.bool.get(name);
  if (!a) aggs.bool.set(name, (a = { cnt: 0, sum: 0 }));
  pushBool(a, yes);
}

/** Adds a Yes/No value to a boolean aggregate. */
export function pushBool(a: BoolAgg, yes: boolean): void {
  a.cnt++;
  if (yes) a.sum++;
}

/** Adds a string value. */
export function addStr(aggs: AttrAggs, name: string, val: string, count = true): void {
  let a = aggs.str.get(name);
  if (!a) {
    a = newStrAgg(name, val, count);
    aggs.str.set(name, a);
  }
  pushStr(a, val);
}

/** An empty string aggregate for attribute `name` whose first value will be `first`. */
export function newStrAgg(name: string, first: string, count: boolean): StrAgg {
  return { cnt: 0, min: first, max: first, unq: NO_VALUE_COUNTS.has(name) || !count ? undefined : new Map(), other: 0, runVal: undefined, runN: 0 };
}

/** Adds a string value to a string aggregate (a repeat of the last counted value only extends its run). */
export function pushStr(a: StrAgg, val: string): void {
  a.cnt++;
  const unq = a.unq;
  if (unq !== undefined) {
    if (val === a.runVal) {
      a.runN++;
      return;
    }
    flushStr(a);
    const n = unq.get(val);
    // A value counted before lies between min and max already (they only ever widen).
    if (n !== undefined) {
      unq.set(val, n + 1);
      a.runVal = val;
      return;
    }
    if (unq.size < STRING_VALUES_CAP) {
      unq.set(val, 1);
      a.runVal = val;
    } else {
      a.other++;
      a.runVal = undefined;
    }
  }
  if (val < a.min) a.min = val;
  if (val > a.max) a.max = val;
}

/** One numeric aggregate over all events of the given (flushed) ones, without their exact values. */
export function sumNumAggs(parts: readonly NumAgg[]): NumAgg {
  const out = newNumAgg(parts[0]!.min, false);
  out.max = parts[0]!.max;
  for (const p of parts) addNumInto(out, p);
  return out;
}

/** Adds b's count, sums, extremes and (flushed) bucket counts into a; exact values are left alone. */
function addNumInto(a: NumAgg, b: NumAgg): void {
  a.cnt += b.cnt;
  a.sum += b.sum;
  a.sumsq += b.sumsq;
  if (b.min < a.min) a.min = b.min;
  if (b.max > a.max) a.max = b.max;
  for (const [i, n] of b.buckets) a.buckets.set(i, (a.buckets.get(i) ?? 0) + n);
}

/** One yes/no aggregate over all events of the given ones. */
export function sumBoolAggs(parts: readonly BoolAgg[]): BoolAgg {
  const out = { cnt: 0, sum: 0 };
  for (const p of parts) {
    out.cnt += p.cnt;
    out.sum += p.sum;
  }
  return out;
}

/** One string aggregate (count and extremes, no value counts) over all events of the given ones. */
export function sumStrAggs(parts: readonly StrAgg[]): StrAgg {
  const out = newStrAgg('', parts[0]!.min, false);
  out.max = parts[0]!.max;
  for (const p of parts) {
    out.cnt += p.cnt;
    if (p.min < out.min) out.min = p.min;
    if (p.max > out.max) out.max = p.max;
    out.other += p.other;
  }
  return out;
}

/** Adds `from` into `into` (both may be shared by nobody else afterwards). */
export function mergeAttrAggs(into: AttrAggs, from: AttrAggs): void {
  for (const [k, b] of from.num) {
    flushNum(b);
    const a = into.num.get(k);
    if (a) flushNum(a);
    if (!a) {
      into.num.set(k, b);
      continue;
    }
    addNumInto(a, b);
    a.exact = a.exact && b.exact && a.exact.length + b.exact.length <= EXACT_KEEP ? a.exact.concat(b.exact) : undefined;
  }
  for (const [k, b] of from.bool) {
    const a = into.bool.get(k);
    if (!a) into.bool.set(k, b);
    else {
      a.cnt += b.cnt;
      a.sum += b.sum;
    }
  }
  for (const [k, b] of from.str) {
    flushStr(b);
    const a = into.str.get(k);
    if (!a) {
      into.str.set(k, b);
      continue;
    }
    flushStr(a);
    a.cnt += b.cnt;
    if (b.min < a.min) a.min = b.min;
    if (b.max > a.max) a.max = b.max;
    a.other += b.other;
    if (a.unq && b.unq) {
      for (const [v, n] of b.unq) {
        const m = a.unq.get(v);
        if (m !== undefined) a.unq.set(v, m + n);
        else if (a.unq.size < STRING_VALUES_CAP) a.unq.set(v, n);
        else a.other += n;
      }
    }
  }
}

/** pt's type detection for an attribute's first value (EventAggregator::make_handler). */
export function detectType(name: string, val: string): AttrType {
  if (name.endsWith('_crc')) return 'string';
  if (/^(?:\d+|[+-]?(?=\d|[.])\d+[.]\d*(?:E[+-]?\d+)?)$/i.test(val)) return 'num';
  if (val === 'Yes' || val === 'No') return 'bool';
  return 'string';
}

/** Types pt fixes up front instead of detecting. */
export const PRESET_TYPES: Readonly<Record<string, AttrType>> = {
  val: 'string',
  key_print: 'string',
  Status_code: 'string',
  Statement_id: 'string',
  Error_no: 'string',
  Last_errno: 'string',
  Thread_id: 'string',
  InnoDB_trx_id: 'string',
  host: 'string',
  ip: 'string',
  port: 'string',
  Killed: 'bool',
  rate_limit: 'string',
};

/** Attributes pt does not aggregate (its --ignore-attributes default). */
export const IGNORED_ATTRS = new Set([
  'arg',
  'cmd',
  'insert_id',
  'ip',
  'port',
  'Thread_id',
  'timestamp',
  'exptime',
  'flags',
  'key',
  'res',
  'val',
  'server_id',
  'offset',
  'end_log_pos',
  'Xid',
]);

/** Perl's numification of a log value (leading number, else 0). */
export function toNumber(s: string): number {
  const n = +s;
  if (n === n) return n;
  const f = parseFloat(s);
  return f === f ? f : 0;
}
