/**
 * The digest pipeline, stage by stage as pt-query-digest runs it: parse → filter →
 * fingerprint → (tables, per class at report time) → aggregate → (rank, at report time).
 * Events go through pt's own preparation steps in pt's order (Schema→db alias, db/ts
 * inheritance, zeroed row counts for admin commands, rate-limit folding) so aggregates match.
 */
import {
  detectType,
  flushNum,
  IGNORED_ATTRS,
  newNumAgg,
  newStrAgg,
  PRESET_TYPES,
  pushBool,
  pushNum,
  pushStr,
  toNumber,
  type AttrAggs,
  type AttrType,
  type BoolAgg,
  type NumAgg,
  type StrAgg,
} from './class-aggregate';
import type { ClassState, DigestState } from './digest-state';
import { newDigestState } from './digest-state';
import { eventTimeMs } from './event-time';
import { bucketIdx } from './pt-buckets';
import { fingerprint, fingerprintKey } from './fingerprint';
import { createNPlusOneTracker, type NPlusOneOptions } from './n-plus-one';
import { addToSeries } from './time-series';
import type { SlowLogEvent } from './slow-log.event';
import { createSlowLogParser, type SlowLogParser } from './slow-log.parser';

/** Which events to keep. Times are epoch ms; text matches the statement, case-insensitively. */
export interface DigestFilter {
  since?: number;
  until?: number;
  db?: readonly string[];
  user?: readonly string[];
  host?: readonly string[];
  minQueryTime?: number;
  text?: string;
}

/** Options of a digest run. */
export interface DigestOptions {
  /** Reproduce pt-query-digest exactly (bucketed percentiles, its banner and attribute quirks). */
  ptCompatible?: boolean;
  /** Attribute the worst sample is chosen by and classes are ranked by (default Query_time). */
  orderBy?: string;
  filter?: DigestFilter;
  nPlusOne?: Partial<NPlusOneOptions>;
  /** Longest entry kept (default 16 MiB). */
  maxEntryBytes?: number;
  /** Inherited `db`/`ts` for a worker range that starts mid-file. */
  inherited?: { db?: string; ts?: string };
  /** Byte offset of the first pushed byte (a worker range). */
  baseOffset?: number;
}

/** A digest in progress. */
export interface Digester {
  push(chunk: Buffer | string): void;
  /** Finishes parsing and returns the state (call once). */
  end(): DigestState;
  /** Bytes read and events parsed so far. */
  progress(): { bytes: number; events: number };
}

const FP_CACHE_MAX = 50_000;

/** An attribute of this digest: its type (fixed by its first value; undefined when ignored) and slot. */
interface AttrSlot {
  name: string;
  type: AttrType | undefined;
  idx: number;
  queryTime: boolean;
  order: boolean;
}

/** Aggregates indexed by attribute slot, and the slots in the order they were first filled. */
interface SlotAggs {
  aggs: (NumAgg | BoolAgg | StrAgg | undefined)[];
  /** Slot indexes in first-use order; -1 is Query_length. */
  order: number[];
}

/** A class being digested: its state plus the slot-indexed aggregates that settle into it at the end. */
interface ClassWork extends SlotAggs {
  cls: ClassState;
  queryLength: NumAgg | undefined;
  orderAgg: NumAgg | undefined;
}

/** pt reads Query_time with `^\d+(?:\.\d+)?` (a MariaDB value may carry a suffix); plain decimals skip the regex. */
function queryTimeNumber(raw: string): number {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c < 48 || c > 57) && c !== 46) return toNumber(/^\d+(?:\.\d+)?/.exec(raw)?.[0] ?? raw);
  }
  return toNumber(raw);
}

/** Starts a digest. */
export function createDigester(options: DigestOptions = {}): Digester {
  const state = newDigestState();
  const orderBy = options.orderBy ?? 'Query_time';
  const filter = options.filter;
  const textNeedle = filter?.text?.toLowerCase();
  const fpCache = new Map<string, string>();
  const nplus1 = createNPlusOneTracker(options.nPlusOne);
  let lastDb = options.inherited?.db;
  let lastTs = options.inherited?.ts;
  let lastTimeMs: number | undefined;
  let inPipeline = 0;

  const classify = (arg: string): string => {
    const key = fingerprintKey(arg) ?? arg;
    let fp = fpCache.get(key);
    if (fp === undefined) {
      fp = fingerprint(arg);
      if (fpCache.size >= FP_CACHE_MAX) fpCache.clear();
      fpCache.set(key, fp);
    }
    return fp;
  };

  const onEvent = (ev: SlowLogEvent): void => {
    const t0 = performance.now();
    state.parsedEvents++;
    const props = ev.props;
    const arg = ev.arg;
    if (arg === undefined || arg === '' || arg === '0') {
      state.unreportable++;
      inPipeline += performance.now() - t0;
      return;
    }
    let db = props.get('db');
    const schema = props.get('Schema');
    if (schema !== undefined) {
      props.delete('Schema');
      if (db === undefined) props.set('db', (db = schema));
    }
    if (db !== undefined) lastDb = db;
    else if (lastDb !== undefined) props.set('db', lastDb);
    const ts = props.get('ts');
    if (ts !== undefined) lastTs = ts;
    else if (lastTs !== undefined) props.set('ts', lastTs);
    if (arg.startsWith('administrator')) {
      for (const k of ['Rows_sent', 'Rows_examined', 'Rows_read', 'Rows_affected']) if (props.has(k)) props.set(k, '0');
    }
    const rateLimit = props.get('Log_slow_rate_limit');
    if (rateLimit && rateLimit !== '0') {
      props.set('rate_limit', `${props.get('Log_slow_rate_type') || 'session'}:${rateLimit}`);
      props.delete('Log_slow_rate_limit');
      props.delete('Log_slow_rate_type');
    }
    const timeMs = eventTimeMs(ev) ?? lastTimeMs;
    if (timeMs !== undefined) lastTimeMs = timeMs;
    const t1 = performance.now();
    state.stages.filter.in++;
    if (filter && !keep(filter, textNeedle, props, arg, timeMs)) {
      state.stages.filter.ms += performance.now() - t1;
      inPipeline += performance.now() - t0;
      return;
    }
    state.stages.filter.out++;
    const t2 = performance.now();
    state.stages.filter.ms += t2 - t1;
    const fp = classify(arg);
    const t3 = performance.now();
    state.stages.fingerprint.ms += t3 - t2;
    state.stages.fingerprint.in++;
    state.stages.fingerprint.out++;
    aggregate(ev, fp, timeMs);
    const t4 = performance.now();
    state.stages.aggregate.ms += t4 - t3;
    state.stages.aggregate.in++;
    state.stages.aggregate.out++;
    inPipeline += t4 - t0;
  };

  /** Attributes by name, each fixed to the type its first value had (pt's `type_for`). */
  const attrs = new Map<string, AttrSlot>();
  const attrList: AttrSlot[] = [];
  const works = new Map<string, ClassWork>();
  const globalWork: SlotAggs = { aggs: [], order: [] };
  const queryLength: AttrSlot = { name: 'Query_length', type: 'num', idx: -1, queryTime: false, order: false };

  const slotFor = (name: string, raw: string, ordinal: number): AttrSlot => {
    let slot = attrs.get(name);
    if (slot === undefined) {
      const type = IGNORED_ATTRS.has(name) ? undefined : (state.types.get(name) ?? PRESET_TYPES[name] ?? detectType(name, raw));
      slot = { name, type, idx: attrList.length, queryTime: name === 'Query_time', order: name === orderBy };
      attrs.set(name, slot);
      attrList.push(slot);
      if (type !== undefined && !state.types.has(name)) {
        state.types.set(name, type);
        state.attrFirstSeen.set(name, ordinal);
      }
    }
    return slot;
  };

  const aggregate = (ev: SlowLogEvent, fp: string, timeMs: number | undefined): void => {
    const ordinal = ++state.events;
    let work = works.get(fp);
    if (!work) {
      const cls: ClassState = {
        fingerprint: fp,
        count: 0,
        aggs: { num: new Map(), bool: new Map(), str: new Map() },
        sample: undefined,
        posMax: 0,
        timeMinMs: undefined,
        timeMaxMs: undefined,
        series: new Map(),
        nPlusOne: undefined,
      };
      work = { cls, aggs: [], order: [], queryLength: undefined, orderAgg: undefined };
      works.set(fp, work);
      state.classes.set(fp, cls);
    }
    const cls = work.cls;
    cls.count++;
    if (ev.pos > cls.posMax) cls.posMax = ev.pos;
    const props = ev.props;
    if (!props.has('Query_time')) state.unreportable++;
    let orderValue: number | undefined;
    const classAggs = work.aggs;
    const globalAggs = globalWork.aggs;
    for (const [name, raw] of props) {
      const slot = slotFor(name, raw, ordinal);
      const type = slot.type;
      if (type === undefined) continue;
      const i = slot.idx;
      if (type === 'num') {
        const val = slot.queryTime ? queryTimeNumber(raw) : toNumber(raw);
        const idx = bucketIdx(val);
        let a = classAggs[i] as NumAgg | undefined;
        if (a === undefined) {
          classAggs[i] = a = newNumAgg(val, true);
          work.order.push(i);
          if (slot.order) work.orderAgg = a;
        }
        pushNum(a, val, idx);
        let g = globalAggs[i] as NumAgg | undefined;
        if (g === undefined) {
          globalAggs[i] = g = newNumAgg(val, false);
          globalWork.order.push(i);
        }
        pushNum(g, val, idx);
        if (slot.order) orderValue = val;
      } else if (type === 'bool') {
        const yes = raw === 'Yes';
        let a = classAggs[i] as BoolAgg | undefined;
        if (a === undefined) {
          classAggs[i] = a = { cnt: 0, sum: 0 };
          work.order.push(i);
        }
        pushBool(a, yes);
        let g = globalAggs[i] as BoolAgg | undefined;
        if (g === undefined) {
          globalAggs[i] = g = { cnt: 0, sum: 0 };
          globalWork.order.push(i);
        }
        pushBool(g, yes);
      } else {
        let a = classAggs[i] as StrAgg | undefined;
        if (a === undefined) {
          classAggs[i] = a = newStrAgg(name, raw, true);
          work.order.push(i);
        }
        pushStr(a, raw);
        let g = globalAggs[i] as StrAgg | undefined;
        if (g === undefined) {
          globalAggs[i] = g = newStrAgg(name, raw, false);
          globalWork.order.push(i);
        }
        pushStr(g, raw);
      }
    }
    const lenIdx = bucketIdx(ev.bytes);
    if (work.queryLength === undefined) {
      work.queryLength = newNumAgg(ev.bytes, true);
      work.order.push(-1);
    }
    pushNum(work.queryLength, ev.bytes, lenIdx);
    if (globalQueryLength === undefined) {
      globalQueryLength = newNumAgg(ev.bytes, false);
      globalWork.order.push(-1);
    }
    pushNum(globalQueryLength, ev.bytes, lenIdx);
    if (!state.types.has('Query_length')) {
      state.types.set('Query_length', 'num');
      state.attrFirstSeen.set('Query_length', ordinal);
    }
    const ts = props.get('ts');
    if (ts !== undefined) {
      if (state.tsMin === undefined || ts < state.tsMin) state.tsMin = ts;
      if (state.tsMax === undefined || ts > state.tsMax) state.tsMax = ts;
    }
    const s = cls.sample;
    if (!s || (orderValue !== undefined && orderValue >= work.orderAgg!.max)) {
      cls.sample = { arg: ev.arg!, pos: ev.pos, ts, timeMs, orderValue: orderValue ?? 0, props, explain: ev.explain };
    }
    if (timeMs !== undefined) {
      if (cls.timeMinMs === undefined || timeMs < cls.timeMinMs) cls.timeMinMs = timeMs;
      if (cls.timeMaxMs === undefined || timeMs > cls.timeMaxMs) cls.timeMaxMs = timeMs;
      if (state.timeMinMs === undefined || timeMs < state.timeMinMs) state.timeMinMs = timeMs;
      if (state.timeMaxMs === undefined || timeMs > state.timeMaxMs) state.timeMaxMs = timeMs;
      addToSeries(state, cls, timeMs, toNumber(props.get('Query_time') ?? '0'));
      nplus1.add(props.get('Thread_id'), cls, timeMs);
    }
  };
  let globalQueryLength: NumAgg | undefined;

  /** Moves the slot arrays into the state's Maps, in the order each attribute first appeared. */
  const settle = (): void => {
    const fill = (aggs: AttrAggs, work: SlotAggs, ql: NumAgg | undefined): void => {
      for (const i of work.order) {
        if (i < 0) {
          flushNum(ql!);
          aggs.num.set(queryLength.name, ql!);
          continue;
        }
        const slot = attrList[i]!;
        const a = work.aggs[i]!;
        if (slot.type === 'num') {
          flushNum(a as NumAgg);
          aggs.num.set(slot.name, a as NumAgg);
        } else if (slot.type === 'bool') aggs.bool.set(slot.name, a as BoolAgg);
        else aggs.str.set(slot.name, a as StrAgg);
      }
    };
    for (const w of works.values()) fill(w.cls.aggs, w, w.queryLength);
    fill(state.global, globalWork, globalQueryLength);
  };

  const parser: SlowLogParser = createSlowLogParser({
    onEvent,
    onWarning: (w) => state.warnings.push(w),
    maxEntryBytes: options.maxEntryBytes,
    baseOffset: options.baseOffset,
    ptBanners: options.ptCompatible,
  });

  const timed = (fn: () => void): void => {
    const before = inPipeline;
    const t = performance.now();
    fn();
    state.stages.parse.ms += performance.now() - t - (inPipeline - before);
  };

  return {
    push: (chunk) => timed(() => parser.push(chunk)),
    end: () => {
      timed(() => parser.end());
      state.nPlusOneEdges = nplus1.finish();
      settle();
      state.bytes = parser.counts.bytes;
      state.skippedBytes = parser.counts.skippedBytes;
      state.skippedLines = parser.counts.skippedLines;
      state.stages.parse.in = parser.counts.records;
      state.stages.parse.out = parser.counts.events;
      return state;
    },
    progress: () => ({ bytes: parser.counts.bytes, events: parser.counts.events }),
  };
}

function keep(f: DigestFilter, needle: string | undefined, props: Map<string, string>, arg: string, timeMs: number | undefined): boolean {
  if (f.since !== undefined && (timeMs === undefined || timeMs < f.since)) return false;
  if (f.until !== undefined && (timeMs === undefined || timeMs > f.until)) return false;
  if (f.db && f.db.length > 0 && !f.db.includes(props.get('db') ?? '')) return false;
  if (f.user && f.user.length > 0 && !f.user.includes(props.get('user') ?? '')) return false;
  if (f.host && f.host.length > 0 && !f.host.includes(props.get('host') ?? '')) return false;
  if (f.minQueryTime !== undefined && toNumber(props.get('Query_time') ?? '0') < f.minQueryTime) return false;
  if (needle && !arg.toLowerCase().includes(needle)) return false;
  return true;
}
