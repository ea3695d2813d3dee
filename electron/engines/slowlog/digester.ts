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
  sumBoolAggs,
  sumNumAggs,
  sumStrAggs,
  toNumber,
  type AttrAggs,
  type AttrType,
  type BoolAgg,
  type NumAgg,
  type StrAgg,
} from './class-aggregate';
import type { ClassState, DigestState } from './digest-state';
import { newDigestState } from './digest-state';
import { eventTimeMsOf } from './event-time';
import { bucketIdx } from './pt-buckets';
import { fingerprint, fingerprintKey } from './fingerprint';
import { createNPlusOneTracker, type NPlusOneOptions } from './n-plus-one';
import { addToSeries } from './time-series';
import type { SlowLogEvent } from './slow-log.event';
import { createSlowLogParser, noEntriesMessage, type SlowLogParser } from './slow-log.parser';
import { fullProps, interpretRecord, scanExpectedPairs, scanPairs, userHostOf, type UserHost } from './slow-log.record';
import * as fast from './fast-entry';
import * as lane from './lane-scan';

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

/** The filter when it sets anything, else undefined: an empty filter keeps every event, and must
 * not cost what a real one does (a filtered run reads every event's attributes in full). */
export function activeFilter(f: DigestFilter | undefined): DigestFilter | undefined {
  if (!f) return undefined;
  const set = Object.values(f).some((v: unknown) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  return set ? f : undefined;
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
  /**
   * Read entries of the common MySQL shape in place (default true; see `fastRecord`); false
   * reads every entry the general way, which gives the same digest (tests compare the two).
   */
  fastLane?: boolean;
}

/** A digest in progress. */
export interface Digester {
  push(chunk: Buffer | string): void;
  /** Finishes parsing and returns the state (call once). */
  end(): DigestState;
  /** Bytes read and events parsed so far, and how many of those the fast lane read. */
  progress(): { bytes: number; events: number; fastEvents: number; laneValues: number };
}

const FP_CACHE_MAX = 50_000;
/** Bytes of statement keys the fast lane keeps before it starts its table afresh. */
const FAST_KEYS_MAX = 16 * 1024 * 1024;
/** `# Time: +(\S+(?: +[0-9:.]+)?)`: the full time text of a `# Time:` line. */
const TIME_TEXT = /^# Time: +(\S+(?: +[0-9:.]+)?)/;

/** An attribute of this digest: its type (fixed by its first value; undefined when ignored) and slot. */
interface AttrSlot {
  name: string;
  type: AttrType | undefined;
  idx: number;
  queryTime: boolean;
  order: boolean;
  /** Read by the event preparation (or needing the plain path): a lazy event with it in its pairs line is read in full. */
  special: boolean;
  /** The lazy check that last saw this attribute, and whether it came before the pairs line there. */
  stamp: number;
  before: boolean;
}

/** Attributes the event preparation reads or sets; see `special`. */
const SPECIAL_ATTRS = new Set([
  'db',
  'ts',
  'timestamp',
  'user',
  'host',
  'ip',
  'cmd',
  'arg',
  'Schema',
  'Log_slow_rate_limit',
  'Log_slow_rate_type',
  'rate_limit',
]);

/** Whether `line.slice(k, colon)` is `name` (compared char by char: no slice, no runtime call). */
function nameAt(name: string, line: string, k: number, colon: number): boolean {
  const len = name.length;
  if (len !== colon - k) return false;
  for (let q = 0; q < len; q++) if (name.charCodeAt(q) !== line.charCodeAt(k + q)) return false;
  return true;
}

/**
 * `Number(line.slice(from, to))` without the slice, for a plain decimal (digits, at most one point, a digit after it) whose
 * digits make an integer below 2^53 with at most 22 after the point; -1 for anything else. The
 * digits are read into an exact integer m and the result is m / 10^k: one correctly rounded
 * division of two exact doubles, which is the correctly rounded value of the decimal, as
 * Number() gives (Clinger's fast path).
 */
export function plainDecimal(line: string, from: number, to: number): number {
  if (from >= to) return -1;
  let m = 0;
  let frac = -1;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (m > 900719925474098) return -1;
      m = m * 10 + (c - 48);
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return -1;
  }
  if (frac < 0) return m;
  if (frac === 0 || frac > 22) return -1;
  return m / fast.POW10[frac]!;
}

/** A class being digested: its state plus the slot-indexed aggregates that settle into it at the end. */
interface ClassWork {
  /** Aggregates indexed by attribute slot. */
  aggs: (NumAgg | BoolAgg | StrAgg | undefined)[];
  /** Slot indexes in first-use order; -1 is Query_length. */
  order: number[];
  cls: ClassState;
  queryLength: NumAgg | undefined;
  orderAgg: NumAgg | undefined;
  /** The fast lane's byte copies of string extremes, by attribute slot (see Extremes). */
  extremes: (Extremes | undefined)[];
  extremesLive: boolean;
  /** Per pair of the lane's names (version `laneAggsVersion`): the lane scanner's aggregate adding its values, or -1. */
  laneAggs: number[];
  laneAggsVersion: number;
  /** The numeric aggregates the lane scanner adds to (see `attachAggs`). */
  attached: Attached[];
}

/** A class's numeric aggregate while the lane scanner adds its values. */
interface Attached {
  j: number;
  agg: NumAgg;
  lane: number;
}

/**
 * The bytes of the min and max of a string aggregate the lane updates without value counts
 * (Start, End: a new max nearly every entry), so that a value is compared four bytes at a time
 * and a new extreme copies bytes instead of making a string.
 */
interface Extremes {
  agg: StrAgg;
  work: ClassWork;
  idx: number;
  min: fast.Bytes;
  max: fast.Bytes;
  stale: boolean;
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
  const filter = activeFilter(options.filter);
  const textNeedle = filter?.text?.toLowerCase();
  const fpCache = new Map<string, string>();
  const nplus1 = createNPlusOneTracker(options.nPlusOne);
  let lastDb = options.inherited?.db === undefined ? undefined : unquoteDb(options.inherited.db);
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

  /** pt's event preparation (Schema→db, db/ts inheritance, admin row counts, rate limit). */
  const prepare = (props: Map<string, string>, arg: string): void => {
    let db = props.get('db');
    const schema = props.get('Schema');
    // pt's sanitize_event: `use \`cowrite\`` and `use cowrite` name one database (pt bug 1176010).
    if (db !== undefined) {
      const bare = unquoteDb(db);
      if (bare !== db) props.set('db', (db = bare));
    }
    if (schema !== undefined) {
      props.delete('Schema');
      if (db === undefined) props.set('db', (db = unquoteDb(schema)));
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
  };

  /** `prepare` as it ran for an event that inherited `dbBefore`/`tsBefore` (a worst sample, read again in full). */
  const prepareAs = (props: Map<string, string>, arg: string, dbBefore: string | undefined, tsBefore: string | undefined): void => {
    const db = lastDb;
    const lts = lastTs;
    lastDb = dbBefore;
    lastTs = tsBefore;
    prepare(props, arg);
    lastDb = db;
    lastTs = lts;
  };

  const onEvent = (ev: SlowLogEvent): void => {
    const t0 = performance.now();
    state.parsedEvents++;
    const arg = ev.arg;
    if (arg === undefined || arg === '' || arg === '0') {
      state.unreportable++;
      inPipeline += performance.now() - t0;
      return;
    }
    let pairs = -1;
    const lazy = ev.lazy;
    if (lazy !== undefined) {
      pairs = arg.startsWith('administrator') ? -1 : checkPairs(ev.props, lazy.text, lazy.from, lazy.to, lazy.at);
      // A filter reads every attribute (the check above still teaches the fast lane the line).
      if (pairs < 0 || filter) {
        ev.props = fullProps(ev);
        ev.lazy = undefined;
        pairs = -1;
      }
    }
    const props = ev.props;
    const dbBefore = lastDb;
    const tsBefore = lastTs;
    prepare(props, arg);
    const start = pairs >= 0 && startJ >= 0 ? pairText(lazy!.text, startJ) : props.get('Start');
    const timeMs = eventTimeMsOf(start, ev.timeText, props.get('timestamp')) ?? lastTimeMs;
    if (timeMs !== undefined) lastTimeMs = timeMs;
    const t1 = performance.now();
    state.stages.filter.in++;
    if (
      filter &&
      !keep(
        filter,
        textNeedle,
        props.get('db'),
        props.get('user'),
        props.get('host'),
        () => toNumber(props.get('Query_time') ?? '0'),
        () => arg,
        timeMs,
      )
    ) {
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
    aggregate(ev, fp, timeMs, pairs, dbBefore, tsBefore);
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
  /** Slot indexes (-1: Query_length) in the order they first appeared in any class: the global
   * aggregates are added up from the classes' at the end (pushing every value twice, per class
   * and globally, cost about a third of the digest). */
  const globalOrder: number[] = [];
  const inGlobal = new Set<number>();
  const seenGlobally = (i: number): void => {
    if (inGlobal.has(i)) return;
    inGlobal.add(i);
    globalOrder.push(i);
  };
  const queryLength: AttrSlot = { name: 'Query_length', type: 'num', idx: -1, queryTime: false, order: false, special: false, stamp: 0, before: false };

  /** Pair offsets (scanPairs) and slots of the lazy event being digested. */
  const offs: number[] = [];
  const pairSlots: AttrSlot[] = [];
  /** The slot each pair position had last time: names repeat in the same order from entry to entry. */
  const guess: (AttrSlot | undefined)[] = [];
  /** The names of `guess`, and how many pairs the last checked line had (all of them known). */
  const guessNames: string[] = [];
  let guessCount = 0;
  let stampNo = 0;
  /** Pair index of Query_time, Thread_id (the last one) and Start in the lazy event, or -1. */
  let qtJ = -1;
  let tidJ = -1;
  let startJ = -1;
  const pairText = (line: string, j: number): string => line.slice(offs[j * 4 + 2]!, offs[j * 4 + 3]!);

  /**
   * The fast lane's view of the last pairs line checkPairs accepted: how many pairs it had (0:
   * none accepted since the guesses last changed), their slots, where Query_time, Thread_id and
   * Start were, and whether a typed Thread_id was among them (it then clashes with the one a
   * `User@Host` line sets). Its names are `guessNames[0, fastCount)`.
   */
  let fastCount = 0;
  const fastSlots: AttrSlot[] = [];
  /** The expected names' bytes (given to the lane scanner), changed with `fastNamesVersion`. */
  const fastNames: Uint8Array[] = [];
  const fastNameTexts: string[] = [];
  let fastNamesVersion = 0;
  let fastQtJ = -1;
  let fastTidJ = -1;
  let fastStartJ = -1;
  let fastTidTyped = false;

  /**
   * Reads the pairs line of a lazy event into `offs`/`pairSlots` and returns the pair count, or
   * -1 when the event must be read in full: a name not seen before (its type and first-seen
   * order are fixed the plain way), one the preparation reads, or a name set twice (props keep
   * a name's first place and last value) unless it is an ignored one met first before the line.
   * Changes nothing the digest reports.
   */
  const checkPairs = (props: Map<string, string>, line: string, from: number, to: number, at: number): number => {
    // The guesses may change below: the fast lane waits for the next line that passes.
    fastCount = 0;
    const stamp = ++stampNo;
    let i = 0;
    for (const name of props.keys()) {
      const slot = attrs.get(name);
      if (slot !== undefined) {
        slot.stamp = stamp;
        slot.before = i < at;
      }
      i++;
    }
    // The names are usually those of the last entry, in the same order: one guided pass reads them.
    let n = guessCount > 0 ? scanExpectedPairs(line, from, to, offs, guessNames, guessCount) : -1;
    const guided = n >= 0;
    if (!guided) n = scanPairs(line, from, to, offs);
    qtJ = tidJ = startJ = -1;
    for (let j = 0; j < n; j++) {
      let slot = guess[j];
      if (!guided) {
        const k = offs[j * 4]!;
        const colon = offs[j * 4 + 1]!;
        if (slot === undefined || !nameAt(slot.name, line, k, colon)) {
          slot = attrs.get(line.slice(k, colon));
          if (slot === undefined) return -1;
          guess[j] = slot;
          guessNames[j] = slot.name;
        }
      }
      slot = slot!;
      if (slot.special) return -1;
      if (slot.stamp === stamp && (slot.type !== undefined || !slot.before)) return -1;
      slot.stamp = stamp;
      slot.before = true;
      pairSlots[j] = slot;
      if (slot.queryTime) qtJ = j;
      else if (slot.name === 'Thread_id') tidJ = j;
      else if (slot.name === 'Start') startJ = j;
    }
    guessCount = n;
    for (let j = 0; j < n; j++) fastSlots[j] = pairSlots[j]!;
    fastQtJ = qtJ;
    fastTidJ = tidJ;
    fastStartJ = startJ;
    fastTidTyped = false;
    let schemaName = false;
    let tooLong = false;
    let renamed = n !== fastNameTexts.length;
    for (let j = 0; j < n; j++) {
      const name = guessNames[j]!;
      // Names are slot names (one string each): bytes are made again only where a name changed.
      if (fastNameTexts[j] !== name) {
        fastNames[j] = Buffer.from(name, 'latin1');
        fastNameTexts[j] = name;
        renamed = true;
      }
      if (name === 'Thread_id' && pairSlots[j]!.type !== undefined) fastTidTyped = true;
      if (name.endsWith('Schema')) schemaName = true;
      if (name.length > lane.LANE_MAX_NAME) tooLong = true;
    }
    fastNames.length = fastNameTexts.length = n;
    if (renamed) {
      // The lane's aggregates are held per pair position.
      detachAggs();
      fastNamesVersion++;
    }
    // A name ending in `Schema` puts `Schema:` in the line, which the general reader reads its own way.
    fastCount = schemaName || tooLong || n > lane.LANE_MAX_PAIRS ? 0 : n;
    return n;
  };

  const slotFor = (name: string, raw: string, ordinal: number): AttrSlot => {
    let slot = attrs.get(name);
    if (slot === undefined) {
      const type = IGNORED_ATTRS.has(name) ? undefined : (state.types.get(name) ?? PRESET_TYPES[name] ?? detectType(name, raw));
      slot = {
        // A flat copy: a name sliced from an entry would keep that entry and read slower.
        name: Buffer.from(name, 'latin1').toString('latin1'),
        type,
        idx: attrList.length,
        queryTime: name === 'Query_time',
        order: name === orderBy,
        special: SPECIAL_ATTRS.has(name),
        stamp: 0,
        before: false,
      };
      attrs.set(name, slot);
      attrList.push(slot);
      if (type !== undefined && !state.types.has(name)) {
        state.types.set(name, type);
        state.attrFirstSeen.set(name, ordinal);
      }
    }
    return slot;
  };

  /** The order-by value of the event being aggregated. */
  let orderValue: number | undefined;

  const addNumber = (work: ClassWork, slot: AttrSlot, val: number): void => {
    const i = slot.idx;
    const idx = bucketIdx(val);
    let a = work.aggs[i] as NumAgg | undefined;
    if (a === undefined) {
      work.aggs[i] = a = newNumAgg(val, true);
      work.order.push(i);
      seenGlobally(i);
      if (slot.order) work.orderAgg = a;
    }
    pushNum(a, val, idx);
    if (slot.order) orderValue = val;
  };

  const addBoolean = (work: ClassWork, slot: AttrSlot, yes: boolean): void => {
    const i = slot.idx;
    let a = work.aggs[i] as BoolAgg | undefined;
    if (a === undefined) {
      work.aggs[i] = a = { cnt: 0, sum: 0 };
      work.order.push(i);
      seenGlobally(i);
    }
    pushBool(a, yes);
  };

  const addString = (work: ClassWork, slot: AttrSlot, raw: string): void => {
    const i = slot.idx;
    let a = work.aggs[i] as StrAgg | undefined;
    if (a === undefined) {
      work.aggs[i] = a = newStrAgg(slot.name, raw, true);
      work.order.push(i);
      seenGlobally(i);
    }
    pushStr(a, raw);
  };

  /** Adds one attribute value, raw. */
  const addValue = (work: ClassWork, slot: AttrSlot, raw: string): void => {
    const type = slot.type;
    if (type === undefined) return;
    if (type === 'num') addNumber(work, slot, slot.queryTime ? queryTimeNumber(raw) : toNumber(raw));
    else if (type === 'bool') addBoolean(work, slot, raw === 'Yes');
    else addString(work, slot, raw);
  };

  /** Adds pair j of the lazy event's line (its slot in `slots`), reading a plain decimal in place. */
  const addPair = (work: ClassWork, line: string, j: number, slots: readonly AttrSlot[]): void => {
    const slot = slots[j]!;
    const type = slot.type;
    if (type === undefined) return;
    const from = offs[j * 4 + 2]!;
    const to = offs[j * 4 + 3]!;
    if (type === 'num') {
      // A plain decimal is what queryTimeNumber and toNumber read as Number() too.
      const v = plainDecimal(line, from, to);
      if (v >= 0) addNumber(work, slot, v);
      else addValue(work, slot, line.slice(from, to));
    } else if (type === 'bool') addBoolean(work, slot, to - from === 3 && line.startsWith('Yes', from));
    else addString(work, slot, line.slice(from, to));
  };

  /**
   * Aggregates an event into its class; `pairs` >= 0 for a lazy event whose pairs line was
   * checked (its attributes are then taken in props order: those before the line, the line's,
   * the rest). `dbBefore`/`tsBefore` are the inherited db/ts the event was prepared with.
   */
  const aggregate = (
    ev: SlowLogEvent,
    fp: string,
    timeMs: number | undefined,
    pairs: number,
    dbBefore: string | undefined,
    tsBefore: string | undefined,
  ): void => {
    const ordinal = ++state.events;
    const work = workFor(fp);
    // What the lane keeps of this class's aggregates elsewhere comes back first.
    if (work.attached.length > 0) detachWork(work);
    if (work.extremesLive) settleExtremes();
    const cls = work.cls;
    cls.count++;
    if (ev.pos > cls.posMax) cls.posMax = ev.pos;
    const props = ev.props;
    const line = pairs >= 0 ? ev.lazy!.text : '';
    if (!props.has('Query_time') && !(pairs >= 0 && qtJ >= 0)) state.unreportable++;
    orderValue = undefined;
    if (pairs < 0) {
      for (const [name, raw] of props) addValue(work, slotFor(name, raw, ordinal), raw);
    } else {
      const at = ev.lazy!.at;
      let i = 0;
      for (const [name, raw] of props) {
        if (i++ === at) for (let j = 0; j < pairs; j++) addPair(work, line, j, pairSlots);
        addValue(work, slotFor(name, raw, ordinal), raw);
      }
      if (at >= i) for (let j = 0; j < pairs; j++) addPair(work, line, j, pairSlots);
    }
    const ts = props.get('ts');
    const s = cls.sample;
    if (!s || (orderValue !== undefined && orderValue >= work.orderAgg!.max)) {
      let sampleProps = props;
      if (pairs >= 0) {
        // The worst entry so far keeps all its attributes: read it in full and prepare it as it was.
        sampleProps = fullProps(ev);
        prepareAs(sampleProps, ev.arg!, dbBefore, tsBefore);
      }
      cls.sample = { arg: ev.arg!, pos: ev.pos, ts, timeMs, orderValue: orderValue ?? 0, props: sampleProps, explain: ev.explain };
    }
    let qt = 0;
    let thread: string | undefined;
    if (timeMs !== undefined) {
      if (pairs >= 0 && qtJ >= 0) {
        const v = plainDecimal(line, offs[qtJ * 4 + 2]!, offs[qtJ * 4 + 3]!);
        qt = v >= 0 ? v : toNumber(pairText(line, qtJ));
      } else qt = toNumber(props.get('Query_time') ?? '0');
      thread = pairs >= 0 && tidJ >= 0 ? pairText(line, tidJ) : props.get('Thread_id');
    }
    eventTail(work, ordinal, ev.bytes, ts, timeMs, qt, thread);
  };

  /** A class's work, created on its first event. */
  const workFor = (fp: string): ClassWork => {
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
      work = {
        cls,
        aggs: [],
        order: [],
        queryLength: undefined,
        orderAgg: undefined,
        extremes: [],
        extremesLive: false,
        laneAggs: [],
        laneAggsVersion: -1,
        attached: [],
      };
      works.set(fp, work);
      state.classes.set(fp, cls);
    }
    return work;
  };

  /**
   * What every aggregated event adds besides its attributes: Query_length, the log's `ts`
   * extremes, the time span, the class's time series and the N+1 runs (`qt` and `thread` are
   * read only when the event has a time).
   */
  const eventTail = (
    work: ClassWork,
    ordinal: number,
    bytes: number,
    ts: string | undefined,
    timeMs: number | undefined,
    qt: number,
    thread: string | undefined,
  ): void => {
    const cls = work.cls;
    const lenIdx = bucketIdx(bytes);
    if (work.queryLength === undefined) {
      work.queryLength = newNumAgg(bytes, true);
      work.order.push(-1);
      seenGlobally(-1);
    }
    pushNum(work.queryLength, bytes, lenIdx);
    if (!state.types.has('Query_length')) {
      state.types.set('Query_length', 'num');
      state.attrFirstSeen.set('Query_length', ordinal);
    }
    if (ts !== undefined) {
      if (state.tsMin === undefined || ts < state.tsMin) state.tsMin = ts;
      if (state.tsMax === undefined || ts > state.tsMax) state.tsMax = ts;
    }
    if (timeMs !== undefined) {
      if (cls.timeMinMs === undefined || timeMs < cls.timeMinMs) cls.timeMinMs = timeMs;
      if (cls.timeMaxMs === undefined || timeMs > cls.timeMaxMs) cls.timeMaxMs = timeMs;
      if (state.timeMinMs === undefined || timeMs < state.timeMinMs) state.timeMinMs = timeMs;
      if (state.timeMaxMs === undefined || timeMs > state.timeMaxMs) state.timeMaxMs = timeMs;
      addToSeries(state, cls, timeMs, qt);
      nplus1.add(thread, cls, timeMs);
    }
  };

  /** A statement key the fast lane has met, with its class (keys of one hash are chained). */
  interface FastClass {
    key: fast.Words;
    work: ClassWork;
    next: FastClass | undefined;
  }
  const fastClasses = new Map<number, FastClass>();
  let fastKeyBytes = 0;
  let fastEvents = 0;
  /** The last `ts` the fast lane read, and its bytes. */
  let fastTs: string | undefined;
  let fastTsWords: fast.Words = { len: -1, words: new Int32Array(0) };
  /** This thread's lane scanner, and this digester's token in it. */
  const scanner = lane.laneScan();
  const me = {};
  /** The chunk the fast lane last read, and a DataView of it (for reads four bytes at a time). */
  let viewOf: Buffer | undefined;
  let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** `# User@Host:` lines the fast lane has met, by their bytes (chained per hash), with what userHostOf reads in them. */
  interface FastUserHost {
    line: fast.Words;
    uh: UserHost | null;
    next: FastUserHost | undefined;
  }
  const fastUserHosts = new Map<number, FastUserHost>();
  /** Thread ids below 10^6 written without leading zeros, as strings (the N+1 tracker's keys). */
  const threadIds: (string | undefined)[] = [];
  /** The slots of the props the fast lane sets besides the pairs, once they exist. */
  const propSlots: (AttrSlot | undefined)[] = [];
  const PROP_NAMES = ['ts', 'user', 'host', 'ip', 'Thread_id', 'timestamp', 'db'] as const;
  const propSlot = (k: number, raw: string, ordinal: number): AttrSlot => propSlots[k] ?? (propSlots[k] = slotFor(PROP_NAMES[k]!, raw, ordinal));

  const userHostAt = (b: Buffer, from: number, to: number, h: number): UserHost | null => {
    let e = fastUserHosts.get(h);
    while (e !== undefined && (e.line.len !== to - from || !fast.sameWords(view, from, e.line))) e = e.next;
    if (e === undefined) {
      if (fastUserHosts.size >= 4096) {
        fastUserHosts.clear();
        uhTexts.clear();
      }
      const uh = userHostOf(b.toString('latin1', from, to));
      // One string per text: the value counts then find equal users, hosts and ips by identity.
      e = { line: fast.wordsOf(b, from, to), uh: uh && [uhText(uh[0]), uhText(uh[1]), uhText(uh[2]), uh[3]], next: fastUserHosts.get(h) };
      fastUserHosts.set(h, e);
    }
    return e.uh;
  };
  const uhTexts = new Map<string, string>();
  const uhText = (s: string): string => {
    const known = uhTexts.get(s);
    if (known !== undefined) return known;
    uhTexts.set(s, s);
    return s;
  };

  const threadText = (b: Buffer, from: number, to: number): string => {
    const n = to - from;
    if (n > 0 && n <= 6 && (b[from] !== 48 || n === 1)) {
      let v = 0;
      for (let i = from; i < to; i++) {
        const c = b[i]!;
        if (c < 48 || c > 57) return b.toString('latin1', from, to);
        v = v * 10 + (c - 48);
      }
      return threadIds[v] ?? (threadIds[v] = b.toString('latin1', from, to));
    }
    return b.toString('latin1', from, to);
  };

  /** addPair for the fast lane's pair j, read in the chunk; a string attribute counting no values is compared in place. */
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
   * JavaScript, when the scanner has none left to give.)
   */
  const attachedWorks = new Set<ClassWork>();
  /** Values the lane scanner has added (progress(), for the tests). */
  let laneValues = 0;
  const attachAggs = (work: ClassWork): void => {
    for (let j = 0; j < fastCount; j++) {
      const slot = fastSlots[j]!;
      if (work.laneAggs[j] !== -1 || slot.type !== 'num' || slot.order) continue;
      const a = work.aggs[slot.idx] as NumAgg | undefined;
      if (a === undefined || a.exact !== undefined) continue;
      flushNum(a);
      const agg = scanner.attach(a);
      if (agg < 0) return;
      work.laneAggs[j] = agg;
      attachedWorks.add(work);
      work.attached.push({ j, agg: a, lane: agg });
    }
  };
  const detachWork = (work: ClassWork): void => {
    for (const t of work.attached) {
      const a = t.agg;
      scanner.detach(t.lane, a, (idx, count) => a.buckets.set(idx, (a.buckets.get(idx) ?? 0) + count));
      work.laneAggs[t.j] = -1;
    }
    work.attached.length = 0;
  };
  const detachAggs = (): void => {
    for (const w of attachedWorks) detachWork(w);
    attachedWorks.clear();
  };

  /**
   * The lane's Extremes in use, and those whose bytes changed since their strings were made.
   * The strings are made (`settleExtremes`) before the general path aggregates an entry and at
   * the end; the bytes are then dropped, as the general path may change the strings.
   */
  const liveExtremes: Extremes[] = [];
  const staleExtremes: Extremes[] = [];
  const settleExtremes = (): void => {
    for (const x of staleExtremes) {
      x.agg.min = fast.bytesText(x.min);
      x.agg.max = fast.bytesText(x.max);
      x.stale = false;
    }
    staleExtremes.length = 0;
    for (const x of liveExtremes) {
      x.work.extremes[x.idx] = undefined;
      x.work.extremesLive = false;
    }
    liveExtremes.length = 0;
  };

  const addPairAt = (work: ClassWork, b: Buffer, j: number): void => {
    const slot = fastSlots[j]!;
    const type = slot.type;
    if (type === undefined) return;
    const from = lane.valueFrom(scanner, j);
    const to = lane.valueTo(scanner, j);
    if (type === 'num') {
      const v = lane.valueNum(scanner, j);
      if (v >= 0) addNumber(work, slot, v);
      else addValue(work, slot, b.toString('latin1', from, to));
    } else if (type === 'bool') addBoolean(work, slot, to - from === 3 && b[from] === 89 && b[from + 1] === 101 && b[from + 2] === 115);
    else {
      const a = work.aggs[slot.idx] as StrAgg | undefined;
      if (a !== undefined && a.unq === undefined) {
        // pushStr on bytes (min <= max, so a new max is never a new min).
        a.cnt++;
        let x = work.extremes[slot.idx];
        if (x === undefined) {
          x = { agg: a, work, idx: slot.idx, min: fast.bytesOf(a.min), max: fast.bytesOf(a.max), stale: false };
          work.extremes[slot.idx] = x;
          work.extremesLive = true;
          liveExtremes.push(x);
        }
        let changed = true;
        if (fast.compareBytes(view, from, to, x.max) > 0) fast.setBytes(x.max, view, from, to);
        else if (fast.compareBytes(view, from, to, x.min) < 0) fast.setBytes(x.min, view, from, to);
        else changed = false;
        if (changed && !x.stale) {
          x.stale = true;
          staleExtremes.push(x);
        }
      } else addString(work, slot, b.toString('latin1', from, to));
    }
  };

  /**
   * The fast lane: digests a record of the shape MySQL writes for nearly every entry
   *
   *     # Time: <ts>            (the separator took this line's `#`)
   *     # User@Host: ...
   *     # Name: value ...       (the names, in order, of the last pairs line checkPairs accepted)
   *     SET timestamp=N;        (optional)
   *     <statement>
   *
   * in place in the chunk `b[from, to)`: no record string, no props Map, the pairs read where
   * they are, the class found by the statement's key bytes, strings made only for what the
   * state keeps. It adds to the state exactly what the general path (interpretRecord, onEvent,
   * aggregate) adds for the same record, in the same order. Anything else about the record
   * (another line, another order, a name not seen before, a value the general path reads another
   * way) makes it return false before it changes anything, and the general path reads it.
   */
  const fastRecord = (b: Buffer, from: number, to: number, pos: number, scanNo: number): boolean => {
    if (fastCount === 0) return false;
    const n = fastCount;
    scanner.setNames(me, fastNamesVersion, fastNames);
    if (scanner.record(me, b, scanNo, from, to, n, fastStartJ) < 0) return false;
    if (b !== viewOf) {
      viewOf = b;
      view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    const e0 = lane.lineEnd0(scanner);
    const tsEnd = lane.tsEnd(scanner);
    const uh = userHostAt(b, e0 + 1, lane.lineEnd1(scanner), lane.userHostHash(scanner));
    if (uh === null || (uh[3] !== undefined && fastTidTyped)) return false;
    const setFrom = lane.setFrom(scanner);
    const setTo = lane.setTo(scanner);
    const s3 = lane.statementStart(scanner);
    const klen = lane.keyLength(scanner);

    // The record has the shape: from here on it is digested.
    fastEvents++;
    state.parsedEvents++;
    const dbBefore = lastDb;
    const tsBefore = lastTs;
    // `ts` has whole seconds: consecutive entries mostly share it, and then its string.
    let ts = fastTs;
    if (ts === undefined || fastTsWords.len !== tsEnd - from - 7 || !fast.sameWords(view, from + 7, fastTsWords)) {
      ts = fastTs = b.toString('latin1', from + 7, tsEnd);
      fastTsWords = fast.wordsOf(b, from + 7, tsEnd);
    }
    lastTs = ts;
    const db = lastDb;
    let timeMs: number | undefined;
    if (fastStartJ >= 0) {
      const t = lane.startMs(scanner);
      timeMs = t >= 0 ? t : eventTimeMsOf(b.toString('latin1', lane.valueFrom(scanner, fastStartJ), lane.valueTo(scanner, fastStartJ)), undefined, undefined);
    }
    if (timeMs === undefined) {
      // An ISO-8601 `# Time:` (MySQL 5.7+) read in place; anything else as eventTimeMsOf reads it.
      const t = lane.timeLineMs(scanner);
      if (t >= 0) timeMs = t;
      else {
        const tt = TIME_TEXT.exec('#' + b.toString('latin1', from, e0))?.[1];
        timeMs = eventTimeMsOf(undefined, tt, setFrom >= 0 ? b.toString('latin1', setFrom, setTo) : undefined);
      }
    }
    if (timeMs === undefined) timeMs = lastTimeMs;
    else lastTimeMs = timeMs;
    state.stages.filter.in++;
    if (filter !== undefined) {
      const qt = (): number => {
        if (fastQtJ < 0) return 0;
        const v = lane.valueNum(scanner, fastQtJ);
        return v >= 0 ? v : toNumber(b.toString('latin1', lane.valueFrom(scanner, fastQtJ), lane.valueTo(scanner, fastQtJ)));
      };
      if (!keep(filter, textNeedle, db, uh[0], uh[1], qt, () => b.toString('latin1', s3, to), timeMs)) return true;
    }
    state.stages.filter.out++;

    // One record in LANE_TIMING_EVERY is timed (a clock read costs more than some of the steps it
    // would time) and stands for the others.
    const timing = fastEvents % LANE_TIMING_EVERY === 0;
    const t2 = timing ? performance.now() : 0;
    const h = lane.keyHash(scanner);
    let fc = fastClasses.get(h);
    while (fc !== undefined && !fast.sameKeyWords(scanner.i32, lane.KEY >> 2, klen, fc.key)) fc = fc.next;
    if (fc === undefined) {
      const work = workFor(classify(b.toString('latin1', s3, to)));
      if (fastKeyBytes > FAST_KEYS_MAX) {
        fastClasses.clear();
        fastKeyBytes = 0;
      }
      fc = { key: fast.wordsOf(scanner.u8, lane.KEY, lane.KEY + klen), work, next: fastClasses.get(h) };
      fastClasses.set(h, fc);
      fastKeyBytes += klen;
    }
    const t3 = timing ? performance.now() : 0;
    state.stages.fingerprint.ms += (t3 - t2) * LANE_TIMING_EVERY;
    state.stages.fingerprint.in++;
    state.stages.fingerprint.out++;

    // The general path's props, in its order: ts, user, host, ip, Thread_id, the pairs, timestamp, the inherited db.
    const work = fc.work;
    const cls = work.cls;
    const ordinal = ++state.events;
    cls.count++;
    if (pos > cls.posMax) cls.posMax = pos;
    if (fastQtJ < 0) state.unreportable++;
    orderValue = undefined;
    addValue(work, propSlot(0, ts, ordinal), ts);
    addValue(work, propSlot(1, uh[0], ordinal), uh[0]);
    addValue(work, propSlot(2, uh[1], ordinal), uh[1]);
    addValue(work, propSlot(3, uh[2], ordinal), uh[2]);
    if (uh[3] !== undefined) addValue(work, propSlot(4, uh[3], ordinal), uh[3]);
    if (work.laneAggsVersion !== fastNamesVersion) {
      work.laneAggs.length = 0;
      for (let j = 0; j < n; j++) work.laneAggs.push(-1);
      work.laneAggsVersion = fastNamesVersion;
    }
    const laneAggs = work.laneAggs;
    let cols = 0;
    for (let j = 0; j < n; j++) {
      const agg = laneAggs[j]!;
      if (agg >= 0) {
        const v = lane.valueNum(scanner, j);
        if (v >= 0) {
          scanner.column(cols++, j, agg, bucketIdx(v));
          continue;
        }
        // Not a plain decimal: the aggregates come back (after the values queued so far) and this one is added the general way.
        if (cols > 0) scanner.add(cols);
        laneValues += cols;
        cols = 0;
        detachWork(work);
      }
      addPairAt(work, b, j);
    }
    if (cols > 0) {
      scanner.add(cols);
      laneValues += cols;
    }
    if ((cls.count & 255) === 0) attachAggs(work);
    if (setFrom >= 0) {
      const slot = propSlots[5];
      if (slot === undefined || slot.type !== undefined) {
        const v = b.toString('latin1', setFrom, setTo);
        addValue(work, propSlot(5, v, ordinal), v);
      }
    }
    if (db !== undefined) addValue(work, propSlot(6, db, ordinal), db);
    if (!cls.sample || (orderValue !== undefined && orderValue >= work.orderAgg!.max)) {
      const r = interpretRecord(b.toString('latin1', from, to), pos, false);
      if (r.kind !== 'event') throw new Error('a slow-log record read by the fast lane re-read differently');
      const arg = b.toString('latin1', s3, to);
      prepareAs(r.event.props, arg, dbBefore, tsBefore);
      cls.sample = { arg, pos, ts, timeMs, orderValue: orderValue ?? 0, props: r.event.props, explain: undefined };
    }
    let qt = 0;
    let thread: string | undefined;
    if (timeMs !== undefined) {
      if (fastQtJ >= 0) {
        const v = lane.valueNum(scanner, fastQtJ);
        qt = v >= 0 ? v : toNumber(b.toString('latin1', lane.valueFrom(scanner, fastQtJ), lane.valueTo(scanner, fastQtJ)));
      }
      thread = fastTidJ >= 0 ? threadText(b, lane.valueFrom(scanner, fastTidJ), lane.valueTo(scanner, fastTidJ)) : uh[3];
    }
    eventTail(work, ordinal, to - s3, ts, timeMs, qt, thread);
    const t4 = timing ? performance.now() : 0;
    state.stages.aggregate.ms += (t4 - t3) * LANE_TIMING_EVERY;
    state.stages.aggregate.in++;
    state.stages.aggregate.out++;
    inPipeline += (t4 - t2) * LANE_TIMING_EVERY;
    return true;
  };

  /** Moves the slot arrays into the state's Maps, in the order each attribute first appeared,
   * and adds the global aggregates up from the classes' (the same counts, extremes and bucket
   * counts as pushing every value globally; a sum may differ in its last bits by the order of
   * additions, as it does across worker ranges). */
  const settle = (): void => {
    const fill = (aggs: AttrAggs, work: ClassWork): void => {
      for (const i of work.order) {
        if (i < 0) {
          flushNum(work.queryLength!);
          aggs.num.set(queryLength.name, work.queryLength!);
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
    for (const w of works.values()) fill(w.cls.aggs, w);
    const global = state.global;
    for (const i of globalOrder) {
      const slot = i < 0 ? queryLength : attrList[i]!;
      const parts = [...works.values()].map((w) => (i < 0 ? w.queryLength : w.aggs[i])).filter((a) => a !== undefined);
      if (slot.type === 'num') global.num.set(slot.name, sumNumAggs(parts as NumAgg[]));
      else if (slot.type === 'bool') global.bool.set(slot.name, sumBoolAggs(parts as BoolAgg[]));
      else global.str.set(slot.name, sumStrAggs(parts as StrAgg[]));
    }
  };

  const parser: SlowLogParser = createSlowLogParser({
    onEvent,
    onWarning: (w) => state.warnings.push(w),
    maxEntryBytes: options.maxEntryBytes,
    baseOffset: options.baseOffset,
    ptBanners: options.ptCompatible,
    lazyPairs: true,
    onRecordBytes: options.fastLane === false ? undefined : fastRecord,
  });

  const timed = (fn: () => void): void => {
    const before = inPipeline;
    const t = performance.now();
    fn();
    // The lane's sampled times may add up to more than the push took.
    state.stages.parse.ms += Math.max(0, performance.now() - t - (inPipeline - before));
  };

  return {
    push: (chunk) => timed(() => parser.push(chunk)),
    end: () => {
      timed(() => parser.end());
      // Statements without header lines (a SQL file, a general log) parse as events none of which
      // has a Query_time: the input is not a slow log, and the report says what it looks like.
      // Only the range that starts the file can tell.
      if (
        !options.baseOffset &&
        state.parsedEvents > 0 &&
        state.parsedEvents === state.unreportable &&
        !state.warnings.some((w) => w.kind === 'no-entries' || w.kind === 'binary-input')
      ) {
        state.warnings.push({ kind: 'no-entries', message: noEntriesMessage(parser.head()), offset: 0, skippedBytes: 0, skippedLines: 0 });
      }
      settleExtremes();
      detachAggs();
      state.nPlusOneEdges = nplus1.finish();
      settle();
      state.bytes = parser.counts.bytes;
      state.skippedBytes = parser.counts.skippedBytes;
      state.skippedLines = parser.counts.skippedLines;
      state.stages.parse.in = parser.counts.records;
      state.stages.parse.out = parser.counts.events;
      return state;
    },
    progress: () => ({ bytes: parser.counts.bytes, events: parser.counts.events, fastEvents, laneValues }),
  };
}

/** A database name without one leading and one trailing backtick, as pt-query-digest's sanitize_event leaves it. */
export function unquoteDb(name: string): string {
  const from = name.charCodeAt(0) === 96 ? 1 : 0;
  const to = name.length > from && name.charCodeAt(name.length - 1) === 96 ? name.length - 1 : name.length;
  return from === 0 && to === name.length ? name : name.slice(from, to);
}

/** The fast lane times one record in this many for the stage timings. */
const LANE_TIMING_EVERY = 16;

/** Whether an event passes the filter (its Query_time and statement are read only when the filter needs them). */
function keep(
  f: DigestFilter,
  needle: string | undefined,
  db: string | undefined,
  user: string | undefined,
  host: string | undefined,
  queryTime: () => number,
  arg: () => string,
  timeMs: number | undefined,
): boolean {
  if (f.since !== undefined && (timeMs === undefined || timeMs < f.since)) return false;
  if (f.until !== undefined && (timeMs === undefined || timeMs > f.until)) return false;
  if (f.db && f.db.length > 0 && !f.db.includes(db ?? '')) return false;
  if (f.user && f.user.length > 0 && !f.user.includes(user ?? '')) return false;
  if (f.host && f.host.length > 0 && !f.host.includes(host ?? '')) return false;
  if (f.minQueryTime !== undefined && queryTime() < f.minQueryTime) return false;
  if (needle && !arg().toLowerCase().includes(needle)) return false;
  return true;
}
