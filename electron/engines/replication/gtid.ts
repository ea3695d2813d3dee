/**
 * GTID arithmetic for both flavors, so lag can be measured in transactions, not only in the
 * seconds a replica reports (NULL when its SQL thread is stopped, 0 while its IO thread is cut off).
 *
 * MySQL GTID sets are `uuid:1-5:7-10,uuid2:1-3`, with 8.4+ tags (`uuid:tag:1-3`) naming their own
 * sequence: https://dev.mysql.com/doc/refman/8.4/en/replication-gtids-concepts.html. A set with
 * more than one interval for one source has holes (gaps).
 * MariaDB positions are one `domain-server-seq` per replication domain, the sequence counting
 * every transaction of that domain: https://mariadb.com/kb/en/gtid/.
 */
import type { Family } from '../flavor/flavor';

/** Inclusive [start, end] intervals, sorted and merged. */
export type Intervals = Array<[number, number]>;

/** A MySQL GTID set: per `uuid` (or `uuid:tag`) its intervals. */
export type GtidSet = Map<string, Intervals>;

const INTERVAL = /^(\d+)(?:-(\d+))?$/;

/** Sorts and merges touching or overlapping intervals. */
function normalize(list: Intervals): Intervals {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const out: Intervals = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Parses a MySQL GTID set (`gtid_executed`, Retrieved_Gtid_Set); throws on text that is not one. */
export function parseGtidSet(text: string): GtidSet {
  const set: GtidSet = new Map();
  for (const part of text.split(',')) {
    const item = part.trim();
    if (!item) continue;
    const [uuid, ...rest] = item.split(':');
    if (!uuid || !/^[0-9a-f-]{32,36}$/i.test(uuid) || rest.length === 0) throw new Error(`Not a GTID set: ${item}`);
    let key = uuid.toLowerCase();
    for (const piece of rest) {
      const m = INTERVAL.exec(piece);
      if (!m) {
        if (!/^[a-z_][a-z0-9_]{0,31}$/i.test(piece)) throw new Error(`Not a GTID set: ${item}`);
        key = `${uuid.toLowerCase()}:${piece.toLowerCase()}`;
        continue;
      }
      const s = Number(m[1]);
      const e = m[2] === undefined ? s : Number(m[2]);
      if (e < s) throw new Error(`Not a GTID interval: ${piece}`);
      set.set(key, [...(set.get(key) ?? []), [s, e]]);
    }
  }
  for (const [k, v] of set) set.set(k, normalize(v));
  return set;
}

/** The GTIDs of `a` that are not in `b` (GTID_SUBTRACT). */
export function subtractGtidSets(a: GtidSet, b: GtidSet): GtidSet {
  const out: GtidSet = new Map();
  for (const [key, intervals] of a) {
    const minus = b.get(key) ?? [];
    const left: Intervals = [];
    for (const [s0, e] of intervals) {
      let s = s0;
      for (const [ms, me] of minus) {
        if (me < s || ms > e) continue;
        if (ms > s) left.push([s, ms - 1]);
        s = me + 1;
        if (s > e) break;
      }
      if (s <= e) left.push([s, e]);
    }
    if (left.length) out.set(key, left);
  }
  return out;
}

/** How many transactions a set holds. */
export function countGtids(set: GtidSet): number {
  let n = 0;
  for (const intervals of set.values()) for (const [s, e] of intervals) n += e - s + 1;
  return n;
}

/** Formats a set the way MySQL prints it (sources sorted, intervals joined by ':'). */
export function formatGtidSet(set: GtidSet): string {
  return [...set.keys()]
    .sort()
    .map(
      (k) =>
        `${k}:${set
          .get(k)!
          .map(([s, e]) => (s === e ? String(s) : `${s}-${e}`))
          .join(':')}`,
    )
    .join(',');
}

/** Holes inside an executed set: per source, the missing ranges between its intervals. */
export function gtidGaps(set: GtidSet): Array<{ source: string; from: number; to: number }> {
  const gaps: Array<{ source: string; from: number; to: number }> = [];
  for (const [source, intervals] of set) {
    for (let i = 1; i < intervals.length; i++) gaps.push({ source, from: intervals[i - 1]![1] + 1, to: intervals[i]![0] - 1 });
  }
  return gaps;
}

/** One MariaDB GTID: domain, the server that wrote it, its sequence number in the domain. */
export interface MariadbGtid {
  domain: number;
  server: number;
  seq: number;
}

/** Parses a MariaDB GTID position (`0-1-1201,1-2-7`): the last GTID per domain. */
export function parseMariadbPosition(text: string): Map<number, MariadbGtid> {
  const out = new Map<number, MariadbGtid>();
  for (const part of text.split(',')) {
    const item = part.trim();
    if (!item) continue;
    const m = /^(\d+)-(\d+)-(\d+)$/.exec(item);
    if (!m) throw new Error(`Not a MariaDB GTID position: ${item}`);
    const g = { domain: Number(m[1]), server: Number(m[2]), seq: Number(m[3]) };
    out.set(g.domain, g);
  }
  return out;
}

/** Transactions `ahead` has in its domains beyond `behind` (sequence numbers count every transaction of a domain). */
export function mariadbPositionDistance(ahead: Map<number, MariadbGtid>, behind: Map<number, MariadbGtid>): number {
  let n = 0;
  for (const [domain, g] of ahead) n += Math.max(0, g.seq - (behind.get(domain)?.seq ?? 0));
  return n;
}

/**
 * Transactions in `ahead` that `behind` lacks, for either flavor's notation (a MariaDB position
 * when every item is `d-s-n`, a MySQL set otherwise); null when either is empty or unreadable.
 */
export function gtidDistance(ahead: string | null, behind: string | null, family: Family): number | null {
  if (ahead === null || behind === null) return null;
  try {
    if (family === 'mariadb') return mariadbPositionDistance(parseMariadbPosition(ahead), parseMariadbPosition(behind));
    if (!ahead.trim()) return 0;
    return countGtids(subtractGtidSets(parseGtidSet(ahead), parseGtidSet(behind)));
  } catch {
    return null;
  }
}
