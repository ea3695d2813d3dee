/**
 * The digest pipeline, stage by stage as pt-query-digest runs it: parse → filter →
 * fingerprint → (tables, per class at report time) → aggregate → (rank, at report time).
 * Events go through pt's own preparation steps in pt's order (Schema→db alias, db/ts
 * inheritance, zeroed row counts for admin commands, rate-limit folding) so aggregates match.
 */
import { addBool, addNum, addStr, detectType, IGNORED_ATTRS, PRESET_TYPES, toNumber } from './class-aggregate';
import type { DigestState } from './digest-state';
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
    if (props.db !== undefined) delete props.Schema;
    else if (props.Schema !== undefined) {
      props.db = props.Schema;
      delete props.Schema;
    }
    if (props.db !== undefined) lastDb = props.db;
    else if (lastDb !== undefined) props.db = lastDb;
    if (props.ts !== undefined) lastTs = props.ts;
    else if (lastTs !== undefined) props.ts = lastTs;
    if (arg.startsWith('administrator')) {
      for (const k of ['Rows_sent', 'Rows_examined', 'Rows_read', 'Rows_affected']) if (props[k] !== undefined) props[k] = '0';
    }
    if (props.Log_slow_rate_limit && props.Log_slow_rate_limit !== '0') {
      props.rate_limit = `${props.Log_slow_rate_type || 'session'}:${props.Log_slow_rate_limit}`;
      delete props.Log_slow_rate_limit;
      delete props.Log_slow_rate_type;
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

  const aggregate = (ev: SlowLogEvent, fp: string, timeMs: number | undefined): void => {
    const ordinal = ++state.events;
    let cls = state.classes.get(fp);
    if (!cls) {
      cls = {
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
      state.classes.set(fp, cls);
    }
    cls.count++;
    if (ev.pos > cls.posMax) cls.posMax = ev.pos;
    const props = ev.props;
    if (props.Query_time === undefined) state.unreportable++;
    let orderValue: number | undefined;
    for (const name in props) {
      if (IGNORED_ATTRS.has(name)) continue;
      const raw = props[name]!;
      let type = state.types.get(name);
      if (type === undefined) {
        type = PRESET_TYPES[name] ?? detectType(name, raw);
        state.types.set(name, type);
        state.attrFirstSeen.set(name, ordinal);
      }
      if (type === 'num') {
        const val = name === 'Query_time' ? toNumber(/^\d+(?:\.\d+)?/.exec(raw)?.[0] ?? raw) : toNumber(raw);
        const idx = bucketIdx(val);
        addNum(cls.aggs, name, val, true, idx);
        addNum(state.global, name, val, false, idx);
        if (name === orderBy) orderValue = val;
      } else if (type === 'bool') {
        const yes = raw === 'Yes';
        addBool(cls.aggs, name, yes);
        addBool(state.global, name, yes);
      } else {
        addStr(cls.aggs, name, raw);
        addStr(state.global, name, raw, false);
      }
    }
    const lenIdx = bucketIdx(ev.bytes);
    addNum(cls.aggs, 'Query_length', ev.bytes, true, lenIdx);
    addNum(state.global, 'Query_length', ev.bytes, false, lenIdx);
    if (!state.types.has('Query_length')) {
      state.types.set('Query_length', 'num');
      state.attrFirstSeen.set('Query_length', ordinal);
    }
    const ts = props.ts;
    if (ts !== undefined) {
      if (state.tsMin === undefined || ts < state.tsMin) state.tsMin = ts;
      if (state.tsMax === undefined || ts > state.tsMax) state.tsMax = ts;
    }
    const s = cls.sample;
    if (!s || (orderValue !== undefined && orderValue >= cls.aggs.num.get(orderBy)!.max)) {
      cls.sample = { arg: ev.arg!, pos: ev.pos, ts, timeMs, orderValue: orderValue ?? 0, props, explain: ev.explain };
    }
    if (timeMs !== undefined) {
      if (cls.timeMinMs === undefined || timeMs < cls.timeMinMs) cls.timeMinMs = timeMs;
      if (cls.timeMaxMs === undefined || timeMs > cls.timeMaxMs) cls.timeMaxMs = timeMs;
      if (state.timeMinMs === undefined || timeMs < state.timeMinMs) state.timeMinMs = timeMs;
      if (state.timeMaxMs === undefined || timeMs > state.timeMaxMs) state.timeMaxMs = timeMs;
      addToSeries(state, cls, timeMs, toNumber(props.Query_time ?? '0'));
      nplus1.add(props.Thread_id, cls, timeMs);
    }
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
      nplus1.finish();
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

function keep(f: DigestFilter, needle: string | undefined, props: Record<string, string>, arg: string, timeMs: number | undefined): boolean {
  if (f.since !== undefined && (timeMs === undefined || timeMs < f.since)) return false;
  if (f.until !== undefined && (timeMs === undefined || timeMs > f.until)) return false;
  if (f.db && f.db.length > 0 && !f.db.includes(props.db ?? '')) return false;
  if (f.user && f.user.length > 0 && !f.user.includes(props.user ?? '')) return false;
  if (f.host && f.host.length > 0 && !f.host.includes(props.host ?? '')) return false;
  if (f.minQueryTime !== undefined && toNumber(props.Query_time ?? '0') < f.minQueryTime) return false;
  if (needle && !arg.toLowerCase().includes(needle)) return false;
  return true;
}
