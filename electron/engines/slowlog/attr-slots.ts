/**
 * Attribute slots of a digest: each attribute name gets one slot, its type fixed by its first
 * value (pt's `type_for`), and the readers of a `Name: value` pairs line in place.
 */
import { detectType, IGNORED_ATTRS, PRESET_TYPES, toNumber } from './class-aggregate';
import type { AttrSlot, DigestRun } from './digest-run';
import * as fast from './fast-entry';

/** Attributes the event preparation reads or sets; see `AttrSlot.special`. */
const SPECIAL_ATTRS = new Set([
  'db',
  'ts',
  'timestamp',
  'user',
  'host',
  'ip',
  'cmd',
  'arg',
  'Schema',
  'Log_slow_rate_limit',
  'Log_slow_rate_type',
  'rate_limit',
]);

/** The props the fast lane sets besides the pairs, by their index in `DigestRun.propSlots`. */
const PROP_NAMES = ['ts', 'user', 'host', 'ip', 'Thread_id', 'timestamp', 'db', 'rate_limit'] as const;

/** Whether `line.slice(k, colon)` is `name` (compared char by char: no slice, no runtime call). */
export function nameAt(name: string, line: string, k: number, colon: number): boolean {
  const len = name.length;
  if (len !== colon - k) return false;
  for (let q = 0; q < len; q++) if (name.charCodeAt(q) !== line.charCodeAt(k + q)) return false;
  return true;
}

/**
 * `Number(line.slice(from, to))` without the slice, for a plain decimal (digits, at most one point, a digit after it) whose
 * digits make an integer below 2^53 with at most 22 after the point; -1 for anything else. The
 * digits are read into an exact integer m and the result is m / 10^k: one correctly rounded
 * division of two exact doubles, which is the correctly rounded value of the decimal, as
 * Number() gives (Clinger's fast path).
 */
export function plainDecimal(line: string, from: number, to: number): number {
  if (from >= to) return -1;
  let m = 0;
  let frac = -1;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (m > 900719925474098) return -1;
      m = m * 10 + (c - 48);
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return -1;
  }
  if (frac < 0) return m;
  if (frac === 0 || frac > 22) return -1;
  return m / fast.POW10[frac]!;
}

/** pt reads Query_time with `^\d+(?:\.\d+)?` (a MariaDB value may carry a suffix); plain decimals skip the regex. */
export function queryTimeNumber(raw: string): number {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c < 48 || c > 57) && c !== 46) return toNumber(/^\d+(?:\.\d+)?/.exec(raw)?.[0] ?? raw);
  }
  return toNumber(raw);
}

/** The text of pair j of the lazy event's pairs line (offsets in `st.offs`). */
export function pairText(st: DigestRun, line: string, j: number): string {
  return line.slice(st.offs[j * 4 + 2]!, st.offs[j * 4 + 3]!);
}

/** The slot of prop k of PROP_NAMES, made on first use. */
export function propSlot(st: DigestRun, k: number, raw: string, ordinal: number): AttrSlot {
  return st.propSlots[k] ?? (st.propSlots[k] = slotFor(st, PROP_NAMES[k]!, raw, ordinal));
}

/** The slot of an attribute, made (and its type fixed) the first time the digest meets its name. */
export function slotFor(st: DigestRun, name: string, raw: string, ordinal: number): AttrSlot {
  let slot = st.attrs.get(name);
  if (slot === undefined) {
    const type = IGNORED_ATTRS.has(name) ? undefined : (st.state.types.get(name) ?? PRESET_TYPES[name] ?? detectType(name, raw));
    slot = {
      // A flat copy: a name sliced from an entry would keep that entry and read slower.
      name: Buffer.from(name, 'latin1').toString('latin1'),
      type,
      idx: st.attrList.length,
      queryTime: name === 'Query_time',
      order: name === st.orderBy,
      special: SPECIAL_ATTRS.has(name),
      stamp: 0,
      before: false,
    };
    st.attrs.set(name, slot);
    st.attrList.push(slot);
    if (type !== undefined && !st.state.types.has(name)) {
      st.state.types.set(name, type);
      st.state.attrFirstSeen.set(name, ordinal);
    }
  }
  return slot;
}
