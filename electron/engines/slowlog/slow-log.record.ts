/**
 * Turns one slow-log record (the text between two `;\n#` separators) into an event, line for
 * line as pt-query-digest's SlowLogParser::parse_event does, so classes, counts and attributes
 * match pt's. Header lines are recognised by their first byte before any regex runs.
 * Formats: https://dev.mysql.com/doc/refman/8.4/en/slow-query-log.html and
 * https://mariadb.com/kb/en/slow-query-log-extended-statistics/
 */
import type { SlowLogEvent } from './slow-log.event';

const TS_LINE = /^# Time: ((?:[0-9: ]{15})|(?:[-0-9: T]{19}))/;
const UH_LINE = /# User@Host: ([^[]+|\[[^[]+\]).*?@ (\S*) \[(.*)\]\s*(?:Id:\s*(\d+))?/;
const PROP_LINE = /^# +[A-Z][A-Za-z_]+: \S+/;
const EMPTY_SCHEMA = /Schema:\s+\w+: /;
const ADMIN_LINE = /^# (?:administrator command:.*)$/;
const NULL_QUERY_NEXT = /^\s*[A-Z][a-z_]+: /;

/** What interpreting a record produced. */
export type RecordResult =
  | { kind: 'event'; event: SlowLogEvent }
  /** Only header lines: pt then reads the next `;\n`-terminated chunk as the statement. */
  | { kind: 'needs-next'; props: Map<string, string>; explain: string[] | undefined; timeText: string | undefined };

/**
 * Interprets one record; `stmt` is a binary string without the trailing `;\n#` separator.
 * With `lazy`, a record with a single `Name: value` line (and no `Schema:` in it) leaves that
 * line's pairs out of `props` and returns the line in `event.lazy` instead, for the digester to
 * read in place; `fullProps(event)` gives the props the non-lazy call gives. Lines after that
 * line only ever add new props in a lazy event (anything else is read the plain way), so the
 * props before `lazy.at` hold their final values unless a pair sets them again.
 */
export function interpretRecord(raw: string, pos: number, lazy = false): RecordResult {
  // pt reads the record with its `#` (the separator took it) and drops a trailing `;\n#`; only
  // the first line needs the `#` back, so the record itself is never copied.
  const stmt = trimSeparator(raw);
  const hashFirst = raw.charCodeAt(0) !== 35; /* # */
  const props = new Map<string, string>().set('cmd', 'Query');
  let explain: string[] | undefined;
  let timeText: string | undefined;
  let gotTs = false;
  let gotUh = false;
  let gotAc = false;
  let gotDb = false;
  let gotSet = false;
  let lazyLine: string | undefined;
  let lazyAt = 0;
  let lazyFrom = 0;
  let lazyTo = 0;
  const len = stmt.length;
  let start = 0;
  while (start <= len) {
    let end = stmt.indexOf('\n', start);
    if (end < 0) end = len;
    const line = start === 0 && hashFirst ? '#' + stmt.slice(0, end) : stmt.slice(start, end);
    const c = line.charCodeAt(0);
    const isMeta =
      c === 35 ||
      (c === 117 && line.startsWith('use ')) ||
      (c === 83 && (line.startsWith('SET last_insert_id') || line.startsWith('SET insert_id') || line.startsWith('SET timestamp')));
    if (!isMeta) {
      const arg = stmt.slice(start);
      if (gotAc) props.set('cmd', 'Admin');
      const event = finish(props, pos, explain, arg, timeText);
      if (lazyLine !== undefined) {
        event.lazy =
          lazyFrom < 0 ? { text: lazyLine, from: 0, to: lazyLine.length, at: lazyAt, raw } : { text: raw, from: lazyFrom, to: lazyTo, at: lazyAt, raw };
      }
      return { kind: 'event', event };
    }
    let uh: UserHost | null;
    let ts: string | undefined;
    if (c === 35) {
      let m: RegExpExecArray | null;
      const c2 = line.charCodeAt(2);
      if (!gotTs && c2 === 84 /* T */ && (m = TS_LINE.exec(line))) {
        // Lines after a lazy pairs line must only add new props (see `lazy`): unusual orders are read in full.
        if (lazyLine !== undefined) return interpretRecord(raw, pos, false);
        props.set('ts', m[1]!);
        timeText = /^# Time: +(\S+(?: +[0-9:.]+)?)/.exec(line)?.[1];
        gotTs = true;
        if (!gotUh && (m = UH_LINE.exec(line))) {
          setUserHost(props, m);
          gotUh = true;
        }
      } else if (!gotUh && c2 === 85 /* U */ && (uh = userHostOf(line)) !== null) {
        if (lazyLine !== undefined) return interpretRecord(raw, pos, false);
        setUserHostParts(props, uh);
        gotUh = true;
      } else if (!gotAc && c2 === 97 /* a */ && ADMIN_LINE.test(line)) {
        if (lazyLine !== undefined) return interpretRecord(raw, pos, false);
        props.set('cmd', 'Admin');
        props.set('arg', line.replace(/^#\s+/, ''));
        gotAc = true;
      } else if (c2 === 101 /* e */ && line.startsWith('# explain: ')) {
        (explain ??= []).push(line.slice(11));
      } else if (PROP_LINE.test(line)) {
        if (lazy) {
          // A second pairs line, or a Schema fix-up: read this record the plain way.
          if (lazyLine !== undefined || line.includes('Schema:')) return interpretRecord(raw, pos, false);
          lazyLine = line;
          // `cmd` (always the first entry) is dropped by finish, so the line comes after size - 1 entries.
          lazyAt = props.size - 1;
          // The line read in place in the record (a flat string) when it is the same text there.
          lazyFrom = start === 0 && hashFirst ? -1 : start;
          lazyTo = end;
        } else readPairs(line.includes('Schema:') && EMPTY_SCHEMA.test(line) ? line.replace(/Schema:\s+/, '') : line, props);
      }
    } else if (c === 117) {
      const m = /^use ([^;]+)/.exec(line);
      if (!gotDb && m) {
        if (lazyLine !== undefined && props.has('db')) return interpretRecord(raw, pos, false);
        props.set('db', m[1]!);
        gotDb = true;
      }
    } else if (!gotSet && c === 83 && (ts = setTimestampOf(line)) !== undefined) {
      // The common `SET timestamp=N;` line, as the general branch below would read it.
      if (lazyLine !== undefined && props.has('timestamp')) return interpretRecord(raw, pos, false);
      props.set('timestamp', ts);
      gotSet = true;
    } else if (!gotSet) {
      const m = /^SET\s+([^;]*)/.exec(line);
      if (m) {
        const parts = m[1]!.split(/,|\s*=\s*/);
        if (lazyLine !== undefined) {
          for (let i = 0; i + 1 < parts.length; i += 2) if (props.has(parts[i]!)) return interpretRecord(raw, pos, false);
        }
        for (let i = 0; i + 1 < parts.length; i += 2) props.set(parts[i]!, parts[i + 1]!);
        gotSet = true;
      }
    }
    if (end >= len) break;
    start = end + 1;
  }
  if (lazyLine !== undefined) return interpretRecord(raw, pos, false);
  const arg = props.get('arg');
  if (arg !== undefined) return { kind: 'event', event: finish(props, pos, explain, arg, timeText) };
  return { kind: 'needs-next', props, explain, timeText };
}

/**
 * Completes a header-only record with the chunk that follows it, as pt does: a `Name: value`
 * chunk means the entry had no statement (pt records `/* No query *\/` and re-reads the chunk as
 * the next entry); anything else is an admin statement. Returns the event and the text to feed
 * back as the next record ('' when nothing is left).
 */
export function completeWithNext(
  held: { props: Map<string, string>; explain: string[] | undefined; timeText: string | undefined; pos: number },
  nextRecord: string,
): { event: SlowLogEvent; pushBack: string } {
  const cut = nextRecord.indexOf(';\n');
  const line = cut < 0 ? nextRecord : nextRecord.slice(0, cut);
  if (NULL_QUERY_NEXT.test(line)) {
    const props = new Map(held.props).set('cmd', 'Query').set('arg', '/* No query */');
    const event = finish(props, held.pos, held.explain, '/* No query */', held.timeText);
    event.bytes = 0;
    return { event, pushBack: nextRecord };
  }
  const arg = line.replace(/^\s+/, '');
  const props = new Map(held.props).set('cmd', 'Admin').set('arg', arg);
  return { event: finish(props, held.pos, held.explain, arg, held.timeText), pushBack: cut < 0 ? '' : nextRecord.slice(cut + 2) };
}

/** `s.replace(/;\n#?(\n?)$/, '$1')` without a regex over the whole record. */
function trimSeparator(s: string): string {
  const n = s.length;
  if (n < 2) return s;
  const at = (i: number): number => (i >= 0 ? s.charCodeAt(i) : -1);
  const last = at(n - 1);
  if (last === 10 /* \n */) {
    if (at(n - 2) === 35 && at(n - 3) === 10 && at(n - 4) === 59) return s.slice(0, n - 4) + '\n';
    if (at(n - 2) === 10 && at(n - 3) === 59) return s.slice(0, n - 3) + '\n';
    if (at(n - 2) === 59) return s.slice(0, n - 2);
  } else if (last === 35 && at(n - 2) === 10 && at(n - 3) === 59) return s.slice(0, n - 3);
  return s;
}

function setUserHost(props: Map<string, string>, m: RegExpExecArray): void {
  setUserHostParts(props, userHostParts(m));
}

/** What a `# User@Host:` line sets: user, host, ip and the thread id (undefined when absent or 0). */
export type UserHost = readonly [user: string, host: string, ip: string, threadId: string | undefined];

function userHostParts(m: RegExpExecArray): UserHost {
  const ip = m[3] ?? '';
  return [m[1]!, m[2] || ip, ip, m[4] && m[4] !== '0' ? m[4] : undefined];
}

function setUserHostParts(props: Map<string, string>, uh: UserHost): void {
  props.set('user', uh[0]);
  props.set('host', uh[1]);
  props.set('ip', uh[2]);
  if (uh[3] !== undefined) props.set('Thread_id', uh[3]);
}

/**
 * `# User@Host:` lines repeat for every entry of a connection: each distinct line is matched
 * once and its parts reused (keys are flat copies, so a cached line does not keep its entry).
 */
const userHostCache = new Map<string, UserHost | null>();
const USER_HOST_CACHE_MAX = 4096;

export function userHostOf(line: string): UserHost | null {
  let uh = userHostCache.get(line);
  if (uh === undefined) {
    const key = Buffer.from(line, 'latin1').toString('latin1');
    const m = UH_LINE.exec(key);
    uh = m ? userHostParts(m) : null;
    if (userHostCache.size >= USER_HOST_CACHE_MAX) userHostCache.clear();
    userHostCache.set(key, uh);
  }
  return uh;
}

/** The N of a `SET timestamp=N;` line (digits only, then `;` or the end), else undefined. */
function setTimestampOf(line: string): string | undefined {
  if (!line.startsWith('SET timestamp=')) return undefined;
  const n = line.length;
  let i = 14;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 59 /* ; */) break;
    if (c < 48 || c > 57) return undefined;
    i++;
  }
  return i > 14 ? line.slice(14, i) : undefined;
}

/** The props of an event as the non-lazy `interpretRecord` gives them (the event's own when it is not lazy). */
export function fullProps(event: SlowLogEvent): Map<string, string> {
  const lazy = event.lazy;
  if (lazy === undefined) return event.props;
  const r = interpretRecord(lazy.raw, event.pos, false);
  if (r.kind !== 'event') throw new Error('a lazy slow-log record re-read differently');
  return r.event.props;
}

/** pt's `(\w+):\s+(\S+|\Z)` over a header line, without a regex per pair. */
export function readPairs(line: string, props: Map<string, string>): void {
  const n = scanPairs(line, 0, line.length, PAIRS);
  for (let j = 0; j < n; j++) {
    const o = j * 4;
    props.set(line.slice(PAIRS[o]!, PAIRS[o + 1]!), line.slice(PAIRS[o + 2]!, PAIRS[o + 3]!));
  }
}

const PAIRS: number[] = [];

/** Records pair j's offsets in the layout scanPairs fills: name start, colon, value start, value end. */
export function putPair(out: number[], j: number, name: number, colon: number, value: number, end: number): void {
  const o = j * 4;
  out[o] = name;
  out[o + 1] = colon;
  out[o + 2] = value;
  out[o + 3] = end;
}

/**
 * The `Name: value` pairs of a header line (`line` from `from` to `n`) as pt's
 * `(\w+):\s+(\S+|\Z)` finds them: for pair j, `out[4j..4j+3]` = name start, colon, value start,
 * value end. Returns the number of pairs.
 */
export function scanPairs(line: string, from: number, n: number, out: number[]): number {
  let count = 0;
  let i = from;
  let matchEnd = from;
  while (i < n) {
    const colon = line.indexOf(':', i);
    if (colon < 0 || colon >= n) return count;
    let ws = colon + 1;
    if (ws >= n || !isSpace(line.charCodeAt(ws))) {
      i = colon + 1;
      continue;
    }
    let k = colon;
    while (k > matchEnd && isWord(line.charCodeAt(k - 1))) k--;
    if (k === colon) {
      i = colon + 1;
      continue;
    }
    while (ws < n && isSpace(line.charCodeAt(ws))) ws++;
    let v = ws;
    while (v < n && !isSpace(line.charCodeAt(v))) v++;
    putPair(out, count, k, colon, ws, v);
    count++;
    matchEnd = v;
    i = v;
  }
  return count;
}

/**
 * `scanPairs` for a line expected to hold exactly the names `names[0..count)` in that order (a
 * log's header lines repeat their names from entry to entry): one forward pass, each name
 * compared where the next word starts. Fills `out` as scanPairs does and returns `count`, or -1
 * when the line differs in any way (then scanPairs reads it). The result equals scanPairs': the
 * regex's leftmost match after a value is the first word run followed by `:` and a space, and a
 * run that equals the expected name followed by `:` is exactly that run.
 */
export function scanExpectedPairs(line: string, from: number, n: number, out: number[], names: readonly string[], count: number): number {
  let p = from;
  for (let j = 0; j < count; j++) {
    while (p < n && !isWord(line.charCodeAt(p))) p++;
    const name = names[j]!;
    const len = name.length;
    const colon = p + len;
    if (colon + 1 >= n || line.charCodeAt(colon) !== 58 || !isSpace(line.charCodeAt(colon + 1))) return -1;
    for (let q = 0; q < len; q++) if (name.charCodeAt(q) !== line.charCodeAt(p + q)) return -1;
    let ws = colon + 2;
    while (ws < n && isSpace(line.charCodeAt(ws))) ws++;
    let v = ws;
    while (v < n && !isSpace(line.charCodeAt(v))) v++;
    putPair(out, j, p, colon, ws, v);
    p = v;
  }
  // Anything but white space after the last value could hold more pairs.
  while (p < n && isSpace(line.charCodeAt(p))) p++;
  return p < n ? -1 : count;
}

export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function finish(props: Map<string, string>, pos: number, explain: string[] | undefined, arg: string, timeText: string | undefined): SlowLogEvent {
  const cmd = props.get('cmd') ?? 'Query';
  props.delete('cmd');
  props.delete('arg');
  return { pos, arg, cmd, bytes: arg.length, props, explain, timeText };
}
