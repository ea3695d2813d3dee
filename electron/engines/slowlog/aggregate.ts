/**
 * The digest's aggregate stage: each event's attributes into its class's slot-indexed
 * aggregates, its worst sample, Query_length, time span, time series and N+1 runs; and at the
 * end (`settle`) the slots into the state's Maps and the global aggregates added up from the
 * classes'.
 */
import {
  flushNum,
  newNumAgg,
  newStrAgg,
  flushStr,
  pushBool,
  pushNum,
  pushStr,
  sumBoolAggs,
  sumNumAggs,
  sumStrAggs,
  toNumber,
  type AttrAggs,
  type BoolAgg,
  type NumAgg,
  type StrAgg,
} from './class-aggregate';
import type { ClassState } from './digest-state';
import type { AttrSlot, ClassWork, DigestRun } from './digest-run';
import { pairText, plainDecimal, queryTimeNumber, slotFor } from './attr-slots';
import { detachWork, settleExtremes } from './lane-aggs';
import { prepareAs } from './prepare';
import { bucketIdx } from './pt-buckets';
import type { SlowLogEvent } from './slow-log.event';
import { fullProps, interpretRecord } from './slow-log.record';
import { addToSeries } from './time-series';

/** Notes that slot i (-1: Query_length) has a value in some class, in first-seen order. */
export function seenGlobally(st: DigestRun, i: number): void {
  if (st.inGlobal.has(i)) return;
  st.inGlobal.add(i);
  st.globalOrder.push(i);
}

/** Adds a number to its slot's aggregate in the class (and notes the order-by value). */
export function addNumber(st: DigestRun, work: ClassWork, slot: AttrSlot, val: number): void {
  const i = slot.idx;
  const idx = bucketIdx(val);
  let a = work.aggs[i] as NumAgg | undefined;
  if (a === undefined) {
    work.aggs[i] = a = newNumAgg(val, true);
    work.order.push(i);
    seenGlobally(st, i);
    if (slot.order) work.orderAgg = a;
  }
  pushNum(a, val, idx);
  if (slot.order) st.orderValue = val;
}

/** Adds a Yes/No value. */
export function addBoolean(st: DigestRun, work: ClassWork, slot: AttrSlot, yes: boolean): void {
  const i = slot.idx;
  let a = work.aggs[i] as BoolAgg | undefined;
  if (a === undefined) {
    work.aggs[i] = a = { cnt: 0, sum: 0 };
    work.order.push(i);
    seenGlobally(st, i);
  }
  pushBool(a, yes);
}

/** Adds a string value. */
export function addString(st: DigestRun, work: ClassWork, slot: AttrSlot, raw: string): void {
  const i = slot.idx;
  let a = work.aggs[i] as StrAgg | undefined;
  if (a === undefined) {
    work.aggs[i] = a = newStrAgg(slot.name, raw, true);
    work.order.push(i);
    seenGlobally(st, i);
  }
  pushStr(a, raw);
}

/** Adds one attribute value, raw. */
export function addValue(st: DigestRun, work: ClassWork, slot: AttrSlot, raw: string): void {
  const type = slot.type;
  if (type === undefined) return;
  if (type === 'num') addNumber(st, work, slot, slot.queryTime ? queryTimeNumber(raw) : toNumber(raw));
  else if (type === 'bool') addBoolean(st, work, slot, raw === 'Yes');
  else addString(st, work, slot, raw);
}

/** Adds pair j of the lazy event's line (its slot in `slots`), reading a plain decimal in place. */
export function addPair(st: DigestRun, work: ClassWork, line: string, j: number, slots: readonly AttrSlot[]): void {
  const slot = slots[j]!;
  const type = slot.type;
  if (type === undefined) return;
  const from = st.offs[j * 4 + 2]!;
  const to = st.offs[j * 4 + 3]!;
  if (type === 'num') {
    // A plain decimal is what queryTimeNumber and toNumber read as Number() too.
    const v = plainDecimal(line, from, to);
    if (v >= 0) addNumber(st, work, slot, v);
    else addValue(st, work, slot, line.slice(from, to));
  } else if (type === 'bool') addBoolean(st, work, slot, to - from === 3 && line.startsWith('Yes', from));
  else addString(st, work, slot, line.slice(from, to));
}

/**
 * Aggregates an event into its class; `pairs` >= 0 for a lazy event whose pairs line was
 * checked (its attributes are then taken in props order: those before the line, the line's,
 * the rest). `dbBefore`/`tsBefore` are the inherited db/ts the event was prepared with.
 */
export function aggregate(
  st: DigestRun,
  ev: SlowLogEvent,
  fp: string,
  timeMs: number | undefined,
  pairs: number,
  dbBefore: string | undefined,
  tsBefore: string | undefined,
): void {
  const ordinal = ++st.state.events;
  const work = workFor(st, fp);
  // What the lane keeps of this class's aggregates elsewhere comes back first.
  if (work.attached.length > 0) detachWork(st, work);
  if (work.extremesLive) settleExtremes(st);
  const cls = work.cls;
  cls.count++;
  if (ev.pos > cls.posMax) cls.posMax = ev.pos;
  const props = ev.props;
  const line = pairs >= 0 ? ev.lazy!.text : '';
  if (!props.has('Query_time') && !(pairs >= 0 && st.qtJ >= 0)) st.state.unreportable++;
  st.orderValue = undefined;
  if (pairs < 0) {
    for (const [name, raw] of props) addValue(st, work, slotFor(st, name, raw, ordinal), raw);
  } else {
    const at = ev.lazy!.at;
    let i = 0;
    for (const [name, raw] of props) {
      if (i++ === at) for (let j = 0; j < pairs; j++) addPair(st, work, line, j, st.pairSlots);
      addValue(st, work, slotFor(st, name, raw, ordinal), raw);
    }
    if (at >= i) for (let j = 0; j < pairs; j++) addPair(st, work, line, j, st.pairSlots);
  }
  const ts = props.get('ts');
  if ((cls.sample === undefined && work.pending === undefined) || (st.orderValue !== undefined && st.orderValue >= work.orderAgg!.max)) {
    work.pending = undefined;
    let sampleProps = props;
    if (pairs >= 0) {
      // The worst entry so far keeps all its attributes: read it in full and prepare it as it was.
      sampleProps = fullProps(ev);
      prepareAs(st, sampleProps, ev.arg!, dbBefore, tsBefore);
    }
    cls.sample = { arg: ev.arg!, pos: ev.pos, ts, timeMs, orderValue: st.orderValue ?? 0, props: sampleProps, explain: ev.explain };
  }
  let qt = 0;
  let thread: string | undefined;
  if (timeMs !== undefined) {
    if (pairs >= 0 && st.qtJ >= 0) {
      const v = plainDecimal(line, st.offs[st.qtJ * 4 + 2]!, st.offs[st.qtJ * 4 + 3]!);
      qt = v >= 0 ? v : toNumber(pairText(st, line, st.qtJ));
    } else qt = toNumber(props.get('Query_time') ?? '0');
    thread = pairs >= 0 && st.tidJ >= 0 ? pairText(st, line, st.tidJ) : props.get('Thread_id');
  }
  eventTail(st, work, ordinal, ev.bytes, ts, timeMs, qt, thread);
}

/** A class's work, created on its first event. */
export function workFor(st: DigestRun, fp: string): ClassWork {
  let work = st.works.get(fp);
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
      pending: undefined,
      attached: [],
    };
    st.works.set(fp, work);
    st.state.classes.set(fp, cls);
  }
  return work;
}

/**
 * What every aggregated event adds besides its attributes: Query_length, the log's `ts`
 * extremes, the time span, the class's time series and the N+1 runs (`qt` and `thread` are
 * read only when the event has a time).
 */
export function eventTail(
  st: DigestRun,
  work: ClassWork,
  ordinal: number,
  bytes: number,
  ts: string | undefined,
  timeMs: number | undefined,
  qt: number,
  thread: string | undefined,
): void {
  const cls = work.cls;
  const lenIdx = bucketIdx(bytes);
  if (work.queryLength === undefined) {
    work.queryLength = newNumAgg(bytes, true);
    work.order.push(-1);
    seenGlobally(st, -1);
  }
  pushNum(work.queryLength, bytes, lenIdx);
  if (!st.queryLengthTyped) {
    if (!st.state.types.has('Query_length')) {
      st.state.types.set('Query_length', 'num');
      st.state.attrFirstSeen.set('Query_length', ordinal);
    }
    st.queryLengthTyped = true;
  }
  // Consecutive entries mostly share their ts (whole seconds), which lies between tsMin and tsMax already.
  if (ts !== undefined && ts !== st.tsSeen) {
    if (st.state.tsMin === undefined || ts < st.state.tsMin) st.state.tsMin = ts;
    if (st.state.tsMax === undefined || ts > st.state.tsMax) st.state.tsMax = ts;
    st.tsSeen = ts;
  }
  if (timeMs !== undefined) {
    if (cls.timeMinMs === undefined || timeMs < cls.timeMinMs) cls.timeMinMs = timeMs;
    if (cls.timeMaxMs === undefined || timeMs > cls.timeMaxMs) cls.timeMaxMs = timeMs;
    if (st.state.timeMinMs === undefined || timeMs < st.state.timeMinMs) st.state.timeMinMs = timeMs;
    if (st.state.timeMaxMs === undefined || timeMs > st.state.timeMaxMs) st.state.timeMaxMs = timeMs;
    addToSeries(st.state, cls, timeMs, qt);
    st.nplus1.add(thread, cls, timeMs);
  }
}

/** Moves the slot arrays into the state's Maps, in the order each attribute first appeared,
 * and adds the global aggregates up from the classes' (the same counts, extremes and bucket
 * counts as pushing every value globally; a sum may differ in its last bits by the order of
 * additions, as it does across worker ranges). */
export function settle(st: DigestRun): void {
  const fill = (aggs: AttrAggs, work: ClassWork): void => {
    for (const i of work.order) {
      if (i < 0) {
        flushNum(work.queryLength!);
        aggs.num.set(st.queryLength.name, work.queryLength!);
        continue;
      }
      const slot = st.attrList[i]!;
      const a = work.aggs[i]!;
      if (slot.type === 'num') {
        flushNum(a as NumAgg);
        aggs.num.set(slot.name, a as NumAgg);
      } else if (slot.type === 'bool') aggs.bool.set(slot.name, a as BoolAgg);
      else {
        flushStr(a as StrAgg);
        aggs.str.set(slot.name, a as StrAgg);
      }
    }
  };
  for (const w of st.works.values()) fill(w.cls.aggs, w);
  const global = st.state.global;
  for (const i of st.globalOrder) {
    const slot = i < 0 ? st.queryLength : st.attrList[i]!;
    const parts = [...st.works.values()].map((w) => (i < 0 ? w.queryLength : w.aggs[i])).filter((a) => a !== undefined);
    if (slot.type === 'num') global.num.set(slot.name, sumNumAggs(parts as NumAgg[]));
    else if (slot.type === 'bool') global.bool.set(slot.name, sumBoolAggs(parts as BoolAgg[]));
    else global.str.set(slot.name, sumStrAggs(parts as StrAgg[]));
  }
}

/** Reads the samples the fast lane left pending (`ClassWork.pending`) in full, prepared as they were when chosen. */
export function settleSamples(st: DigestRun): void {
  for (const work of st.pendingWorks) {
    const p = work.pending;
    if (p === undefined) continue;
    work.pending = undefined;
    const r = interpretRecord(p.rec, p.pos, false);
    if (r.kind !== 'event') throw new Error('a slow-log record read by the fast lane re-read differently');
    const arg = p.rec.slice(p.argFrom);
    prepareAs(st, r.event.props, arg, p.dbBefore, p.tsBefore);
    work.cls.sample = { arg, pos: p.pos, ts: p.ts, timeMs: p.timeMs, orderValue: p.orderValue, props: r.event.props, explain: r.event.explain };
  }
  st.pendingWorks.clear();
}
