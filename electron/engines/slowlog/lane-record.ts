/** The scanner's record() of `b[from, to)` with the lane's current layout (see LaneScan.record). */
function scanRecord(st: DigestRun, b: Buffer, from: number, to: number, scanNo: number): number {
  st.scanner.setNames(st.me, st.fastNamesVersion, st.fastNames, st.fastLines, st.fastSchemaJ);
  return st.scanner.record(st.me, b, scanNo, from, to, st.fastStartJ);
}

/**
 * The fast lane: digests a record of the common MySQL shape in place in the chunk, through the
 * WebAssembly lane scanner, adding to the state exactly what the general path adds for it.
 */
import { toNumber, type StrAgg } from './class-aggregate';
import type { ClassWork, DigestRun } from './digest-run';
import { keep } from './digest-filter';
import { propSlot } from './attr-slots';
import { addBoolean, addNumber, addString, addValue, eventTail, workFor } from './aggregate';
import { attachAggs, detachWork } from './lane-aggs';
import { learnLayout } from './lane-layout';
import { ADMIN_ZEROED, classify } from './prepare';
import { unquoteDb } from './digest-run';
import { eventTimeMsOf } from './event-time';
import * as fast from './fast-entry';
import * as lane from './lane-scan';
import { bucketIdx } from './pt-buckets';
import { userHostOf, type UserHost } from './slow-log.record';

/** `# Time: +(\S+(?: +[0-9:.]+)?)`: the full time text of a `# Time:` line. */
const TIME_TEXT = /^# Time: +(\S+(?: +[0-9:.]+)?)/;
/** What an entry without a User@Host line has of one: nothing (its parts are never read). */
const NO_USER_HOST: UserHost = ['', '', '', undefined];
/** The fast lane times one record in this many for the stage timings. */
const LANE_TIMING_EVERY = 16;

/** What userHostOf reads in a `# User@Host:` line of the chunk (`b[from, to)`: the line without its `#`), looked up by the line's bytes. */
export function userHostAt(st: DigestRun, b: Buffer, from: number, to: number, h: number): UserHost | null {
  let e = st.fastUserHosts.get(h);
  while (e !== undefined && (e.line.len !== to - from || !fast.sameWords(st.view, from, e.line))) e = e.next;
  if (e === undefined) {
    if (st.fastUserHosts.size >= 4096) {
      st.fastUserHosts.clear();
      st.uhTexts.clear();
    }
    const uh = userHostOf('#' + b.toString('latin1', from, to));
    // One string per text: the value counts then find equal users, hosts and ips by identity.
    e = { line: fast.wordsOf(b, from, to), uh: uh && [uhText(st, uh[0]), uhText(st, uh[1]), uhText(st, uh[2]), uh[3]], next: st.fastUserHosts.get(h) };
    st.fastUserHosts.set(h, e);
  }
  return e.uh;
}

/** The db named by `b[from, to)` (a `Schema` value or a `use` line's text), unquoted: one string while the bytes repeat. */
function dbAt(st: DigestRun, b: Buffer, from: number, to: number): string {
  let db = st.fastDb;
  if (db === undefined || st.fastDbWords.len !== to - from || !fast.sameWords(st.view, from, st.fastDbWords)) {
    db = st.fastDb = unquoteDb(b.toString('latin1', from, to));
    st.fastDbWords = fast.wordsOf(b, from, to);
  }
  return db;
}

/** One string per user, host or ip text. */
export function uhText(st: DigestRun, s: string): string {
  const known = st.uhTexts.get(s);
  if (known !== undefined) return known;
  st.uhTexts.set(s, s);
  return s;
}

/** A Thread_id value as a string, one per small id. */
export function threadText(st: DigestRun, b: Buffer, from: number, to: number): string {
  const n = to - from;
  if (n > 0 && n <= 6 && (b[from] !== 48 || n === 1)) {
    let v = 0;
    for (let i = from; i < to; i++) {
      const c = b[i]!;
      if (c < 48 || c > 57) return b.toString('latin1', from, to);
      v = v * 10 + (c - 48);
    }
    return st.threadIds[v] ?? (st.threadIds[v] = b.toString('latin1', from, to));
  }
  return b.toString('latin1', from, to);
}

/** addPair for the fast lane's pair j, read in the chunk; a string attribute counting no values is compared in place. */
export function addPairAt(st: DigestRun, work: ClassWork, b: Buffer, j: number): void {
  const slot = st.fastSlots[j]!;
  const type = slot.type;
  if (type === undefined) return;
  const from = lane.valueFrom(st.scanner, j);
  const to = lane.valueTo(st.scanner, j);
  if (type === 'num') {
    const v = lane.valueNum(st.scanner, j);
    if (v >= 0) addNumber(st, work, slot, v);
    else addValue(st, work, slot, b.toString('latin1', from, to));
  } else if (type === 'bool') addBoolean(st, work, slot, to - from === 3 && b[from] === 89 && b[from + 1] === 101 && b[from + 2] === 115);
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
        st.liveExtremes.push(x);
      }
      let changed = true;
      if (fast.compareBytes(st.view, from, to, x.max) > 0) fast.setBytes(x.max, st.view, from, to);
      else if (fast.compareBytes(st.view, from, to, x.min) < 0) fast.setBytes(x.min, st.view, from, to);
      else changed = false;
      if (changed && !x.stale) {
        x.stale = true;
        st.staleExtremes.push(x);
      }
    } else addString(st, work, slot, b.toString('latin1', from, to));
  }
}

/**
 * Adds the record's pairs (n of the layout's): to the scanner's aggregates a class has attached
 * (see attachAggs), the others one by one. A function of its own, so that V8 meeting its first
 * attached aggregate recompiles this loop, not the whole record reader.
 */
function addPairs(st: DigestRun, work: ClassWork, b: Buffer, n: number): void {
  const laneAggs = work.laneAggs;
  let cols = 0;
  for (let j = 0; j < n; j++) {
    // A layout line the entry does not have.
    if (lane.valueFrom(st.scanner, j) < 0) continue;
    const agg = laneAggs[j]!;
    if (agg >= 0) {
      const v = lane.valueNum(st.scanner, j);
      if (v >= 0) {
        st.scanner.column(cols++, j, agg, bucketIdx(v));
        continue;
      }
      // Not a plain decimal: the aggregates come back (after the values queued so far) and this one is added the general way.
      if (cols > 0) st.scanner.add(cols);
      st.laneValues += cols;
      cols = 0;
      detachWork(st, work);
    }
    addPairAt(st, work, b, j);
  }
  if (cols > 0) {
    st.scanner.add(cols);
    st.laneValues += cols;
  }
}

/** Adds an admin command's pairs: its row counts are 0, as pt's preparation sets them (see prepare). */
function addAdminPairs(st: DigestRun, work: ClassWork, b: Buffer, n: number): void {
  if (work.attached.length > 0) detachWork(st, work);
  for (let j = 0; j < n; j++) {
    if (lane.valueFrom(st.scanner, j) < 0) continue;
    const slot = st.fastSlots[j]!;
    if (ADMIN_ZEROED.includes(slot.name)) addValue(st, work, slot, '0');
    else addPairAt(st, work, b, j);
  }
}

/**
 * The fast lane: digests a record of the shape MySQL, MariaDB and Percona Server write for
 * nearly every entry
 *
 *     # Time: <ts>            (optional; the separator took the first line's `#`)
 *     # User@Host: ...
 *     # Name: value ...       (lines of the lane's layout, in its order, see lane-layout: the names,
 *     # Name: value ...        in order, of the last layout learned; a `Schema` pair is the db, the
 *                              `Log_slow_rate_*` pairs are folded into `rate_limit`)
 *     # explain: ...          (optional comment lines the general reader skips or keeps for a sample)
 *     use db;                 (optional; the db, before a Schema's)
 *     SET timestamp=N;        (optional)
 *     <statement>             (or, as the last header line, `# administrator command: ...`)
 *
 * in place in the chunk `b[from, to)`: no record string, no props Map, the pairs read where
 * they are, the class found by the statement's key bytes (or its text when it has no key), strings made only for what the
 * state keeps. It adds to the state exactly what the general path (interpretRecord, onEvent,
 * aggregate) adds for the same record, in the same order. Anything else about the record
 * (another line, another order, a name not seen before, a value the general path reads another
 * way) makes it return false before it changes anything, and the general path reads it.
 */
export function fastRecord(st: DigestRun, b: Buffer, from: number, to: number, pos: number, scanNo: number): boolean {
  let n = st.fastCount > 0 ? scanRecord(st, b, from, to, scanNo) : -2;
  if (n === -2 && learnLayout(st, b, from, to, true)) {
    // Another layout, which the lane now reads: this entry too.
    n = scanRecord(st, b, from, to, scanNo);
    if (n === -2 && st.layoutShape !== 0) {
      // The layout remembered for the entry's header shape was another entry's (other names after a line's first): learn its own.
      st.layouts.delete(st.layoutShape);
      if (learnLayout(st, b, from, to, false)) n = scanRecord(st, b, from, to, scanNo);
    }
  }
  if (n < 0) return false;
  if (b !== st.viewOf) {
    st.viewOf = b;
    st.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  const e0 = lane.lineEnd0(st.scanner);
  const tsEnd = lane.tsEnd(st.scanner);
  // No User@Host at all (old Percona samples): no user, host or ip.
  const uhFrom = lane.userHostFrom(st.scanner);
  const uh = uhFrom < 0 ? NO_USER_HOST : userHostAt(st, b, uhFrom, lane.lineEnd1(st.scanner), lane.userHostHash(st.scanner));
  if (uh === null || (uh[3] !== undefined && st.fastTidTyped)) return false;
  // MariaDB's `Schema` is the db (pt's Schema→db alias), unless it reads the general reader's own way (an empty Schema).
  const schemaJ = st.fastSchemaJ;
  let schemaDb: string | undefined;
  if (schemaJ >= 0 && schemaJ < n && lane.valueFrom(st.scanner, schemaJ) >= 0) {
    const vFrom = lane.valueFrom(st.scanner, schemaJ);
    const vTo = lane.valueTo(st.scanner, schemaJ);
    for (let i = vFrom; i < vTo; i++) if (b[i] === 58 /* : */) return false;
    schemaDb = dbAt(st, b, vFrom, vTo);
  }
  // A `use db;` line: the db (pt's sanitize_event unquotes it), before any Schema.
  const useFrom = lane.useFrom(st.scanner);
  let useDb: string | undefined;
  if (useFrom >= 0) useDb = dbAt(st, b, useFrom, lane.useTo(st.scanner));
  // Percona Server's rate limit: pt's preparation folds a limit other than 0 into `rate_limit` (`type:limit`, the type
  // `session` when absent), appended to the props; anything else keeps both as attributes, which the general path reads.
  let rateLimit: string | undefined;
  const limitJ = st.fastRateLimitJ;
  const typeJ = st.fastRateTypeJ;
  const hasLimit = limitJ >= 0 && limitJ < n && lane.valueFrom(st.scanner, limitJ) >= 0;
  const hasType = typeJ >= 0 && typeJ < n && lane.valueFrom(st.scanner, typeJ) >= 0;
  if (hasLimit) {
    const lFrom = lane.valueFrom(st.scanner, limitJ);
    const lTo = lane.valueTo(st.scanner, limitJ);
    if (lTo - lFrom === 1 && b[lFrom] === 48 /* 0 */) return false;
    const type = hasType ? b.toString('latin1', lane.valueFrom(st.scanner, typeJ), lane.valueTo(st.scanner, typeJ)) : 'session';
    rateLimit = `${type}:${b.toString('latin1', lFrom, lTo)}`;
  } else if (hasType) return false;
  const setFrom = lane.setFrom(st.scanner);
  const setTo = lane.setTo(st.scanner);
  const s3 = lane.statementStart(st.scanner);
  const klen = lane.keyLength(st.scanner);

  // The record has the shape: from here on it is digested.
  st.fastEvents++;
  st.state.parsedEvents++;
  const dbBefore = st.lastDb;
  const tsBefore = st.lastTs;
  // `ts` has whole seconds: consecutive entries mostly share it, and then its string. An entry without a `# Time:` line inherits it.
  let ts = st.lastTs;
  const ownTs = tsEnd >= 0;
  if (ownTs) {
    ts = st.fastTs;
    if (ts === undefined || st.fastTsWords.len !== tsEnd - from - 7 || !fast.sameWords(st.view, from + 7, st.fastTsWords)) {
      ts = st.fastTs = b.toString('latin1', from + 7, tsEnd);
      st.fastTsWords = fast.wordsOf(b, from + 7, tsEnd);
    }
    st.lastTs = ts;
  }
  if (useDb !== undefined) st.lastDb = useDb;
  else if (schemaDb !== undefined) st.lastDb = schemaDb;
  const db = st.lastDb;
  const qtJ = st.fastQtJ >= 0 && st.fastQtJ < n && lane.valueFrom(st.scanner, st.fastQtJ) >= 0 ? st.fastQtJ : -1;
  const tidJ = st.fastTidJ >= 0 && st.fastTidJ < n && lane.valueFrom(st.scanner, st.fastTidJ) >= 0 ? st.fastTidJ : -1;
  let timeMs: number | undefined;
  if (st.fastStartJ >= 0 && st.fastStartJ < n && lane.valueFrom(st.scanner, st.fastStartJ) >= 0) {
    const t = lane.startMs(st.scanner);
    timeMs =
      t >= 0
        ? t
        : eventTimeMsOf(b.toString('latin1', lane.valueFrom(st.scanner, st.fastStartJ), lane.valueTo(st.scanner, st.fastStartJ)), undefined, undefined);
  }
  if (timeMs === undefined) {
    // An ISO-8601 `# Time:` (MySQL 5.7+) read in place; anything else as eventTimeMsOf reads it.
    const t = lane.timeLineMs(st.scanner);
    if (t >= 0) timeMs = t;
    else {
      const tt = ownTs ? TIME_TEXT.exec('#' + b.toString('latin1', from, e0))?.[1] : undefined;
      timeMs = eventTimeMsOf(undefined, tt, setFrom >= 0 ? b.toString('latin1', setFrom, setTo) : undefined);
    }
  }
  if (timeMs === undefined) timeMs = st.lastTimeMs;
  else st.lastTimeMs = timeMs;
  st.state.stages.filter.in++;
  if (st.filter !== undefined) {
    const qt = (): number => {
      if (qtJ < 0) return 0;
      const v = lane.valueNum(st.scanner, qtJ);
      return v >= 0 ? v : toNumber(b.toString('latin1', lane.valueFrom(st.scanner, qtJ), lane.valueTo(st.scanner, qtJ)));
    };
    const user = uh === NO_USER_HOST ? undefined : uh[0];
    const host = uh === NO_USER_HOST ? undefined : uh[1];
    if (!keep(st.filter, st.textNeedle, db, user, host, qt, () => b.toString('latin1', s3, to), timeMs)) return true;
  }
  st.state.stages.filter.out++;

  // One record in LANE_TIMING_EVERY is timed (a clock read costs more than some of the steps it
  // would time) and stands for the others.
  const timing = st.fastEvents % LANE_TIMING_EVERY === 0;
  const t2 = timing ? performance.now() : 0;
  let work: ClassWork;
  // Without a statement key the text is classified as the general path classifies it; an admin command's row counts are 0.
  let admin = false;
  if (klen < 0) {
    const text = b.toString('latin1', s3, to);
    admin = text.startsWith('administrator');
    work = workFor(st, classify(st, text));
  } else {
    // The key's id from the scanner (equal ids: equal key bytes); its class, classified at the id's first entry.
    const gen = lane.classGen(st.scanner);
    if (gen !== st.classGen) {
      st.classWorks.fill(undefined);
      st.classGen = gen;
    }
    const id = lane.classId(st.scanner);
    let known = st.classWorks[id];
    if (known === undefined) st.classWorks[id] = known = workFor(st, classify(st, b.toString('latin1', s3, to)));
    work = known;
  }
  const t3 = timing ? performance.now() : 0;
  st.state.stages.fingerprint.ms += (t3 - t2) * LANE_TIMING_EVERY;
  st.state.stages.fingerprint.in++;
  st.state.stages.fingerprint.out++;

  // The general path's props, in its order: ts, user, host, ip, Thread_id, the pairs (but Schema), timestamp, the db (Schema's or
  // inherited), the inherited ts.
  const cls = work.cls;
  const ordinal = ++st.state.events;
  cls.count++;
  if (pos > cls.posMax) cls.posMax = pos;
  if (qtJ < 0) st.state.unreportable++;
  st.orderValue = undefined;
  if (ownTs) addValue(st, work, propSlot(st, 0, ts!, ordinal), ts!);
  if (uh !== NO_USER_HOST) {
    addValue(st, work, propSlot(st, 1, uh[0], ordinal), uh[0]);
    addValue(st, work, propSlot(st, 2, uh[1], ordinal), uh[1]);
    addValue(st, work, propSlot(st, 3, uh[2], ordinal), uh[2]);
  }
  if (uh[3] !== undefined) addValue(st, work, propSlot(st, 4, uh[3], ordinal), uh[3]);
  if (work.laneAggsVersion !== st.fastNamesVersion) {
    work.laneAggs.length = 0;
    for (let j = 0; j < st.fastCount; j++) work.laneAggs.push(-1);
    work.laneAggsVersion = st.fastNamesVersion;
  }
  if (admin) addAdminPairs(st, work, b, n);
  else addPairs(st, work, b, n);
  // Also at a class's first entry, where it attaches nothing (no aggregate has dropped its exact values yet): the call then
  // has type feedback before V8 optimizes this function, which otherwise deoptimized at the first class's 256th entry.
  if ((cls.count & 255) === 0 || cls.count === 1) attachAggs(st, work);
  // The general path's props hold a `use` line's db where the line is (before `SET timestamp`); a Schema's or an inherited
  // one is added by the preparation, after them.
  if (useDb !== undefined) addValue(st, work, propSlot(st, 6, useDb, ordinal), useDb);
  if (setFrom >= 0) {
    const slot = st.propSlots[5];
    if (slot === undefined || slot.type !== undefined) {
      const v = b.toString('latin1', setFrom, setTo);
      addValue(st, work, propSlot(st, 5, v, ordinal), v);
    }
  }
  if (db !== undefined && useDb === undefined) addValue(st, work, propSlot(st, 6, db, ordinal), db);
  if (!ownTs && ts !== undefined) addValue(st, work, propSlot(st, 0, ts, ordinal), ts);
  if (rateLimit !== undefined) addValue(st, work, propSlot(st, 7, rateLimit, ordinal), rateLimit);
  if ((cls.sample === undefined && work.pending === undefined) || (st.orderValue !== undefined && st.orderValue >= work.orderAgg!.max)) {
    // Read in full at the end (settleSamples): a tie replaces it again and again.
    st.pendingWorks.add(work);
    work.pending = { rec: b.toString('latin1', from, to), pos, argFrom: s3 - from, ts, timeMs, orderValue: st.orderValue ?? 0, dbBefore, tsBefore };
  }
  let qt = 0;
  let thread: string | undefined;
  if (timeMs !== undefined) {
    if (qtJ >= 0) {
      const v = lane.valueNum(st.scanner, qtJ);
      qt = v >= 0 ? v : toNumber(b.toString('latin1', lane.valueFrom(st.scanner, qtJ), lane.valueTo(st.scanner, qtJ)));
    }
    thread = tidJ >= 0 ? threadText(st, b, lane.valueFrom(st.scanner, tidJ), lane.valueTo(st.scanner, tidJ)) : uh[3];
  }
  eventTail(st, work, ordinal, to - s3, ts, timeMs, qt, thread);
  const t4 = timing ? performance.now() : 0;
  st.state.stages.aggregate.ms += (t4 - t3) * LANE_TIMING_EVERY;
  st.state.stages.aggregate.in++;
  st.state.stages.aggregate.out++;
  st.inPipeline += (t4 - t2) * LANE_TIMING_EVERY;
  return true;
}
