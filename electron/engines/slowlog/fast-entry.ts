/**
 * Byte helpers for the digester's fast lane, on the chunk a record arrived in (the record's
 * shape itself is read by the lane scanner, lane-scan.ts): byte strings kept as words to be
 * compared four bytes at a time, latin1 text compared in place, and the ISO-8601 `# Time:`
 * line. Each answers exactly what the general reader (slow-log.record, over the record decoded
 * as latin1) answers for the same bytes. Ranges are [from, to) of the chunk.
 */

/** JavaScript's `\s` in the latin1 range (which is also what trimStart removes there). */
function isRegexSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

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
/** Whether the zero-padded key of `len` bytes at word `at` of `a` equals `w`, word by word. */
export function sameKeyWords(a: Int32Array, at: number, len: number, w: Words): boolean {
  if (w.len !== len) return false;
  const words = w.words;
  for (let k = 0, n = (len + 3) >> 2; k < n; k++) if (a[at + k] !== words[k]) return false;
  return true;
}

/** Latin1 text kept as bytes, compared four at a time (big-endian words order as the text does). */
export interface Bytes {
  len: number;
  bytes: Uint8Array;
  view: DataView;
}

/** The latin1 bytes of `s`. */
export function bytesOf(s: string): Bytes {
  const bytes = new Uint8Array(Math.max(32, (s.length + 3) & ~3));
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return { len: s.length, bytes, view: new DataView(bytes.buffer) };
}

/** The text of `x`. */
export function bytesText(x: Bytes): string {
  return Buffer.from(x.bytes.buffer, 0, x.len).toString('latin1');
}

/** Sets `x` to the bytes `dv[from, to)`. */
export function setBytes(x: Bytes, dv: DataView, from: number, to: number): void {
  const n = to - from;
  if (n > x.bytes.length) {
    x.bytes = new Uint8Array((n + 31) & ~31);
    x.view = new DataView(x.bytes.buffer);
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) x.view.setInt32(i, dv.getInt32(from + i));
  for (; i < n; i++) x.bytes[i] = dv.getUint8(from + i);
  x.len = n;
}

/** How the latin1 text of `dv[from, to)` compares with `x`, as JavaScript compares strings (<0, 0, >0). */
export function compareBytes(dv: DataView, from: number, to: number, x: Bytes): number {
  const n = to - from;
  const m = x.len;
  const k = n < m ? n : m;
  let i = 0;
  for (; i + 4 <= k; i += 4) {
    const a = dv.getUint32(from + i);
    const b = x.view.getUint32(i);
    if (a !== b) return a < b ? -1 : 1;
  }
  for (; i < k; i++) {
    const d = dv.getUint8(from + i) - x.bytes[i]!;
    if (d !== 0) return d;
  }
  return n - m;
}

/** 10^k for k = 0..22, each exact as a double. */
export const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

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
