/**
 * The read/write split advisor. From statements with their connection (thread) and start time —
 * a slow log written with long_query_time = 0, or performance_schema's statement history — it
 * classes each statement class (pt-query-digest's fingerprint) as a read, a write, a locking read
 * (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE) or a session statement, and measures the share of
 * the load a replica could take. A read that starts within `windowMs` after a write to one of its
 * tables on the same connection is read-your-writes sensitive: on a replica it may not see that
 * write yet. Such classes stay on the primary, or — when most of their runs are not after a write
 * and their SLO leaves room — go to a replica after waiting for the write's GTID
 * (WAIT_FOR_EXECUTED_GTID_SET on MySQL, MASTER_GTID_WAIT on MariaDB). The lag budget of a read
 * class is what its response-time SLO leaves after the query itself: the replica lag it can absorb.
 *
 * Stages (each pure): classify → track read-after-write per connection → aggregate → route.
 */
import type { ReadAfterWritePair, RwClass, RwKind, RwRoute, RwSplitOptions } from '../../../shared/contract/replication';
import { checksum, fingerprint, queryId } from '../slowlog/fingerprint';
import { extractTables } from '../slowlog/tables';
import type { Family } from '../flavor/flavor';

/** One executed statement. */
export interface RwEvent {
  /** Connection (thread) id. */
  thread: string;
  /** Start time, epoch ms. */
  startMs: number;
  durationMs: number;
  sql: string;
  db?: string;
}

/** A GTID wait shorter than this is what a healthy replica needs for a just-committed write. */
export const GTID_WAIT_TYPICAL_MS = 100;
/** A class more than this share of whose runs read a fresh write goes to the primary: waiting on most runs gains nothing. */
export const AFTER_WRITE_PRIMARY_SHARE = 0.5;

const LOCKING = /\bFOR\s+(?:UPDATE|SHARE)\b|\bLOCK\s+IN\s+SHARE\s+MODE\b/i;
const SESSION_STATE =
  /\b(?:LAST_INSERT_ID|FOUND_ROWS|ROW_COUNT|GET_LOCK|RELEASE_LOCK|IS_USED_LOCK|IS_FREE_LOCK|CONNECTION_ID)\s*\(|@@(?:session\.)?(?:identity|last_insert_id|tx_|transaction_)|\bNEXTVAL\s*\(|\bNEXT\s+VALUE\s+FOR\b/i;
const WRITE =
  /^(?:INSERT|UPDATE|DELETE|REPLACE|LOAD|CREATE|ALTER|DROP|TRUNCATE|RENAME|GRANT|REVOKE|CALL|DO|HANDLER|OPTIMIZE|ANALYZE|REPAIR|LOCK|UNLOCK|XA|MERGE|INSTALL|UNINSTALL|IMPORT)\b/i;

/** Removes leading comments and parentheses so the first keyword decides. */
function head(sql: string): string {
  let s = sql.trimStart();
  for (;;) {
    if (s.startsWith('/*') && !s.startsWith('/*!') && !s.startsWith('/*M!')) {
      const end = s.indexOf('*/');
      if (end < 0) return '';
      s = s.slice(end + 2).trimStart();
    } else if (s.startsWith('--') || s.startsWith('#')) {
      const nl = s.indexOf('\n');
      if (nl < 0) return '';
      s = s.slice(nl + 1).trimStart();
    } else if (s.startsWith('(')) {
      s = s.slice(1).trimStart();
    } else return s;
  }
}

/** The kind of one statement, and whether it reads session state that only its own connection's server has. */
export function classifyStatement(sql: string): { kind: RwKind; sessionState: boolean } {
  const h = head(sql);
  const sessionState = SESSION_STATE.test(h);
  if (/^(?:SELECT|WITH|TABLE|VALUES)\b/i.test(h)) {
    // WITH … UPDATE/DELETE and SELECT … INTO OUTFILE write; a SELECT … INTO @var is still a read.
    if (/^WITH\b/i.test(h) && /\)\s*(?:UPDATE|DELETE|INSERT|REPLACE)\b/i.test(h)) return { kind: 'write', sessionState };
    if (/\bINTO\s+(?:OUTFILE|DUMPFILE)\b/i.test(h)) return { kind: 'write', sessionState };
    return { kind: LOCKING.test(h) ? 'locking-read' : 'read', sessionState };
  }
  if (WRITE.test(h)) return { kind: 'write', sessionState };
  return { kind: 'other', sessionState };
}

interface ClassAcc {
  id: string;
  fingerprint: string;
  sample: string;
  kind: RwKind;
  sessionState: boolean;
  count: number;
  totalMs: number;
  durations: number[];
  tables: Set<string>;
  afterWrite: number;
}

interface PairAcc {
  write: ClassAcc;
  read: ClassAcc;
  tables: Set<string>;
  occurrences: number;
  threads: Set<string>;
  minGapMs: number;
  example: { thread: string; writeAt: number; readAt: number };
}

/** Names without backquotes or database, lower-case, for matching a read's tables to a write's. */
function tableKey(t: string): string {
  const parts = t.replace(/`/g, '').split('.');
  return parts[parts.length - 1]!.toLowerCase();
}

function p95(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

/** Where a class goes, its lag budget, and why. */
function route(c: ClassAcc, opts: RwSplitOptions, waitName: string): { route: RwRoute; lagBudgetMs: number | null; reason: string } {
  if (c.kind === 'write') return { route: 'primary', lagBudgetMs: null, reason: 'Writes go to the primary.' };
  if (c.kind === 'locking-read')
    return { route: 'primary', lagBudgetMs: null, reason: 'A locking read takes row locks for a write that follows: only the primary can give them.' };
  if (c.kind === 'other')
    return { route: 'primary', lagBudgetMs: null, reason: 'A session or transaction statement: it stays with the connection on the primary.' };
  if (c.sessionState) {
    return {
      route: 'primary',
      lagBudgetMs: null,
      reason: 'Reads state of its own connection (LAST_INSERT_ID(), FOUND_ROWS(), locks): a replica connection does not have it.',
    };
  }
  const q = p95(c.durations) ?? 0;
  const budget = Math.max(0, Math.round(opts.readSloMs - q));
  if (c.afterWrite === 0) {
    return {
      route: 'replica',
      lagBudgetMs: budget,
      reason: `No run read a fresh write on its connection; a replica within ${budget} ms of the primary meets the ${opts.readSloMs} ms SLO.`,
    };
  }
  const share = c.afterWrite / c.count;
  const pct = `${Math.round(share * 100)} %`;
  if (share > AFTER_WRITE_PRIMARY_SHARE) {
    return {
      route: 'primary',
      lagBudgetMs: budget,
      reason: `${pct} of its runs read a write made on the same connection within ${opts.windowMs} ms: on a replica they may miss it.`,
    };
  }
  if (budget < GTID_WAIT_TYPICAL_MS) {
    return {
      route: 'primary',
      lagBudgetMs: budget,
      reason: `${pct} of its runs follow a write, and its SLO leaves ${budget} ms: too little to wait for the write to reach a replica.`,
    };
  }
  return {
    route: 'replica-after-gtid-wait',
    lagBudgetMs: budget,
    reason: `${pct} of its runs follow a write on the same connection: after a write, wait for its GTID on the replica (${waitName}, timeout ${budget} ms) or read from the primary.`,
  };
}

/** What the advisor found, before exports. */
export interface RwAnalysis {
  events: number;
  readShareByTime: number;
  readShareByCount: number;
  classes: RwClass[];
  pairs: ReadAfterWritePair[];
}

/** Runs the stages over events (any order: they are sorted by start time). */
export function analyzeRwSplit(events: readonly RwEvent[], opts: RwSplitOptions, family: Family): RwAnalysis {
  const waitName = family === 'mariadb' ? 'MASTER_GTID_WAIT' : 'WAIT_FOR_EXECUTED_GTID_SET';
  const sorted = [...events].sort((a, b) => a.startMs - b.startMs);
  const classes = new Map<string, ClassAcc>();
  const pairs = new Map<string, PairAcc>();
  /** Per connection, per table: the last write (its class and end time). */
  const lastWrite = new Map<string, Map<string, { cls: ClassAcc; endMs: number; startMs: number }>>();
  for (const ev of sorted) {
    const fp = fingerprint(ev.sql);
    let c = classes.get(fp);
    if (!c) {
      const { kind, sessionState } = classifyStatement(ev.sql);
      c = {
        id: queryId(checksum(fp)),
        fingerprint: fp,
        sample: ev.sql,
        kind,
        sessionState,
        count: 0,
        totalMs: 0,
        durations: [],
        tables: new Set(),
        afterWrite: 0,
      };
      for (const t of extractTables(ev.sql, ev.db)) c.tables.add(t);
      classes.set(fp, c);
    }
    c.count++;
    c.totalMs += ev.durationMs;
    c.durations.push(ev.durationMs);
    const keys = [...c.tables].map(tableKey);
    let writes = lastWrite.get(ev.thread);
    if (c.kind === 'write') {
      if (!writes) lastWrite.set(ev.thread, (writes = new Map()));
      for (const k of keys) writes.set(k, { cls: c, endMs: ev.startMs + ev.durationMs, startMs: ev.startMs });
      continue;
    }
    if (c.kind !== 'read' || !writes) continue;
    // The most recent write on this connection to a table this read reads.
    let best: { cls: ClassAcc; endMs: number; startMs: number } | undefined;
    const shared = new Set<string>();
    for (const k of keys) {
      const w = writes.get(k);
      if (!w) continue;
      // One connection runs its statements one after another: a read later in the order started after the write ended
      // (a log's whole-second times can make it look earlier).
      if (ev.startMs - w.endMs > opts.windowMs) continue;
      shared.add(k);
      if (!best || w.endMs > best.endMs) best = w;
    }
    if (!best) continue;
    c.afterWrite++;
    const gap = Math.max(0, ev.startMs - best.endMs);
    const key = `${best.cls.fingerprint}\n${c.fingerprint}`;
    let p = pairs.get(key);
    if (!p) {
      p = {
        write: best.cls,
        read: c,
        tables: new Set(),
        occurrences: 0,
        threads: new Set(),
        minGapMs: gap,
        example: { thread: ev.thread, writeAt: best.startMs, readAt: ev.startMs },
      };
      pairs.set(key, p);
    }
    for (const t of shared) p.tables.add(t);
    p.occurrences++;
    p.threads.add(ev.thread);
    if (gap < p.minGapMs) {
      p.minGapMs = gap;
      p.example = { thread: ev.thread, writeAt: best.startMs, readAt: ev.startMs };
    }
  }
  const all = [...classes.values()];
  const totalMs = all.reduce((s, c) => s + c.totalMs, 0);
  const total = all.reduce((s, c) => s + c.count, 0);
  const reads = all.filter((c) => c.kind === 'read');
  const out: RwClass[] = all
    .map((c) => {
      const r = route(c, opts, waitName);
      return {
        id: c.id,
        fingerprint: c.fingerprint,
        sample: c.sample,
        kind: c.kind,
        count: c.count,
        totalTimeSec: c.totalMs / 1000,
        p95TimeMs: p95(c.durations),
        tables: [...c.tables],
        route: r.route,
        lagBudgetMs: r.lagBudgetMs,
        afterWriteCount: c.afterWrite,
        reason: r.reason,
      };
    })
    .sort((a, b) => b.totalTimeSec - a.totalTimeSec || b.count - a.count);
  return {
    events: sorted.length,
    readShareByTime: totalMs > 0 ? reads.reduce((s, c) => s + c.totalMs, 0) / totalMs : 0,
    readShareByCount: total > 0 ? reads.reduce((s, c) => s + c.count, 0) / total : 0,
    classes: out,
    pairs: [...pairs.values()]
      .map((p) => ({
        writeClassId: p.write.id,
        readClassId: p.read.id,
        writeFingerprint: p.write.fingerprint,
        readFingerprint: p.read.fingerprint,
        tables: [...p.tables].sort(),
        occurrences: p.occurrences,
        threads: p.threads.size,
        minGapMs: p.minGapMs,
        example: { thread: p.example.thread, writeAt: new Date(p.example.writeAt).toISOString(), readAt: new Date(p.example.readAt).toISOString() },
      }))
      .sort((a, b) => b.occurrences - a.occurrences),
  };
}

/** The read-your-writes policy in words, for the exports and the panel. */
export function rwPolicy(analysis: RwAnalysis, opts: RwSplitOptions, family: Family): { policy: string; gtidWait: string } {
  const gtidWait =
    family === 'mariadb'
      ? "After a write, the application reads @@last_gtid on its primary connection; before the read, on the replica: SELECT MASTER_GTID_WAIT('<gtid>', <timeout s>) (0 = applied, -1 = timed out: read from the primary)."
      : "After a write, the application reads @@session.gtid_executed (session_track_gtids=OWN_GTID) on its primary connection; before the read, on the replica: SELECT WAIT_FOR_EXECUTED_GTID_SET('<gtid set>', <timeout s>) (0 = applied, 1 = timed out: read from the primary).";
  const waits = analysis.classes.filter((c) => c.route === 'replica-after-gtid-wait').length;
  const pinned = analysis.classes.filter((c) => c.kind === 'read' && c.route === 'primary').length;
  const policy =
    `Writes, locking reads and reads of session state go to the primary. Reads go to replicas whose lag is under ${opts.maxReplicationLagSec} s. ` +
    `${analysis.pairs.length} write→read pair(s) were seen within ${opts.windowMs} ms on one connection: ` +
    `${pinned} read class(es) stay on the primary, ${waits} may read a replica only after waiting for the write's GTID. ` +
    `Reads inside a transaction stay on the primary with it.`;
  return { policy, gtidWait };
}
