/**
 * Byte readers for the digester's fast lane: the common shape of a MySQL slow-log entry
 * (`# Time:`, `# User@Host:`, one `Name: value` line, an optional `SET timestamp=N;`, the
 * statement) read in place in the chunk it arrived in. Each one answers exactly what the general
 * reader (slow-log.record, over the record decoded as latin1) and the fingerprint cache key
 * (fingerprint.fingerprintKey) answer for the same bytes, or says that the entry is not of that
 * shape (the general path then reads it). Ranges are [from, to) of the chunk; a record never
 * reads past its `to`, since the chunk goes on with the next record.
 */

import { isSpace, isWord, putPair } from './slow-log.record';

/** JavaScript's `\s` in the latin1 range (which is also what trimStart removes there). */
function isRegexSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
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

/** Whether `b[at..)` starts with lower-case ASCII `word`, ignoring ASCII case, before `end`. */
function startsWithWord(b: Uint8Array, at: number, end: number, word: string): boolean {
  if (at + word.length > end) return false;
  for (let i = 0; i < word.length; i++) if ((b[at + i]! | 32) !== word.charCodeAt(i)) return false;
  return true;
}

/** Whether some byte of the 32-bit word `x` is zero (exact as a yes/no; bit-twiddling's haszero). */
function hasZeroByte(x: number): boolean {
  return ((x - 0x01010101) & ~x & 0x80808080) !== 0;
}

/** Whether some byte of `x` lies strictly between `m` and `n` (0 <= m <= 127, n <= 128; bit-twiddling's hasbetween). */
function hasByteBetween(x: number, m: number, n: number): boolean {
  const low = x & 0x7f7f7f7f;
  return ((0x01010101 * (127 + n) - low) & ~x & (low + 0x01010101 * (127 - m)) & 0x80808080) !== 0;
}

/**
 * Whether a word of statement text may hold a byte the key treats apart: a digit, a quote, `\`,
 * `"`, `#`, CR, `-` or `/` (checked as the ranges `"`..`'` and `/`..`9`, which also take in `$%&`:
 * a yes only sends the word through the byte-by-byte path). SQL's `(),.*+=` pass.
 */
export function mayHoldKeyByte(w: number): boolean {
  return (
    hasByteBetween(w, 0x21, 0x28) || hasByteBetween(w, 0x2e, 0x3a) || hasZeroByte(w ^ 0x2d2d2d2d) || hasZeroByte(w ^ 0x0d0d0d0d) || hasZeroByte(w ^ 0x5c5c5c5c)
  );
}

/** Whether a word of quoted text may hold a quote, a `)` or an `a`/`A` (the start of `alues`). */
export function mayHoldQuotedByte(w: number): boolean {
  return hasZeroByte(w ^ 0x27272727) || hasZeroByte(w ^ 0x29292929) || hasZeroByte((w | 0x20202020) ^ 0x61616161);
}

/** Longest statement whose key the fast lane builds (fingerprintKey's own limit). */
export const STATEMENT_KEY_MAX = 4096;

/**
 * fingerprintKey of the statement `b[from, to)` (`dv` views `b`) written into `out` (at least
 * STATEMENT_KEY_MAX + 4 long, `outView` views it): the statement with every digit run as `0` and
 * every quoted text emptied, zero-padded to a whole word, its hash in `hashOut[0]`. Returns its
 * length, or -1 where fingerprintKey returns undefined (CALL, admin commands, escapes, double
 * quotes, comments, a quoted `)` or `values`, more than STATEMENT_KEY_MAX characters). Words
 * without any byte the key treats apart are copied four bytes at a time.
 */
export function statementKeyInto(b: Uint8Array, dv: DataView, from: number, to: number, out: Uint8Array, outView: DataView, hashOut: Int32Array): number {
  if (to - from > STATEMENT_KEY_MAX) return -1;
  let p = from;
  while (p < to && isRegexSpace(b[p]!)) p++;
  if (startsWithWord(b, p, to, 'call') || startsWithWord(b, p, to, 'administrator')) return -1;
  let o = 0;
  let i = from;
  while (i < to) {
    if (i + 4 <= to) {
      const w = dv.getInt32(i, true);
      if (!mayHoldKeyByte(w)) {
        outView.setInt32(o, w, true);
        o += 4;
        i += 4;
        continue;
      }
    }
    const c = b[i]!;
    if (c === 39) {
      out[o++] = 39;
      // Quoted text: only its closing quote counts, and a `)` or `alues` in it moves pt's multi-row INSERT cut.
      i++;
      for (;;) {
        if (i + 4 <= to && !mayHoldQuotedByte(dv.getInt32(i, true))) {
          i += 4;
          continue;
        }
        if (i >= to) return -1;
        const q = b[i]!;
        if (q === 39) break;
        if (q === 41) return -1;
        if ((q | 32) === 97 && i + 5 <= to && (b[i + 1]! | 32) === 108 && (b[i + 2]! | 32) === 117 && (b[i + 3]! | 32) === 101 && (b[i + 4]! | 32) === 115)
          return -1;
        i++;
      }
      out[o++] = 39;
    } else if (c >= 48 && c <= 57) {
      out[o++] = 48;
      while (i + 1 < to && b[i + 1]! >= 48 && b[i + 1]! <= 57) i++;
    } else if (c === 92 || c === 34 || c === 35 || c === 13 || ((c === 47 || c === 45) && i + 1 < to && b[i + 1] === (c === 47 ? 42 : 45))) {
      return -1;
    } else out[o++] = c;
    i++;
  }
  // Zeros up to the next word, so that keys hash and compare word by word.
  for (let k = o; (k & 3) !== 0; k++) out[k] = 0;
  let h = FNV_BASIS;
  for (let k = 0; k < o; k += 4) h = Math.imul(h ^ outView.getInt32(k, true), FNV_PRIME);
  hashOut[0] = h;
  return o;
}

const FNV_BASIS = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * Bytes kept to be compared four at a time (a typed-array read costs about as much for four bytes
 * as for one): `words` holds them little-endian, zero-padded to a whole word.
 */
export interface Words {
  readonly len: number;
  readonly words: Int32Array;
}

/** A copy of `b[from, to)` as Words. */
export function wordsOf(b: Uint8Array, from: number, to: number): Words {
  const len = to - from;
  const bytes = new Uint8Array((len + 3) & ~3);
  bytes.set(b.subarray(from, to));
  return { len, words: new Int32Array(bytes.buffer) };
}

/** Whether `dv[from, from + w.len)` holds the bytes of `w`. */
export function sameWords(dv: DataView, from: number, w: Words): boolean {
  const whole = w.len >> 2;
  const words = w.words;
  for (let k = 0; k < whole; k++) if (dv.getInt32(from + 4 * k, true) !== words[k]) return false;
  const rest = w.len & 3;
  if (rest !== 0) {
    const last = words[whole]!;
    for (let t = 0; t < rest; t++) if (dv.getUint8(from + 4 * whole + t) !== ((last >>> (8 * t)) & 255)) return false;
  }
  return true;
}

/** A hash of `dv[from, to)`, read four bytes at a time. */
export function wordsHash(dv: DataView, from: number, to: number): number {
  let h = FNV_BASIS;
  let i = from;
  for (; i + 4 <= to; i += 4) h = Math.imul(h ^ dv.getInt32(i, true), FNV_PRIME);
  for (; i < to; i++) h = Math.imul(h ^ dv.getUint8(i), FNV_PRIME);
  return h;
}

/** Whether the zero-padded key `a[0, len)` equals `w`, word by word. */
export function sameKeyWords(a: Int32Array, len: number, w: Words): boolean {
  if (w.len !== len) return false;
  const words = w.words;
  for (let k = 0, n = (len + 3) >> 2; k < n; k++) if (a[k] !== words[k]) return false;
  return true;
}

/**
 * scanExpectedPairs (slow-log.record) over bytes, for the `Name: value` line that starts at
 * `from` and ends at the first `\n` before `end`: the line read as holding exactly the names
 * `names[0, count)` in that order. Fills `out` as scanPairs does (name start, colon, value start,
 * value end per pair) and `nums` with each value as plainDecimal reads it (-1 when it is not a
 * plain decimal), and returns the index of the line's `\n`, or -1 when the line differs (or has
 * no `\n` before `end`, or a value holds `Schema:`). Reading up to the `\n` is reading the line: no name, colon or value
 * holds one, and white space stops before it.
 */
export function scanExpectedPairsLine(
  b: Uint8Array,
  dv: DataView,
  from: number,
  end: number,
  out: number[],
  nums: Float64Array,
  names: readonly Words[],
  count: number,
): number {
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
    const colon = p + name.len;
    if (colon + 1 >= end || b[colon] !== 58) return -1;
    const after = b[colon + 1]!;
    if (after === 10 || !isSpace(after) || !sameWords(dv, p, name)) return -1;
    let ws = colon + 2;
    while (ws < end && b[ws] !== 10 && isSpace(b[ws]!)) ws++;
    // The value, read as plainDecimal reads it on the way.
    let v = ws;
    let m = 0;
    let frac = -1;
    let plain = true;
    for (; v < end; v++) {
      const c = b[v]!;
      if (c >= 48 && c <= 57) {
        if (m > 900719925474098) plain = false;
        else {
          m = m * 10 + (c - 48);
          if (frac >= 0) frac++;
        }
      } else if (c === 46 && frac < 0) frac = 0;
      else if (isSpace(c)) break;
      else {
        plain = false;
        // `Schema:` in the line makes the general reader read it its own way.
        if (c === 58 && v - 6 >= ws && bytesAt(b, v - 6, v, 'Schema')) return -1;
      }
    }
    nums[j] = !plain || v === ws || frac === 0 || frac > 22 ? -1 : frac < 0 ? m : m / POW10[frac]!;
    putPair(out, j, p, colon, ws, v);
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

/** 10^k for k = 0..22, each exact as a double. */
export const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

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

/**
 * The time of a record's `# Time:` line `b[from, lineEnd)` (it starts with ` Time:`, the
 * separator having taken its `#`) when the time text the general reader takes from it
 * (`^# Time: +(\S+(?: +[0-9:.]+)?)`) is an ISO-8601 UTC time isoUtc reads, as eventTimeMsOf then
 * reads it (parseIsoUtc); -1 for any other line.
 */
export function isoTimeLine(b: Uint8Array, from: number, lineEnd: number): number {
  let a = from + 6;
  if (b[a] !== 32) return -1;
  while (a < lineEnd && b[a] === 32) a++;
  let z = a;
  while (z < lineEnd && !isRegexSpace(b[z]!)) z++;
  if (z === a) return -1;
  // The optional ` +[0-9:.]+` would lengthen the text: leave such a line to the general reader.
  let q = z;
  while (q < lineEnd && b[q] === 32) q++;
  if (q > z && q < lineEnd) {
    const c = b[q]!;
    if ((c >= 48 && c <= 58) || c === 46) return -1;
  }
  if (z - a < 19 || b[a + 4] !== 45) return -1;
  return isoUtc(b, a, z);
}
