// The digester's fast-lane scan, in AssemblyScript (compiled to WebAssembly by scripts/build-wasm.mjs
// into electron/engines/slowlog/lane-scan.wasm.ts). It reads a slow-log record of the common MySQL
// shape in a chunk copied into this module's memory and answers exactly what the general reader
// (slow-log.record over the latin1 record) and the fingerprint cache key read in it, or that the
// record is not of that shape. It also adds busy classes' numeric values to aggregates of its own
// (aggregate()), and gives each statement key a small id. What it keeps between calls is the gaps it
// learned (reset with the names), those aggregates and the keys' ids; the JavaScript side
// (lane-scan.ts) owns the layout below and decides what each area holds.
//
// Memory layout (byte offsets, exported below):
//   HEAD      what record() found, as i32 and f64 fields (H_* below)
//   POW10     10^k for k = 0..22
//   NAMES     per expected name: u32 offset, u32 length (name bytes after it, at NAME_BYTES)
//   OFFS      per pair: name start, colon, value start, value end (i32, chunk offsets)
//   NUMS      per pair: the value as a plain decimal, or -1 (f64)
//   LINES     per `Name: value` line of the layout: u32 how many of the names (in order) it holds
//   KEY       the statement's fingerprint cache key, zero-padded to a whole word
//   COLS      aggregate(): per column, the pair index, the aggregate and the value's bucket (i32 x3)
//   GAP_BYTES per pair: the bytes from the end of the last value (or the line's start) to its value, as last read
//   GAP_TABLE per pair: u32 the gap's length (0: none yet), u32 where the name starts in it
//   (32768)   the module's own constants (--memoryBase)
//   AGGS      numeric aggregates, AGG_BYTES each: f64 cnt, sum, sumsq, min, max; u32 bucket counts at +64
//   CLASS_TABLE the statement keys met and their ids (classOf): CLASS_SLOTS entries of u32 hash, key address (0: empty), length, id
//   KEY_STORE the bytes of those keys (KEY_STORE_BYTES)
//   CHUNK     the chunk (or one record of it), followed by zero bytes

// The layout is exported: scripts/build-wasm.mjs writes these values next to the module
// (LANE_SCAN_LAYOUT), and lane-scan.ts takes its offsets from there.
export const MAX_PAIRS: u32 = 64; // pairs a line may have for the lane
export const MAX_NAME: u32 = 64; // bytes a pair name may have
export const HEAD: u32 = 0;
const POW10: u32 = 256;
export const NAMES: u32 = 512;
export const NAME_BYTES: u32 = 1024; // MAX_PAIRS names of MAX_NAME bytes
export const OFFS: u32 = 5120;
export const NUMS: u32 = 6144;
export const LINES: u32 = 6656;
export const MAX_LINES: u32 = 16; // pairs lines a record may have for the lane
export const KEY: u32 = 8192;
export const COLS: u32 = 14336;
const GAP_BYTES: u32 = 16384; // MAX_PAIRS gaps of 64 bytes
export const GAP_TABLE: u32 = 20480;
export const AGGS: u32 = 65536;
export const AGG_BYTES: u32 = 4096;
export const MAX_AGGS: u32 = 512;
// The statement keys met, each with a small id (see classOf): an open-addressing table of CLASS_SLOTS entries of 16 bytes
// (hash, key address (0: empty), key length, id), and the keys' bytes after it.
const CLASS_TABLE: u32 = AGGS + MAX_AGGS * AGG_BYTES;
const CLASS_SLOTS: u32 = 65536;
export const MAX_CLASS_IDS: u32 = CLASS_SLOTS >> 1;
const KEY_STORE: u32 = CLASS_TABLE + CLASS_SLOTS * 16;
const KEY_STORE_BYTES: u32 = 16 << 20;
export const CHUNK: u32 = KEY_STORE + KEY_STORE_BYTES;

const KEY_MAX: u32 = 4096;

// HEAD fields, as i32 indexes: the record's line ends and parts, in chunk offsets.
export const H_E0: u32 = 0; // end of the `# Time:` line (without one, 2 bytes before the record)
export const H_TS_END: u32 = 1; // end of its ts text
export const H_E1: u32 = 2; // end of the `# User@Host:` line
export const H_UH_HASH: u32 = 3; // hash of that line
export const H_SET_FROM: u32 = 4; // N of `SET timestamp=N;`, or -1
export const H_SET_TO: u32 = 5;
export const H_S3: u32 = 6; // the statement's start
export const H_KEY_LEN: u32 = 7; // the statement key's length, or -1: the statement has none
export const H_KEY_HASH: u32 = 8;
export const H_PAIRS: u32 = 9; // how many pairs the layout has (those of lines the record lacks: value start -1)
export const H_UH_FROM: u32 = 10; // where the User@Host text after its `#` starts (its own line, or the `# Time:` line holding it), or -1: none
export const H_USE_FROM: u32 = 11; // the db text of a `use db;` line (pt's `^use ([^;]+)`), or -1: none
export const H_USE_TO: u32 = 12;
export const H_CLASS: u32 = 13; // the statement key's id (classOf), or -1 when the statement has none
export const H_CLASS_GEN: u32 = 14; // the ids' generation: ids of an earlier one are void
// HEAD fields, as f64 indexes.
export const H_START_MS: u32 = 8; // the Start pair's time (isoUtc), or -1
export const H_LINE_MS: u32 = 9; // the `# Time:` line's ISO time (isoTimeLine) when there is no Start time, else -1

/** Key ids given so far, key bytes stored, and how often the ids started afresh. */
let classIds: u32 = 0;
let keyStoreUsed: u32 = 0;
let classGen: i32 = 0;
/** What the table indexes by: the key hash, masked (the unit tests set 0, so that every key collides). */
let hashMask: u32 = 0xffffffff;

/** What to add to a chunk offset for its address: the chunk was copied from its offset `base` on.
 * record() works on addresses and writes chunk offsets. */
let shift: u32 = 0;

export function init(): void {
  let p: f64 = 1;
  for (let k: u32 = 0; k <= 22; k++) {
    store<f64>(POW10 + (k << 3), p);
    p *= 10;
  }
}

/** The byte at address `x`. */
@inline function at(x: u32): u32 {
  return <u32>load<u8>(x);
}

@inline function isSpace(c: u32): bool {
  return c == 32 || c - 9 <= 4;
}

@inline function isRegexSpace(c: u32): bool {
  return c == 32 || c - 9 <= 4 || c == 0xa0;
}

@inline function isWord(c: u32): bool {
  return c - 48 <= 9 || c - 65 <= 25 || c - 97 <= 25 || c == 95;
}

/** The first `\n` in [from, end), or -1: eight bytes at a time (MariaDB's `# explain:` lines are long). */
function lineEnd(from: u32, end: u32): i32 {
  let i = from;
  for (; i + 8 <= end; i += 8) {
    const flagged = zeroBytes(load<u64>(i) ^ 0x0a0a0a0a0a0a0a0a);
    // The lowest flagged byte is a true one (see zeroBytes).
    if (flagged != 0) return <i32>(i + (<u32>ctz(flagged) >> 3));
  }
  for (; i < end; i++) if (at(i) == 10) return <i32>i;
  return -1;
}

/** Whether [p, end) starts with the ASCII text `word`. */
function bytesAt(p: u32, end: u32, word: string): bool {
  const n = <u32>word.length;
  if (p + n > end) return false;
  for (let i: u32 = 0; i < n; i++) if (at(p + i) != <u32>word.charCodeAt(i)) return false;
  return true;
}

/** Whether [p, end) starts with the lower-case ASCII `word`, ignoring case. */
function startsWithWord(p: u32, end: u32, word: string): bool {
  const n = <u32>word.length;
  if (p + n > end) return false;
  for (let i: u32 = 0; i < n; i++) if ((at(p + i) | 32) != <u32>word.charCodeAt(i)) return false;
  return true;
}

/** The end of the ts text TS_LINE (`^# Time: ((?:[0-9: ]{15})|(?:[-0-9: T]{19}))`) captures from the `# Time:` line [from, e) (its `#` taken by the separator), or -1. */
function timeLineTsEnd(from: u32, e: u32): i32 {
  if (!bytesAt(from, e, ' Time: ')) return -1;
  const v = from + 7;
  let i = v;
  for (; i < v + 15 && i < e; i++) {
    const c = at(i);
    if (!(c - 48 <= 10 || c == 32)) break;
  }
  if (i == v + 15) return <i32>i;
  for (i = v; i < v + 19 && i < e; i++) {
    const c = at(i);
    if (!(c - 48 <= 10 || c == 32 || c == 45 || c == 84)) return -1;
  }
  return i == v + 19 ? <i32>i : -1;
}

/** Whether [from, to) is a header line PROP_LINE (`^# +[A-Z][A-Za-z_]+: \S+`) accepts. */
function isPropLine(from: u32, to: u32): bool {
  return from < to && at(from) == 35 && isPropText(from + 1, to);
}

/** isPropLine for the line whose `#` came before `from` (the separator took a first line's `#`). */
function isPropText(from: u32, to: u32): bool {
  if (from >= to || at(from) != 32) return false;
  let i = from;
  while (i < to && at(i) == 32) i++;
  if (i >= to || !(at(i) - 65 <= 25)) return false;
  i++;
  const first = i;
  for (; i < to; i++) {
    const c = at(i);
    if (!(c - 65 <= 25 || c - 97 <= 25 || c == 95)) break;
  }
  if (i == first || i + 2 >= to || at(i) != 58 || at(i + 1) != 32) return false;
  return !isRegexSpace(at(i + 2));
}

/** The end of N in a `SET timestamp=N;` line [from, to), or -1. */
function setTimestampEnd(from: u32, to: u32): i32 {
  if (!bytesAt(from, to, 'SET timestamp=')) return -1;
  let i = from + 14;
  while (i < to) {
    const c = at(i);
    if (c == 59) break;
    if (c - 48 > 9) return -1;
    i++;
  }
  return i > from + 14 ? <i32>i : -1;
}

/** Whether the general reader takes the line at `p` for a header line. */
function isMetaLine(p: u32, end: u32): bool {
  const c = p < end ? at(p) : 0;
  return (
    c == 35 ||
    (c == 117 && bytesAt(p, end, 'use ')) ||
    (c == 83 && (bytesAt(p, end, 'SET last_insert_id') || bytesAt(p, end, 'SET insert_id') || bytesAt(p, end, 'SET timestamp')))
  );
}

// Byte masks (bit twiddling's haszero and hasbetween, as masks): the high bit of each flagged
// byte. A zero mask is exact; the lowest flagged byte is always a true one (a borrow only
// flags bytes above a zero byte), so the bytes below it can be taken as they are.

@inline function zeroBytes(x: u64): u64 {
  return (x - 0x0101010101010101) & ~x & 0x8080808080808080;
}

@inline function bytesBetween(x: u64, m: u64, n: u64): u64 {
  const low = x & 0x7f7f7f7f7f7f7f7f;
  return (0x0101010101010101 * (127 + n) - low) & ~x & (low + 0x0101010101010101 * (127 - m)) & 0x8080808080808080;
}

/**
 * The bytes of 8 bytes of statement text that the key may treat apart: a digit, a quote, `\\`,
 * `"`, `#`, CR, `-` or `/` (checked as the ranges `"`..`'` and `/`..`9`, which also take in `$%&`:
 * those only go through the byte-by-byte path). SQL's `(),.*+=` pass.
 */
@inline function keyBytes(w: u64): u64 {
  return bytesBetween(w, 0x21, 0x28) | bytesBetween(w, 0x2e, 0x3a) | zeroBytes(w ^ 0x2d2d2d2d2d2d2d2d) | zeroBytes(w ^ 0x0d0d0d0d0d0d0d0d) | zeroBytes(w ^ 0x5c5c5c5c5c5c5c5c);
}

/** The bytes of 8 bytes of quoted text that may be a quote, a `)` or an `a`/`A`. */
@inline function quotedBytes(w: u64): u64 {
  return zeroBytes(w ^ 0x2727272727272727) | zeroBytes(w ^ 0x2929292929292929) | zeroBytes((w | 0x2020202020202020) ^ 0x6161616161616161);
}

const FNV_BASIS: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;

/**
 * fingerprintKey of the statement [from, to), written at KEY: the statement with every digit run
 * as `0` and every quoted text emptied, zero-padded to a whole word, its hash in HEAD. Returns its
 * length, or -1 where fingerprintKey returns undefined (CALL, admin commands, escapes, double
 * quotes, comments, a quoted `)` or `values`, more than KEY_MAX characters).
 */
function statementKey(from: u32, to: u32): i32 {
  if (to - from > KEY_MAX) return -1;
  let p = from;
  while (p < to && isRegexSpace(at(p))) p++;
  if (startsWithWord(p, to, 'call') || startsWithWord(p, to, 'administrator')) return -1;
  let o: u32 = 0;
  let i = from;
  while (i < to) {
    if (i + 8 <= to) {
      const w = load<u64>(i);
      const flagged = keyBytes(w);
      store<u64>(KEY + o, w);
      if (flagged == 0) {
        o += 8;
        i += 8;
        continue;
      }
      // The bytes below the first flagged one are the key's as they are.
      const k = <u32>ctz(flagged) >> 3;
      o += k;
      i += k;
    }
    const c = at(i);
    if (c == 39) {
      store<u8>(KEY + o++, 39);
      i++;
      for (;;) {
        if (i + 8 <= to) {
          const flagged = quotedBytes(load<u64>(i));
          if (flagged == 0) {
            i += 8;
            continue;
          }
          i += <u32>ctz(flagged) >> 3;
        }
        if (i >= to) return -1;
        const q = at(i);
        if (q == 39) break;
        if (q == 41) return -1;
        if ((q | 32) == 97 && i + 5 <= to && (at(i + 1) | 32) == 108 && (at(i + 2) | 32) == 117 && (at(i + 3) | 32) == 101 && (at(i + 4) | 32) == 115)
          return -1;
        i++;
      }
      store<u8>(KEY + o++, 39);
    } else if (c - 48 <= 9) {
      store<u8>(KEY + o++, 48);
      while (i + 1 < to && at(i + 1) - 48 <= 9) i++;
    } else if (c == 92 || c == 34 || c == 35 || c == 13 || ((c == 47 || c == 45) && i + 1 < to && at(i + 1) == (c == 47 ? 42 : 45))) {
      return -1;
    } else store<u8>(KEY + o++, <u8>c);
    i++;
  }
  for (let k = o; (k & 3) != 0; k++) store<u8>(KEY + k, 0);
  let h = FNV_BASIS;
  for (let k: u32 = 0; k < o; k += 4) h = (h ^ load<u32>(KEY + k)) * FNV_PRIME;
  store<u32>(HEAD + (H_KEY_HASH << 2), h);
  return <i32>o;
}

/** A hash of [from, to), four bytes at a time (FNV-1a over words). */
function wordsHash(from: u32, to: u32): u32 {
  let h = FNV_BASIS;
  let i = from;
  for (; i + 4 <= to; i += 4) h = (h ^ load<u32>(i)) * FNV_PRIME;
  for (; i < to; i++) h = (h ^ at(i)) * FNV_PRIME;
  return h;
}

/** Whether the `n` bytes at addresses `p` and `q` are equal (eight at a time, the last eight overlapping). */
function sameBytes(p: u32, q: u32, n: u32): bool {
  if (n < 8) {
    for (let i: u32 = 0; i < n; i++) if (at(p + i) != at(q + i)) return false;
    return true;
  }
  let i: u32 = 0;
  for (; i + 8 < n; i += 8) if (load<u64>(p + i) != load<u64>(q + i)) return false;
  return load<u64>(p + n - 8) == load<u64>(q + n - 8);
}

/** Forgets every key id (the table or the key store is full): ids start again from 0 in a new generation. */
function resetClassIds(): void {
  memory.fill(CLASS_TABLE, 0, CLASS_SLOTS * 16);
  classIds = 0;
  keyStoreUsed = 0;
  classGen++;
}

/**
 * The id of the statement key at KEY (`klen` bytes, hash `h`): the same id for the same bytes, another for any other
 * bytes (a hash match is checked byte for byte). A key not met before gets the next id, after a reset when ids or
 * key bytes run out.
 */
function classOf(klen: u32, h: u32): i32 {
  const hh = h & hashMask;
  let i = hh & (CLASS_SLOTS - 1);
  for (;;) {
    const e = CLASS_TABLE + (i << 4);
    const keyAt = load<u32>(e + 4);
    if (keyAt == 0) break;
    if (load<u32>(e) == hh && load<u32>(e + 8) == klen && sameBytes(keyAt, KEY, klen)) return load<i32>(e + 12);
    i = (i + 1) & (CLASS_SLOTS - 1);
  }
  if (classIds >= MAX_CLASS_IDS || keyStoreUsed + klen > KEY_STORE_BYTES) {
    resetClassIds();
    i = hh & (CLASS_SLOTS - 1);
  }
  const at = KEY_STORE + keyStoreUsed;
  memory.copy(at, KEY, klen);
  keyStoreUsed += (klen + 7) & ~7;
  const e = CLASS_TABLE + (i << 4);
  store<u32>(e, hh);
  store<u32>(e + 4, at);
  store<u32>(e + 8, klen);
  store<u32>(e + 12, classIds);
  classIds++;
  return <i32>(classIds - 1);
}

/**
 * slow-log.record's scanExpectedPairs over bytes: the `Name: value` line [from, ...) read as
 * holding exactly the expected names j0..j1-1 at NAMES, in order, up to its `\n` before `end`.
 * Fills OFFS and NUMS (each value as plainDecimal reads it, -1 when it is not a plain decimal)
 * and returns the `\n`, or -1 when the line differs (or a value holds `Schema:`). Pair
 * `schemaJ` (MariaDB's `Schema`) may be empty (`Schema:   QC_hit: No`): the general reader then
 * drops `Schema:\s+` (its EMPTY_SCHEMA), so the pair is marked absent (value start -1) and the
 * next name is read where its value would have started.
 */
function pairs(from: u32, end: u32, j0: u32, j1: u32, schemaJ: i32): i32 {
  let p = from;
  for (let j: u32 = j0; j < j1; j++) {
    const nameLen = load<u32>(NAMES + (j << 3) + 4);
    // The bytes from here to the value are usually the last line's (`  Lock_time: `): the same
    // bytes lead the reading below to the same name, colon and value start, provided the value
    // does not start with white space it would skip.
    const gapStart = p;
    const gapLen = load<u32>(GAP_TABLE + (j << 3));
    let colon: u32;
    let ws: u32;
    if (gapLen != 0 && gapStart + gapLen <= end && sameBytes(gapStart, GAP_BYTES + (j << 6), gapLen) && (gapStart + gapLen >= end || !isSpace(at(gapStart + gapLen)))) {
      p = gapStart + load<u32>(GAP_TABLE + (j << 3) + 4);
      colon = p + nameLen;
      ws = gapStart + gapLen;
    } else {
      for (;;) {
        if (p >= end) return -1;
        const c = at(p);
        if (isWord(c)) break;
        if (c == 10) return -1;
        p++;
      }
      colon = p + nameLen;
      if (colon + 1 >= end || at(colon) != 58) return -1;
      const after = at(colon + 1);
      if (after == 10 || !isSpace(after) || !sameBytes(p, load<u32>(NAMES + (j << 3)), nameLen)) return -1;
      ws = colon + 2;
      while (ws < end && at(ws) != 10 && isSpace(at(ws))) ws++;
      // Learn this gap for the next line (the name is at most 64 bytes, so most gaps fit).
      const len = ws - gapStart;
      if (len <= 64) {
        memory.copy(GAP_BYTES + (j << 6), gapStart, len);
        store<u32>(GAP_TABLE + (j << 3), len);
        store<u32>(GAP_TABLE + (j << 3) + 4, p - gapStart);
      } else store<u32>(GAP_TABLE + (j << 3), 0);
    }
    if (<i32>j == schemaJ) {
      // EMPTY_SCHEMA: `Schema:\s+\w+: `.
      let w = ws;
      while (w < end && isWord(at(w))) w++;
      if (w > ws && w + 1 < end && at(w) == 58 && at(w + 1) == 32) {
        store<f64>(NUMS + (j << 3), -1);
        const o = OFFS + (j << 4);
        store<i32>(o, p - shift);
        store<i32>(o + 4, colon - shift);
        store<i32>(o + 8, -1);
        store<i32>(o + 12, -1);
        p = ws;
        continue;
      }
    }
    let v = ws;
    let m: u64 = 0;
    let frac: i32 = -1;
    let plain = true;
    for (; v < end; v++) {
      const c = at(v);
      if (c - 48 <= 9) {
        if (m > 900719925474098) plain = false;
        else {
          m = m * 10 + <u64>(c - 48);
          if (frac >= 0) frac++;
        }
      } else if (c == 46 && frac < 0) frac = 0;
      else if (isSpace(c)) break;
      else {
        plain = false;
        if (c == 58 && v - 6 >= ws && bytesAt(v - 6, v, 'Schema')) return -1;
      }
    }
    const num: f64 = !plain || v == ws || frac == 0 || frac > 22 ? -1 : frac < 0 ? <f64>m : <f64>m / load<f64>(POW10 + (<u32>frac << 3));
    store<f64>(NUMS + (j << 3), num);
    const o = OFFS + (j << 4);
    store<i32>(o, p - shift);
    store<i32>(o + 4, colon - shift);
    store<i32>(o + 8, ws - shift);
    store<i32>(o + 12, v - shift);
    p = v;
  }
  while (p < end && at(p) != 10 && isSpace(at(p))) p++;
  return p < end && at(p) == 10 ? <i32>p : -1;
}

/** The digits [from, to) as a number, or -1. */
function digitsAt(from: u32, to: u32): i32 {
  let v: i32 = 0;
  for (let i = from; i < to; i++) {
    const c = at(i);
    if (c - 48 > 9) return -1;
    v = v * 10 + <i32>(c - 48);
  }
  return v;
}

/** Days from 1970-01-01 to the proleptic Gregorian date y-m-d (as Date.UTC counts them). */
function daysFromCivil(y: i32, m: i32, d: i32): i32 {
  const yy = m <= 2 ? y - 1 : y;
  const era = (yy >= 0 ? yy : yy - 399) / 400;
  const yoe = yy - era * 400;
  const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/** event-time's parseIsoUtc over bytes: `2026-11-20T08:00:00.000642Z` as epoch ms, -1 for anything else. */
function isoUtc(from: u32, to: u32): f64 {
  const n = to - from;
  if (n < 20 || at(to - 1) != 90) return -1;
  if (at(from + 4) != 45 || at(from + 7) != 45 || at(from + 10) != 84 || at(from + 13) != 58 || at(from + 16) != 58) return -1;
  const y = digitsAt(from, from + 4);
  const mo = digitsAt(from + 5, from + 7);
  const d = digitsAt(from + 8, from + 10);
  const h = digitsAt(from + 11, from + 13);
  const mi = digitsAt(from + 14, from + 16);
  const sec = digitsAt(from + 17, from + 19);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 28 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return -1;
  let ms: i32 = 0;
  if (n > 20) {
    if (at(from + 19) != 46 || n == 21) return -1;
    for (let i: u32 = 20; i < n - 1; i++) {
      const c = at(from + i);
      if (c - 48 > 9) return -1;
      if (i < 23) ms += <i32>(c - 48) * (i == 20 ? 100 : i == 21 ? 10 : 1);
    }
  } else if (at(from + 19) != 90) return -1;
  return <f64>daysFromCivil(y, mo, d) * 86400000 + <f64>(h * 3600000 + mi * 60000 + sec * 1000 + ms);
}

/**
 * The time of the `# Time:` line [from, e) (it starts with ` Time:`, the separator having taken
 * its `#`) when the time text the general reader takes from it (`^# Time: +(\S+(?: +[0-9:.]+)?)`)
 * is an ISO-8601 UTC time isoUtc reads, as eventTimeMsOf then reads it; -1 for any other line.
 */
function isoTimeLine(from: u32, e: u32): f64 {
  let a = from + 6;
  if (at(a) != 32) return -1;
  while (a < e && at(a) == 32) a++;
  let z = a;
  while (z < e && !isRegexSpace(at(z))) z++;
  if (z == a) return -1;
  // The optional ` +[0-9:.]+` would lengthen the text: leave such a line to the general reader.
  let q = z;
  while (q < e && at(q) == 32) q++;
  if (q > z && q < e) {
    const c = at(q);
    if (c - 48 <= 10 || c == 46) return -1;
  }
  if (z - a < 19 || at(a + 4) != 45) return -1;
  return isoUtc(a, z);
}

/**
 * Reads the record [from, to) of the chunk (copied to CHUNK from chunk offset `base` on) as the
 * fast lane's shape: an optional `# Time:` line, the `# User@Host:` line, then `Name: value` lines
 * that are lines of the layout, in its order (the others it lacks) (`lines` lines at LINES, their names in order at NAMES),
 * then comment lines the general reader skips (`#`, `# explain: ...`, `# No InnoDB statistics...`),
 * an optional `use db;` line, an optional `SET timestamp=N;` and the statement (or, as the last line, `# administrator command: ...`). `startJ` is the Start pair's index or -1.
 * Returns how many of the expected pairs the record has (its K lines' names) with HEAD, OFFS,
 * NUMS and KEY filled; -2 when a `Name: value` line is not the layout's next one (another
 * layout: the caller may learn it), -1 when the record is not of the shape in another way.
 * `schemaJ` is the `Schema` pair's index or -1 (see pairs).
 */
export function record(base: u32, chunkFrom: u32, chunkTo: u32, lines: u32, startJ: i32, schemaJ: i32): i32 {
  const sh = CHUNK - base;
  shift = sh;
  const from = chunkFrom + sh;
  const to = chunkTo + sh;
  if (to - from < 40) return -1;
  const last = at(to - 1);
  if (last == 10 || last == 35) return -1;
  // The `# Time:` line (its `#` taken by the separator), or none: MariaDB writes one only when the second changes.
  let e0: i32 = <i32>from - 2;
  let tsEnd: i32 = -1;
  let s1 = from;
  // Where the User@Host text after its `#` starts, and its line's end (e1: the end of the last line before the pairs).
  let uhFrom: i32 = -1;
  let e1: i32 = <i32>from - 1;
  if (at(from + 1) == 84) {
    e0 = lineEnd(from, to);
    if (e0 < 0) return -1;
    tsEnd = timeLineTsEnd(from, <u32>e0);
    if (tsEnd < 0) return -1;
    s1 = <u32>e0 + 1;
    e1 = e0;
    // A `# Time:` line holding `# User@Host:` (old Percona samples): the general reader takes the user and host from it.
    for (let i = <u32>tsEnd; i < <u32>e0; i++) {
      if (at(i) == 64) {
        uhFrom = <i32>from;
        break;
      }
    }
    if (at(s1) != 35) return -1;
  } else if (at(from) != 32) return -1;
  // The `# User@Host:` line, when the `# Time:` line held none.
  if (uhFrom < 0 && at(s1 + 2 - (s1 == from ? 1 : 0)) == 85) {
    uhFrom = s1 == from ? <i32>from : <i32>s1 + 1;
    e1 = lineEnd(s1, to);
    if (e1 < 0) return -1;
  }
  let p = <u32>(e1 + 1);
  let j: u32 = 0;
  let k: u32 = 0;
  let e2: i32 = e1;
  let present: u32 = 0;
  let total: u32 = 0;
  for (let q: u32 = 0; q < lines; q++) total += load<u32>(LINES + (q << 2));
  for (; k < lines; k++) {
    // The first line's `#` may have been taken by the separator.
    const hashed = p != from;
    if (hashed ? !isPropLine(p, to) : !isPropText(p, to)) break;
    const c2 = at(hashed ? p + 2 : p + 1);
    // A line the general reader takes for the `# Time:` line, or (without one yet) for the `# User@Host:` line.
    if (c2 == 84 && bytesAt(hashed ? p + 1 : p, to, ' Time: ')) return -1;
    if (c2 == 85 && uhFrom < 0) return -1;
    const n = load<u32>(LINES + (k << 2));
    e2 = pairs(p, to, j, j + n, schemaJ);
    if (e2 < 0) {
      // Not this layout line: the entry lacks it (MariaDB writes `# Tmp_tables:` only for some), and the line may be a later one.
      for (let q = j; q < j + n; q++) store<i32>(OFFS + (q << 4) + 8, -1);
      j += n;
      continue;
    }
    present++;
    j += n;
    p = <u32>e2 + 1;
  }
  // The layout lines the entry does not have.
  for (let q = j; q < total; q++) store<i32>(OFFS + (q << 4) + 8, -1);
  j = total;
  if (present == 0) return k == 0 ? -1 : -2;
  // Lines the general reader skips, or keeps only for a sample (`# explain:`); a `Name: value` line here is another layout.
  let admin = false;
  while (p < to && at(p) == 35) {
    const e = lineEnd(p, to);
    if (e < 0) {
      // The entry's last line: `# administrator command: ...` is its statement (pt's ADMIN_LINE, whose `.` takes no CR).
      if (!bytesAt(p, to, '# administrator command:')) return -1;
      for (let i = p; i < to; i++) if (at(i) == 13) return -1;
      admin = true;
      break;
    }
    if (isPropLine(p, <u32>e)) return -2;
    const c2 = p + 2 < <u32>e ? at(p + 2) : 0;
    if (c2 == 84 || c2 == 85 || c2 == 97) return -1;
    p = <u32>e + 1;
  }
  let s3 = admin ? p + 2 : p;
  // A `use db;` line (MySQL and Percona Server write one when the db changes): pt's `^use ([^;]+)`, the text up to the
  // line's first `;`. A record that ends with it (pt then reads the next chunk as the statement) has no line end here.
  let useFrom: i32 = -1;
  let useTo: i32 = -1;
  if (!admin && bytesAt(s3, to, 'use ')) {
    const e = lineEnd(s3, to);
    if (e < 0) return -1;
    let i = s3 + 4;
    while (i < <u32>e && at(i) != 59) i++;
    if (i == s3 + 4) return -1;
    useFrom = <i32>s3 + 4;
    useTo = <i32>i;
    s3 = <u32>e + 1;
  }
  let setFrom: i32 = -1;
  let setTo: i32 = -1;
  if (!admin && bytesAt(s3, to, 'SET timestamp=')) {
    const e3 = lineEnd(s3, to);
    if (e3 < 0) return -1;
    setTo = setTimestampEnd(s3, <u32>e3);
    if (setTo < 0) return -1;
    setFrom = <i32>s3 + 14;
    s3 = <u32>e3 + 1;
  }
  if (!admin && (s3 >= to || isMetaLine(s3, to) || (to - s3 == 1 && at(s3) == 48))) return -1;
  // -1: no statement key (fingerprintKey has none for admin commands, comments, escapes...): the caller classifies the text.
  const klen = admin ? -1 : statementKey(s3, to);
  store<i32>(HEAD + (H_E0 << 2), e0 - sh);
  store<i32>(HEAD + (H_TS_END << 2), tsEnd < 0 ? -1 : tsEnd - sh);
  store<i32>(HEAD + (H_E1 << 2), e1 - sh);
  // The line without its `#` (which the separator took from a first line).
  store<u32>(HEAD + (H_UH_HASH << 2), uhFrom < 0 ? 0 : wordsHash(<u32>uhFrom, <u32>e1));
  store<i32>(HEAD + (H_UH_FROM << 2), uhFrom < 0 ? -1 : uhFrom - sh);
  store<i32>(HEAD + (H_SET_FROM << 2), setFrom < 0 ? -1 : setFrom - sh);
  store<i32>(HEAD + (H_SET_TO << 2), setTo < 0 ? -1 : setTo - sh);
  store<i32>(HEAD + (H_USE_FROM << 2), useFrom < 0 ? -1 : useFrom - sh);
  store<i32>(HEAD + (H_USE_TO << 2), useTo < 0 ? -1 : useTo - sh);
  store<i32>(HEAD + (H_S3 << 2), s3 - sh);
  store<i32>(HEAD + (H_KEY_LEN << 2), klen);
  store<i32>(HEAD + (H_CLASS << 2), klen < 0 ? -1 : classOf(<u32>klen, load<u32>(HEAD + (H_KEY_HASH << 2))));
  store<i32>(HEAD + (H_CLASS_GEN << 2), classGen);
  store<i32>(HEAD + (H_PAIRS << 2), j);
  let startMs: f64 = -1;
  if (startJ >= 0 && <u32>startJ < j && load<i32>(OFFS + (<u32>startJ << 4) + 8) >= 0) startMs = isoUtc(load<u32>(OFFS + (<u32>startJ << 4) + 8) + sh, load<u32>(OFFS + (<u32>startJ << 4) + 12) + sh);
  store<f64>(HEAD + (H_START_MS << 3), startMs);
  store<f64>(HEAD + (H_LINE_MS << 3), startMs < 0 && tsEnd >= 0 ? isoTimeLine(from, <u32>e0) : -1);
  return <i32>j;
}

// Probes for the unit tests (lane-scan.ts's laneProbes): the word tests and the time reader on
// bytes the caller wrote at `p` (absolute memory offsets).

export function keyWordFlagged(p: u32): bool {
  return keyBytes(load<u64>(p)) != 0;
}

export function quotedWordFlagged(p: u32): bool {
  return quotedBytes(load<u64>(p)) != 0;
}

/** The offset in the 8 bytes at `p` of the first byte keyBytes flags (8: none). */
export function firstKeyByte(p: u32): u32 {
  const f = keyBytes(load<u64>(p));
  return f == 0 ? 8 : <u32>ctz(f) >> 3;
}

/** For the unit tests: the mask of the key hash the id table indexes by (0: every key collides), and a reset of the ids. */
export function setClassHashMask(mask: u32): void {
  hashMask = mask;
  resetClassIds();
}

export function isoUtcAt(from: u32, to: u32): f64 {
  return isoUtc(from, to);
}

/**
 * Adds the values of `count` columns of the last record (NUMS) to their aggregates: per column
 * (COLS) the pair index, the aggregate and the value's bucket, which the caller computed. The
 * same additions, in the same order per aggregate, as pushNum makes.
 */
export function aggregate(count: u32): void {
  for (let c: u32 = 0; c < count; c++) {
    const col = COLS + c * 12;
    const v = load<f64>(NUMS + (load<u32>(col) << 3));
    const a = AGGS + load<u32>(col + 4) * AGG_BYTES;
    store<f64>(a, load<f64>(a) + 1);
    store<f64>(a + 8, load<f64>(a + 8) + v);
    store<f64>(a + 16, load<f64>(a + 16) + v * v);
    if (v < load<f64>(a + 24)) store<f64>(a + 24, v);
    if (v > load<f64>(a + 32)) store<f64>(a + 32, v);
    const p = a + 64 + (load<u32>(col + 8) << 2);
    store<u32>(p, load<u32>(p) + 1);
  }
}
