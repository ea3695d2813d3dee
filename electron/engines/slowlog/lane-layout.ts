/**
 * The fast lane's layout: the names, in order, of the `Name: value` lines of the entries it reads
 * in place, and how many of them each line holds. It is learned from the log itself: from the
 * single pairs line the lazy check accepted (pairs-check), or from the header lines of an entry
 * the scanner refused for holding other names (several lines: MariaDB's and Percona Server's
 * entries). Either way only names whose slots exist are taken, so the lane never creates a slot
 * out of the general path's order; the scanner then checks every entry against the layout.
 */
import type { AttrSlot, DigestRun } from './digest-run';
import { detachAggs } from './lane-aggs';
import * as lane from './lane-scan';
import { scanPairs } from './slow-log.record';

/** A header line the general reader reads for its pairs (its PROP_LINE). */
const PROP_LINE = /^# +[A-Z][A-Za-z_]+: \S+/;
/** Entries between two attempts to learn a layout while no new slot appeared. */
const LEARN_EVERY = 64;
/** Layouts remembered by header shape, at most. */
const LAYOUTS_MAX = 256;
/** Bytes of an entry's start searched for its header lines. */
const HEAD_BYTES = 8192;

/** The latin1 bytes of each attribute name a layout has held (a layout switch then makes none). */
const NAME_BUFFERS = new Map<string, Buffer>();

function nameBytes(name: string): Buffer {
  let b = NAME_BUFFERS.get(name);
  if (b === undefined) {
    if (NAME_BUFFERS.size >= 4096) NAME_BUFFERS.clear();
    b = Buffer.from(name, 'latin1');
    NAME_BUFFERS.set(name, b);
  }
  return b;
}

/**
 * Sets the lane's layout to `slots[0, n)` in `lines` lines (their counts). The lane reads
 * nothing until the next entry that has it; it stays off for a layout it cannot read (a name
 * ending in `Schema` other than `Schema` itself puts `Schema:` where the general reader reads it
 * its own way, a name too long, too many pairs or lines).
 */
export function teachLane(st: DigestRun, slots: readonly AttrSlot[], n: number, lines: readonly number[]): void {
  let ok = n <= lane.LANE_MAX_PAIRS && lines.length <= lane.LANE_MAX_LINES && lines.length > 0;
  let renamed = n !== st.fastNameTexts.length || lines.length !== st.fastLines.length;
  for (let k = 0; k < lines.length && !renamed; k++) if (lines[k] !== st.fastLines[k]) renamed = true;
  st.fastQtJ = st.fastTidJ = st.fastStartJ = st.fastSchemaJ = st.fastRateTypeJ = st.fastRateLimitJ = -1;
  st.fastTidTyped = false;
  for (let j = 0; j < n; j++) {
    const slot = slots[j]!;
    st.fastSlots[j] = slot;
    const name = slot.name;
    // Names are slot names (one string each): bytes are made again only where a name changed.
    if (st.fastNameTexts[j] !== name) {
      st.fastNames[j] = nameBytes(name);
      st.fastNameTexts[j] = name;
      renamed = true;
    }
    if (slot === st.schemaSlot) st.fastSchemaJ = j;
    else if (slot === st.rateTypeSlot) st.fastRateTypeJ = j;
    else if (slot === st.rateLimitSlot) st.fastRateLimitJ = j;
    else if (name.endsWith('Schema')) ok = false;
    if (slot.queryTime) st.fastQtJ = j;
    else if (name === 'Thread_id') {
      st.fastTidJ = j;
      if (slot.type !== undefined) st.fastTidTyped = true;
    } else if (name === 'Start') st.fastStartJ = j;
    if (name.length > lane.LANE_MAX_NAME) ok = false;
  }
  st.fastNames.length = st.fastNameTexts.length = st.fastSlots.length = n;
  if (renamed) {
    // The lane's aggregates are held per pair position, and the scanner takes the layout with a new version.
    detachAggs(st);
    st.fastLines = lines.slice();
    st.fastNamesVersion++;
  }
  st.fastCount = ok ? n : 0;
}

/**
 * Learns the layout of the entry `b[from, to)` (which the scanner refused for its `Name: value`
 * lines) from its header lines: the pairs lines after `# User@Host:`, each read as the general
 * reader reads it. Returns whether the lane took the layout (every name has its slot and none is
 * one the preparation reads, but `Schema`, which the lane reads as `db`; no name twice).
 * With `remembered`, a layout learned before from an entry of the same header shape is taken
 * instead (`st.layoutShape` then names it): the caller forgets it when the scanner refuses the
 * entry all the same, and learns the entry's own.
 */
export function learnLayout(st: DigestRun, b: Buffer, from: number, to: number, remembered: boolean): boolean {
  const shape = headerShape(b, from, to);
  st.layoutShape = 0;
  if (remembered) {
    const known = st.layouts.get(shape);
    if (known !== undefined) {
      teachLane(st, known.slots, known.slots.length, known.lines);
      if (st.fastCount > 0) {
        st.layoutShape = shape;
        return true;
      }
    }
  }
  // After a failed attempt, entries of the same header shape wait for a new slot or LEARN_EVERY
  // entries of that shape; another shape (a log that moves on to another server's lines) is tried at once.
  const failed = st.learnFails.get(shape);
  if (failed !== undefined && failed.slots === st.attrList.length && failed.waits < LEARN_EVERY) {
    failed.waits++;
    return false;
  }
  if (learn(st, b, from, to)) {
    if (failed !== undefined) st.learnFails.delete(shape);
    if (st.layouts.size >= LAYOUTS_MAX) st.layouts.clear();
    st.layouts.set(shape, { slots: st.fastSlots.slice(), lines: st.fastLines.slice() });
    return true;
  }
  if (failed !== undefined) {
    failed.slots = st.attrList.length;
    failed.waits = 0;
  } else {
    if (st.learnFails.size >= LAYOUTS_MAX) st.learnFails.clear();
    st.learnFails.set(shape, { slots: st.attrList.length, waits: 0 });
  }
  return false;
}

/**
 * A hash of the entry's header lines: each one's text up to its first `:` (`# Time`,
 * `# User@Host`, `# Query_time`...) and how many `:` it holds (how many pairs, mostly): what
 * tells one server's layout from another's, not the values.
 */
function headerShape(b: Buffer, from: number, to: number): number {
  let h = 0x811c9dc5;
  let p = from;
  // The separator took the first line's `#`.
  let line = 0;
  while (p < to && line < lane.LANE_MAX_LINES + 4 && (line === 0 || b[p] === 35)) {
    let i = p;
    for (; i < to && i < p + 32; i++) {
      const c = b[i]!;
      if (c === 58 || c === 10) break;
      h = Math.imul(h ^ c, 0x01000193);
    }
    let colons = 0;
    for (; i < to; i++) {
      const c = b[i]!;
      if (c === 10) break;
      if (c === 58) colons++;
    }
    h = Math.imul(h ^ (colons + 256), 0x01000193);
    if (i >= to) break;
    p = i + 1;
    line++;
  }
  return h >>> 0 || 1;
}

/** The slot a layout gives a name: the lane's own for the names it reads as the preparation does (Schema, the rate limit), else the digest's. */
function laneSlot(st: DigestRun, name: string): AttrSlot | undefined {
  if (name === 'Schema') return st.schemaSlot;
  if (name === 'Log_slow_rate_type') return st.rateTypeSlot;
  if (name === 'Log_slow_rate_limit') return st.rateLimitSlot;
  return st.attrs.get(name);
}

function learn(st: DigestRun, b: Buffer, from: number, to: number): boolean {
  // The separator took the first line's `#`.
  const text = '#' + b.toString('latin1', from, Math.min(to, from + HEAD_BYTES));
  // Past the `# Time:` line and the `# User@Host:` line, when the entry has them.
  let start = -1;
  if (text.startsWith('# Time:')) start = text.indexOf('\n');
  if (start >= -1 && text.startsWith('# U', start + 1)) start = text.indexOf('\n', start + 1);
  if (start < -1) return false;
  const slots: AttrSlot[] = [];
  const lines: number[] = [];
  const seen = new Set<string>();
  const offs = st.offs;
  while (start >= -1) {
    let end = text.indexOf('\n', start + 1);
    if (end < 0) end = text.length;
    const line = text.slice(start + 1, end);
    if (!PROP_LINE.test(line) || line.startsWith('# Time: ')) break;
    const n = scanPairs(line, 0, line.length, offs);
    if (n === 0) return false;
    for (let j = 0; j < n; j++) {
      const name = line.slice(offs[j * 4]!, offs[j * 4 + 1]!);
      // What teachLane would refuse leaves the current layout in place.
      if (seen.has(name) || name.length > lane.LANE_MAX_NAME || (name !== 'Schema' && name.endsWith('Schema'))) return false;
      // An empty Schema (`Schema:   QC_hit: No`) is read the general reader's own way: the lane would refuse the entry after all.
      if (name === 'Schema' && line.indexOf(':', offs[j * 4 + 2]!) < offs[j * 4 + 3]! && line.indexOf(':', offs[j * 4 + 2]!) >= 0) return false;
      seen.add(name);
      const slot = laneSlot(st, name);
      if (slot === undefined || (slot.special && slot !== st.schemaSlot && slot !== st.rateTypeSlot && slot !== st.rateLimitSlot)) return false;
      slots.push(slot);
    }
    lines.push(n);
    start = end < text.length ? end : -2;
  }
  if (lines.length === 0 || lines.length > lane.LANE_MAX_LINES || slots.length > lane.LANE_MAX_PAIRS) return false;
  teachLane(st, slots, slots.length, lines);
  return st.fastCount > 0;
}
