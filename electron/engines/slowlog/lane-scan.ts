/**
 * The fast lane's scan in WebAssembly (source: wasm/lane-scan.ts, built by
 * scripts/build-wasm.mjs). One call reads a whole record of the common MySQL shape: its line
 * ends, the `# Time:` text, the `Name: value` pairs (names checked against the expected ones,
 * values read as plain decimals), `SET timestamp=N;`, the statement's fingerprint cache key,
 * its hash and its id (one per distinct key bytes, see classId), and the Start pair's time. It answers exactly what the general reader answers
 * for the same bytes, at a fraction of the instructions the same readers took in JavaScript:
 * the module reads memory without bounds checks and compares eight bytes at a time. It also
 * holds numeric aggregates for busy classes (attach, column, add, detach).
 *
 * The chunk a record lies in is copied into the module's memory once per scan of the parser
 * (or, for a chunk over CHUNK_MAX, one record at a time). One instance serves every digester of
 * a thread: what is in its memory is tagged with its owner, so two digesters in turn each find
 * their own chunk and names again. The key ids are the thread's, not a digester's: each digester
 * maps them to its own classes.
 */
import {
  AGG_BYTES,
  AGGS,
  CHUNK,
  COLS,
  GAP_TABLE,
  H_E0,
  H_E1,
  H_CLASS,
  H_CLASS_GEN,
  H_KEY_LEN,
  H_LINE_MS,
  H_S3,
  H_SET_FROM,
  H_SET_TO,
  H_START_MS,
  H_TS_END,
  H_UH_FROM,
  H_UH_HASH,
  H_USE_FROM,
  H_USE_TO,
  KEY,
  LANE_SCAN_WASM,
  LINES,
  MAX_AGGS,
  MAX_CLASS_IDS,
  MAX_LINES,
  MAX_NAME,
  MAX_PAIRS,
  NAME_BYTES,
  NAMES,
  NUMS,
  OFFS,
} from './lane-scan.wasm';
import { NUM_BUCK } from './pt-buckets';

// The module's memory layout comes from the module itself (lane-scan.wasm.ts): byte offsets of
// its areas, and the indexes of the HEAD fields (H_*: i32 indexes, but H_START_MS and H_LINE_MS
// are f64 indexes).

/** Where the statement key starts in memory; how many key ids (classId) a generation gives at most. */
export { KEY, MAX_CLASS_IDS };
/** Pairs a line may have for the lane, and bytes per name. */
export const LANE_MAX_PAIRS = MAX_PAIRS;
export const LANE_MAX_NAME = MAX_NAME;
/** `Name: value` lines a record may have for the lane. */
export const LANE_MAX_LINES = MAX_LINES;
/** Chunks larger than this are copied one record at a time instead of whole. */
const CHUNK_MAX = 16 * 1024 * 1024;
/** Zero bytes after the copied bytes: a read past the chunk's end finds 0, not another chunk's bytes. */
const PAD = 16;

interface Exports {
  memory: WebAssembly.Memory;
  init(): void;
  record(base: number, from: number, to: number, lines: number, startJ: number, schemaJ: number): number;
  keyWordFlagged(p: number): number;
  quotedWordFlagged(p: number): number;
  isoUtcAt(from: number, to: number): number;
  firstKeyByte(p: number): number;
  aggregate(count: number): void;
  setClassHashMask(mask: number): void;
}

/** What a numeric aggregate holds while the module adds to it (see LaneScan.attach). */
export interface LaneNumbers {
  cnt: number;
  sum: number;
  sumsq: number;
  min: number;
  max: number;
}

/** What a record() call found, read by the digester after a successful call. */
export interface LaneScan {
  /** The memory as bytes, i32 and f64 (replaced when the memory grows). */
  u8: Uint8Array;
  i32: Int32Array;
  f64: Float64Array;
  /**
   * Reads the record `chunk[from, to)` (the parser's `scanNo`-th scan) as the lane's shape with
   * the owner's layout (`setNames`) and the Start pair at `startJ` (-1: none). Returns how many
   * pairs the layout has (a pair of a layout line the record lacks has valueFrom -1), -2 when one of its `Name: value` lines is not the layout's (another layout), or -1 when the
   * record has another shape.
   */
  record(owner: object, chunk: Uint8Array, scanNo: number, from: number, to: number, startJ: number): number;
  /**
   * Sets the layout the owner's records are read against: the expected names in order (each at
   * most LANE_MAX_NAME bytes), how many of them each `Name: value` line holds (at most
   * LANE_MAX_LINES lines), and which of them is MariaDB's `Schema` (-1: none), whose empty value
   * the scanner reads the general reader's way.
   */
  setNames(owner: object, version: number, names: readonly Uint8Array[], lines: readonly number[], schemaJ: number): void;
  /**
   * Takes a numeric aggregate's count, sums and extremes into one of the module's aggregates
   * (with no bucket counts yet) and returns its index, or -1 when all MAX_AGGS are taken.
   */
  attach(from: LaneNumbers): number;
  /** Adds pair `j`'s value (NUMS) with bucket `bucket` to aggregate `agg` (at `add` time). */
  column(c: number, j: number, agg: number, bucket: number): void;
  /** Adds the `count` columns set since the last call. */
  add(count: number): void;
  /** Gives aggregate `agg` back: its count, sums and extremes into `to`, its bucket counts to `bucket`. */
  detach(agg: number, to: LaneNumbers, bucket: (idx: number, count: number) => void): void;
  /** Grows the memory to at least `bytes`. */
  fit(bytes: number): void;
}

/** Accessors of the last record() call's results. */
export const lineEnd0 = (l: LaneScan): number => l.i32[H_E0]!;
export const tsEnd = (l: LaneScan): number => l.i32[H_TS_END]!;
export const lineEnd1 = (l: LaneScan): number => l.i32[H_E1]!;
export const userHostHash = (l: LaneScan): number => l.i32[H_UH_HASH]!;
/** Where the User@Host text after its `#` starts (its own line, or the `# Time:` line holding it), or -1 when the record has none. */
export const userHostFrom = (l: LaneScan): number => l.i32[H_UH_FROM]!;
export const setFrom = (l: LaneScan): number => l.i32[H_SET_FROM]!;
/** The db text of the record's `use db;` line (before its `;`), or -1 when it has none. */
export const useFrom = (l: LaneScan): number => l.i32[H_USE_FROM]!;
export const useTo = (l: LaneScan): number => l.i32[H_USE_TO]!;
export const setTo = (l: LaneScan): number => l.i32[H_SET_TO]!;
export const statementStart = (l: LaneScan): number => l.i32[H_S3]!;
/** The statement key's length, or -1 when the statement has none (fingerprintKey's undefined: admin commands, comments...). */
export const keyLength = (l: LaneScan): number => l.i32[H_KEY_LEN]!;
/**
 * The statement key's id in this thread's scanner: the same for the same key bytes (whichever digest, chunk or record
 * met it), another for other bytes; -1 without a key. Valid in the generation classGen gives: the ids start afresh
 * (a new generation) when MAX_CLASS_IDS keys or 16 MiB of key bytes have been met.
 */
export const classId = (l: LaneScan): number => l.i32[H_CLASS]!;
export const classGen = (l: LaneScan): number => l.i32[H_CLASS_GEN]!;
export const startMs = (l: LaneScan): number => l.f64[H_START_MS]!;
/** The `# Time:` line's ISO-8601 UTC time when Start gave none (startMs < 0), else -1; negative when not one. */
export const timeLineMs = (l: LaneScan): number => l.f64[H_LINE_MS]!;
/** Pair j's value start (-1: the entry lacks its layout line) and end (chunk offsets), and its value as a plain decimal (-1: not one). */
export const valueFrom = (l: LaneScan, j: number): number => l.i32[(OFFS >> 2) + j * 4 + 2]!;
export const valueTo = (l: LaneScan, j: number): number => l.i32[(OFFS >> 2) + j * 4 + 3]!;
export const valueNum = (l: LaneScan, j: number): number => l.f64[(NUMS >> 3) + j]!;

let instance: LaneScan | undefined;
let exported: Exports | undefined;

/** This thread's lane scanner (compiled on first use: ~6 KB of WebAssembly). */
export function laneScan(): LaneScan {
  return (instance ??= create());
}

/**
 * The scanner's inner readers, for the unit tests: whether an 8-byte word may hold a byte the
 * statement key (or quoted text) treats apart, and the ISO-8601 time reader. They write their
 * input over the statement key's area, so they are not for use while a digest runs.
 */
export const laneProbes = {
  keyWordFlagged: (word: Uint8Array): boolean => probe(word, (x, p) => x.keyWordFlagged(p) !== 0),
  quotedWordFlagged: (word: Uint8Array): boolean => probe(word, (x, p) => x.quotedWordFlagged(p) !== 0),
  firstKeyByte: (word: Uint8Array): number => probe(word, (x, p) => x.firstKeyByte(p)),
  isoUtc: (text: string): number => probe(Buffer.from(text, 'latin1'), (x, p) => x.isoUtcAt(p, p + text.length)),
  /** Indexes the key ids by `hash & mask` (0: every key's hash collides with every other's) and starts the ids afresh. */
  classHashMask: (mask: number): void => {
    laneScan().fit(CHUNK);
    exported!.setClassHashMask(mask >>> 0);
  },
};

function probe<T>(bytes: Uint8Array, read: (x: Exports, p: number) => T): T {
  const lane = laneScan();
  lane.u8.set(bytes, KEY);
  return read(exported!, KEY);
}

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function create(): LaneScan {
  const x = new WebAssembly.Instance(new WebAssembly.Module(decode(LANE_SCAN_WASM)), {}).exports as unknown as Exports;
  x.init();
  exported = x;
  const memory = x.memory;
  /** What the chunk area holds: whose chunk, which scan of it, and from which chunk offset. */
  let heldOwner: object | undefined;
  let heldScan = -1;
  let heldBase = 0;
  let heldEnd = 0;
  let namesOwner: object | undefined;
  let namesVersion = -1;
  let lineCount = 0;
  /** The index of the layout's `Schema` name, or -1 (the scanner reads an empty Schema as the general reader does). */
  let schemaJ = -1;
  const lane: LaneScan = {
    u8: new Uint8Array(memory.buffer),
    i32: new Int32Array(memory.buffer),
    f64: new Float64Array(memory.buffer),
    record(owner, chunk, scanNo, from, to, startJ) {
      if (namesOwner !== owner) return -1;
      if (heldOwner !== owner || heldScan !== scanNo || from < heldBase || to > heldEnd) {
        // The whole chunk when it is not too large, else this record and the few bytes the scan may look at after it.
        const whole = chunk.length <= CHUNK_MAX;
        const base = whole ? 0 : from;
        const end = whole ? chunk.length : Math.min(chunk.length, to + PAD);
        fit(CHUNK + end - base + PAD);
        lane.u8.set(whole ? chunk : chunk.subarray(base, end), CHUNK);
        lane.u8.fill(0, CHUNK + end - base, CHUNK + end - base + PAD);
        heldOwner = owner;
        heldScan = scanNo;
        heldBase = base;
        heldEnd = whole ? end : to;
      }
      return x.record(heldBase, from, to, lineCount, startJ, schemaJ);
    },
    setNames(owner, version, names, lines, schema) {
      if (namesOwner === owner && namesVersion === version) return;
      for (let k = 0; k < lines.length; k++) lane.i32[(LINES >> 2) + k] = lines[k]!;
      lineCount = lines.length;
      schemaJ = schema;
      for (let j = 0; j < names.length; j++) {
        const at = NAME_BYTES + j * MAX_NAME;
        lane.u8.set(names[j]!, at);
        lane.i32[(NAMES >> 2) + j * 2] = at;
        lane.i32[(NAMES >> 2) + j * 2 + 1] = names[j]!.length;
      }
      // The gaps the module learned lead to the old names.
      lane.u8.fill(0, GAP_TABLE, GAP_TABLE + 8 * MAX_PAIRS);
      namesOwner = owner;
      namesVersion = version;
    },
    attach(from) {
      const agg = free.pop();
      if (agg === undefined) return -1;
      const at = AGGS + agg * AGG_BYTES;
      const f = lane.f64;
      f[at >> 3] = from.cnt;
      f[(at >> 3) + 1] = from.sum;
      f[(at >> 3) + 2] = from.sumsq;
      f[(at >> 3) + 3] = from.min;
      f[(at >> 3) + 4] = from.max;
      lane.u8.fill(0, at + 64, at + 64 + 4 * NUM_BUCK);
      return agg;
    },
    column(c, j, agg, bucket) {
      const i = (COLS >> 2) + c * 3;
      lane.i32[i] = j;
      lane.i32[i + 1] = agg;
      lane.i32[i + 2] = bucket;
    },
    add(count) {
      x.aggregate(count);
    },
    detach(agg, to, bucket) {
      const at = AGGS + agg * AGG_BYTES;
      const f = lane.f64;
      // A whole count read from a Float64Array is a heap number; stored as one, it changed every numeric aggregate's shape
      // (V8 deoptimized the functions reading them, and compiled them again, in the middle of a digest).
      const cnt = f[at >> 3]!;
      to.cnt = cnt <= 0x3fffffff ? cnt | 0 : cnt;
      to.sum = f[(at >> 3) + 1]!;
      to.sumsq = f[(at >> 3) + 2]!;
      to.min = f[(at >> 3) + 3]!;
      to.max = f[(at >> 3) + 4]!;
      const counts = lane.i32;
      for (let k = 0, i = (at + 64) >> 2; k < NUM_BUCK; k++, i++) if (counts[i] !== 0) bucket(k, counts[i]!);
      free.push(agg);
    },
    fit: (bytes) => fit(bytes),
  };
  /** The module's aggregates not in use. */
  const free: number[] = [];
  for (let k = MAX_AGGS - 1; k >= 0; k--) free.push(k);
  /** Grows the memory to at least `bytes`, and the views with it. */
  const fit = (bytes: number): void => {
    if (memory.buffer.byteLength >= bytes) return;
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    lane.u8 = new Uint8Array(memory.buffer);
    lane.i32 = new Int32Array(memory.buffer);
    lane.f64 = new Float64Array(memory.buffer);
  };
  return lane;
}
