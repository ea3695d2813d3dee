/**
 * Byte helpers for the digester's fast lane, on the chunk a record arrived in (the record's
 * shape itself is read by the lane scanner, lane-scan.ts): byte strings kept as words to be
 * compared four bytes at a time, and latin1 text kept as bytes and compared in place as
 * JavaScript compares strings. Ranges are [from, to) of the chunk.
 */

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
