/**
 * Byte readers for the digester's fast lane: the common shape of a MySQL slow-log entry
 * (`# Time:`, `# User@Host:`, one `Name: value` line, an optional `SET timestamp=N;`, the
 * statement) read in place in the chunk it arrived in. Each one answers exactly what the general
 * reader (slow-log.record, over the record decoded as latin1) and the fingerprint cache key
 * (fingerprint.fingerprintKey) answer for the same bytes, or says that the entry is not of that
 * shape (the general path then reads it). Ranges are [from, to) of the chunk; a record never
 * reads past its `to`, since the chunk goes on with the next record.
 */

/** JavaScript's `\s` in the latin1 range. */
function isRegexSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

/** `\s` as scanPairs reads white space (ASCII only). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Whether `b[at..)` holds the ASCII text `word` before `end`. */
export function bytesAt(b: Uint8Array, at: number, end: number, word: string): boolean {
  const n = word.length;
  if (at + n > end) return false;
  for (let i = 0; i < n; i++) if (b[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * The end of the `ts` value TS_LINE (`^# Time: ((?:[0-9: ]{15})|(?:[-0-9: T]{19}))`) captures
 * from a record's first line `b[from, lineEnd)`, which starts with ` Time: ` (the separator took
 * its `#`): 15 characters of `[0-9: ]`, else 19 of `[-0-9: T]`; -1 when neither.
 */
export function timeLineTsEnd(b: Uint8Array, from: number, lineEnd: number): number {
  if (!bytesAt(b, from, lineEnd, ' Time: ')) return -1;
  const v = from + 7;
  let i = v;
  for (; i < v + 15 && i < lineEnd; i++) {
    const c = b[i]!;
    if (!((c >= 48 && c <= 58) || c === 32)) break;
  }
  if (i === v + 15) return i;
  for (i = v; i < v + 19 && i < lineEnd; i++) {
    const c = b[i]!;
    if (!((c >= 48 && c <= 58) || c === 32 || c === 45 || c === 84)) return -1;
  }
  return i === v + 19 ? i : -1;
}

/** Whether the line `b[from, to)` is a header line PROP_LINE (`^# +[A-Z][A-Za-z_]+: \S+`) accepts. */
export function isPropLine(b: Uint8Array, from: number, to: number): boolean {
  if (from + 1 >= to || b[from] !== 35 || b[from + 1] !== 32) return false;
  let i = from + 1;
  while (i < to && b[i] === 32) i++;
  if (i >= to || !(b[i]! >= 65 && b[i]! <= 90)) return false;
  i++;
  const first = i;
  for (; i < to; i++) {
    const c = b[i]!;
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) break;
  }
  if (i === first || i + 2 >= to || b[i] !== 58 || b[i + 1] !== 32) return false;
  return !isRegexSpace(b[i + 2]!);
}

/**
 * The end of N in a `SET timestamp=N;` line `b[from, to)` (digits, then `;` or the line's end),
 * as the general reader's setTimestampOf reads it; -1 when the line is not that.
 */
export function setTimestampEnd(b: Uint8Array, from: number, to: number): number {
  if (!bytesAt(b, from, to, 'SET timestamp=')) return -1;
  let i = from + 14;
  while (i < to) {
    const c = b[i]!;
    if (c === 59 /* ; */) break;
    if (c < 48 || c > 57) return -1;
    i++;
  }
  return i > from + 14 ? i : -1;
}

/** Whether the general reader takes the line at `at` (in a record ending at `end`) for a header line. */
export function isMetaLine(b: Uint8Array, at: number, end: number): boolean {
  const c = b[at];
  return (
    c === 35 ||
    (c === 117 && bytesAt(b, at, end, 'use ')) ||
    (c === 83 && (bytesAt(b, at, end, 'SET last_insert_id') || bytesAt(b, at, end, 'SET insert_id') || bytesAt(b, at, end, 'SET timestamp')))
  );
}

/** White space as String.prototype.trimStart sees it, in the latin1 range. */
function isJsSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

/** Whether `b[at..)` starts with lower-case ASCII `word`, ignoring ASCII case, before `end`. */
function startsWithWord(b: Uint8Array, at: number, end: number, word: string): boolean {
  if (at + word.length > end) return false;
  for (let i = 0; i < word.length; i++) if ((b[at + i]! | 32) !== word.charCodeAt(i)) return false;
  return true;
}

/** Whether quoted text `b[from, to)` holds a `)` or, in any case, `alues` (either moves pt's multi-row INSERT cut). */
function movesInsertCut(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c === 41) return true;
    if ((c | 32) === 97 && i + 5 <= to && (b[i + 1]! | 32) === 108 && (b[i + 2]! | 32) === 117 && (b[i + 3]! | 32) === 101 && (b[i + 4]! | 32) === 115)
      return true;
  }
  return false;
}

/** Longest statement whose key the fast lane builds (fingerprintKey's own limit). */
export const STATEMENT_KEY_MAX = 4096;

/**
 * fingerprintKey of the statement `b[from, to)` written into `out` (at least STATEMENT_KEY_MAX
 * long): the statement with every digit run as `0` and every quoted text emptied. Returns its
 * length, or -1 where fingerprintKey returns undefined (CALL, admin commands, escapes, double
 * quotes, comments, a quoted `)` or `values`, more than STATEMENT_KEY_MAX characters).
 */
export function statementKeyInto(b: Uint8Array, from: number, to: number, out: Uint8Array): number {
  if (to - from > STATEMENT_KEY_MAX) return -1;
  let p = from;
  while (p < to && isJsSpace(b[p]!)) p++;
  if (startsWithWord(b, p, to, 'call') || startsWithWord(b, p, to, 'administrator')) return -1;
  let o = 0;
  let open = -1;
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (open >= 0) {
      if (c === 39) {
        if (movesInsertCut(b, open + 1, i)) return -1;
        open = -1;
        out[o++] = 39;
      }
      continue;
    }
    if (c === 39) {
      out[o++] = 39;
      open = i;
    } else if (c >= 48 && c <= 57) {
      out[o++] = 48;
      while (i + 1 < to && b[i + 1]! >= 48 && b[i + 1]! <= 57) i++;
    } else if (c === 92 || c === 34 || c === 35 || c === 13 || ((c === 47 || c === 45) && i + 1 < to && b[i + 1] === (c === 47 ? 42 : 45))) {
      return -1;
    } else out[o++] = c;
  }
  return open >= 0 ? -1 : o;
}

/** FNV-1a of `b[from, to)`. */
export function bytesHash(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

/** Whether `b[from, to)` equals `key`. */
export function sameBytes(b: Uint8Array, from: number, to: number, key: Uint8Array): boolean {
  if (key.length !== to - from) return false;
  for (let i = from, k = 0; i < to; i++, k++) if (b[i] !== key[k]) return false;
  return true;
}

/**
 * scanExpectedPairs (slow-log.record) over bytes, for the `Name: value` line that starts at
 * `from` and ends at the first `\n` before `end`: the line read as holding exactly the names
 * `names[0, count)` in that order. Fills `out` as scanPairs does (name start, colon, value start,
 * value end per pair) and returns the index of the line's `\n`, or -1 when the line differs (or
 * has no `\n` before `end`). Reading up to the `\n` is reading the line: no name, colon or value
 * holds one, and white space stops before it.
 */
export function scanExpectedPairsLine(b: Uint8Array, from: number, end: number, out: number[], names: readonly Uint8Array[], count: number): number {
  let p = from;
  for (let j = 0; j < count; j++) {
    for (;;) {
      if (p >= end) return -1;
      const c = b[p]!;
      if (isWord(c)) break;
      if (c === 10) return -1;
      p++;
    }
    const name = names[j]!;
    const len = name.length;
    const colon = p + len;
    if (colon + 1 >= end || b[colon] !== 58) return -1;
    const after = b[colon + 1]!;
    if (after === 10 || !isSpace(after)) return -1;
    for (let q = 0; q < len; q++) if (name[q] !== b[p + q]) return -1;
    let ws = colon + 2;
    while (ws < end && b[ws] !== 10 && isSpace(b[ws]!)) ws++;
    let v = ws;
    while (v < end && !isSpace(b[v]!)) v++;
    const o = j * 4;
    out[o] = p;
    out[o + 1] = colon;
    out[o + 2] = ws;
    out[o + 3] = v;
    p = v;
  }
  while (p < end && b[p] !== 10 && isSpace(b[p]!)) p++;
  return p < end && b[p] === 10 ? p : -1;
}

/** The index of the first `\n` in `b[from, end)`, or -1. */
export function lineEnd(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) if (b[i] === 10) return i;
  return -1;
}

/** Whether `Schema:` occurs in `b[from, to)` (the general reader then reads the line its own way). */
export function hasSchemaColon(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from + 6; i < to; i++) if (b[i] === 58 && bytesAt(b, i - 6, i, 'Schema')) return true;
  return false;
}

/** 10^k for k = 0..22, each exact as a double. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** The digester's plainDecimal over bytes: `Number()` of a plain decimal, -1 for anything else. */
export function plainDecimal(b: Uint8Array, from: number, to: number): number {
  if (from >= to) return -1;
  let m = 0;
  let frac = -1;
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      if (m > 900719925474098) return -1;
      m = m * 10 + (c - 48);
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return -1;
  }
  if (frac < 0) return m;
  if (frac === 0 || frac > 22) return -1;
  return m / POW10[frac]!;
}

/** How the latin1 text of `b[from, to)` compares with `s`, as JavaScript compares strings (<0, 0, >0). */
export function compareText(b: Uint8Array, from: number, to: number, s: string): number {
  const n = to - from;
  const m = s.length;
  const k = n < m ? n : m;
  for (let i = 0; i < k; i++) {
    const d = b[from + i]! - s.charCodeAt(i);
    if (d !== 0) return d;
  }
  return n - m;
}

/** The digits `b[from, to)` as a number, or -1. */
function digitsAt(b: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** event-time's parseIsoUtc over bytes: `2026-11-20T08:00:00.000642Z` as epoch ms, -1 for anything else. */
export function isoUtc(b: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n < 20 || b[to - 1] !== 90 /* Z */) return -1;
  if (b[from + 4] !== 45 || b[from + 7] !== 45 || b[from + 10] !== 84 || b[from + 13] !== 58 || b[from + 16] !== 58) return -1;
  const y = digitsAt(b, from, from + 4);
  const mo = digitsAt(b, from + 5, from + 7);
  const d = digitsAt(b, from + 8, from + 10);
  const h = digitsAt(b, from + 11, from + 13);
  const mi = digitsAt(b, from + 14, from + 16);
  const sec = digitsAt(b, from + 17, from + 19);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 28 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return -1;
  let ms = 0;
  if (n > 20) {
    if (b[from + 19] !== 46 /* . */ || n === 21) return -1;
    for (let i = 20; i < n - 1; i++) {
      const c = b[from + i]!;
      if (c < 48 || c > 57) return -1;
      if (i < 23) ms += (c - 48) * (i === 20 ? 100 : i === 21 ? 10 : 1);
    }
  } else if (b[from + 19] !== 90) return -1;
  return Date.UTC(y, mo - 1, d, h, mi, sec) + ms;
}
