/**
 * Unused indexes the way a careful DBA retires them: an index unread over the counters' window is
 * a candidate; it is first hidden (MySQL 8+ INVISIBLE, MariaDB 10.6+ IGNORED: maintained, but the
 * optimizer no longer sees it — undone instantly), and only dropped after it stayed hidden for a
 * waiting period with nothing needing it. The PRIMARY key, UNIQUE constraints and indexes a
 * FOREIGN KEY needs are never proposed (advisor/unused.ts `indexConstraint`, one rule for both).
 * https://dev.mysql.com/doc/refman/8.4/en/invisible-indexes.html
 * https://mariadb.com/kb/en/ignored-indexes/
 */
import type { AuditEntry } from '../../../shared/contract/actions';
import type { SchemaSnapshot } from '../../../shared/contract/advisor';
import { utcText, windowText, type UnusedIndex, type UnusedIndexReport } from '../../../shared/contract/health';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import type { IndexUsageSnapshot } from '../advisor/unused';
import { indexConstraint } from '../advisor/unused';

const DAY_MS = 86_400_000;

/** When the app hid each index, from the audit: key `table.index` (lower case) → ISO time. */
export type HiddenSince = ReadonlyMap<string, string>;

/** The key `HiddenSince` uses. */
export const hiddenKey = (table: string, index: string): string => `${table.toLowerCase()}.${index.toLowerCase()}`;

/** An index-usage snapshot the scheduler recorded: when its run ended and the counters it read. */
export interface UsageSnapshotRun {
  at: string;
  usage: IndexUsageSnapshot;
}

/** Days of scheduler snapshots the review reads. */
export const HISTORY_DAYS = 31;

/** What the review needs besides the schema and the counters. */
export interface UnusedIndexInput {
  schema: SchemaSnapshot;
  usage: IndexUsageSnapshot;
  hide: UnusedIndexReport['hide'];
  hiddenSince: HiddenSince;
  waitDays: number;
  now: Date;
  /**
   * The database's index-usage snapshots (scheduler job `index-usage`), any order. The counters
   * restart with the server; a snapshot taken before the current counters started is evidence
   * about a window they no longer cover.
   */
  history?: readonly UsageSnapshotRun[];
}

/** The snapshots of `history` that saw a window the current counters no longer cover, newest first. */
function earlierWindows(input: UnusedIndexInput, since: string | null): UsageSnapshotRun[] {
  if (!since || !input.history?.length) return [];
  const oldest = input.now.getTime() - HISTORY_DAYS * DAY_MS;
  return input.history
    .filter((h) => h.usage.source !== 'unavailable' && Date.parse(h.at) < Date.parse(since) && Date.parse(h.at) >= oldest)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** Every secondary index of the snapshot with its evidence and stage (pure). */
export function reviewUnusedIndexes(input: UnusedIndexInput): UnusedIndexReport {
  const { schema, usage, now, waitDays } = input;
  const reads = new Map(usage.indexReads.map((r) => [hiddenKey(r.table, r.index), r.reads]));
  const activity = new Map(usage.tableActivity.map((a) => [a.table.toLowerCase(), a]));
  const age = usage.countersAgeSec;
  const since = usage.source !== 'unavailable' && age !== null ? new Date(now.getTime() - age * 1000).toISOString() : null;
  const indexes: UnusedIndex[] = [];
  const schemaName = schema.tables[0]?.schema ?? '';
  const earlier = earlierWindows(input, since);
  const earlierReads = earlier.map((h) => ({ at: h.at, reads: new Map(h.usage.indexReads.map((r) => [hiddenKey(r.table, r.index), r.reads])) }));
  for (const t of schema.tables) {
    const act = activity.get(t.name.toLowerCase());
    for (const i of t.indexes) {
      if (i.primary) continue;
      const key = hiddenKey(t.name, i.name);
      const n = reads.get(key) ?? 0;
      const hiddenAt = i.visible ? null : (input.hiddenSince.get(key) ?? null);
      const dropAllowedAt = hiddenAt ? new Date(Date.parse(hiddenAt) + waitDays * DAY_MS).toISOString() : null;
      const base = {
        schema: t.schema ?? schemaName,
        table: t.name,
        index: i.name,
        columns: i.columns.map((c) => c.name),
        sizeBytes: i.sizeBytes,
        reads: n,
        tableReads: act?.reads ?? 0,
        tableWrites: act?.writes ?? 0,
        visible: i.visible,
        hiddenAt,
        dropAllowedAt,
      };
      const kept = indexConstraint(t, i, schema.tables);
      const readBefore = earlierReads.find((h) => (h.reads.get(key) ?? 0) > 0);
      let stage: UnusedIndex['stage'];
      let reason: string;
      if (kept) {
        stage = 'kept';
        reason = `Stays: it ${kept}.`;
      } else if (!i.visible) {
        if (!hiddenAt) {
          stage = 'hidden-unrecorded';
          reason =
            'Hidden, but not through this app: there is no record of when, so no waiting period has started. Make it visible and hide it here to start one.';
        } else if (now.getTime() >= Date.parse(dropAllowedAt!)) {
          stage = 'drop-allowed';
          reason = `Hidden since ${utcText(hiddenAt)}, past the ${waitDays}-day waiting period: the drop plan checks that nothing needed it meanwhile.`;
        } else {
          stage = 'waiting';
          reason = `Hidden since ${utcText(hiddenAt)}; the drop is allowed after ${utcText(dropAllowedAt)}.`;
        }
      } else if (usage.source === 'unavailable') {
        stage = 'unknown';
        reason = usage.note ?? 'Index usage cannot be read on this server.';
      } else if (n > 0) {
        stage = 'used';
        reason = `Read ${n.toLocaleString('en-US')} rows in ${windowText(age)}.`;
      } else if (readBefore) {
        stage = 'used';
        reason = `Not read in ${windowText(age)} since the counters restarted, but read ${readBefore.reads.get(key)!.toLocaleString('en-US')} rows before that (index-usage snapshot of ${utcText(readBefore.at)}).`;
      } else {
        stage = 'candidate';
        const busy = (act?.reads ?? 0) + (act?.writes ?? 0) > 0;
        reason = busy
          ? `Not read in ${windowText(age)} while the table saw ${act?.reads ?? 0} row reads and ${act?.writes ?? 0} writes: maintained, never used.`
          : `Not read in ${windowText(age)}, but the table itself was idle: weak evidence.`;
        if (earlier.length)
          reason += ` Nor in ${earlier.length === 1 ? 'the index-usage snapshot' : `${earlier.length} index-usage snapshots`} taken before the counters restarted, since ${utcText(earlier[earlier.length - 1]!.at)}.`;
        else if (age !== null && age < waitDays * 86_400)
          reason += ` The counters cover less than ${waitDays} days (server restart): a monthly job may not have run yet.`;
      }
      indexes.push({ ...base, stage, reason });
    }
  }
  return { schema: schemaName, source: usage.source, note: usage.note, countersAgeSec: age, evidenceSince: since, hide: input.hide, waitDays, indexes };
}

/**
 * Why the drop of a hidden index is refused now, or null when it is allowed: the waiting period
 * must have run out since the app hid it, and the index must be hidden still and unread while
 * hidden (counters that started after it was hidden must show no reads). `errors` are statements
 * seen since it was hidden that failed naming it (a FORCE INDEX that now errors).
 */
export function dropRefusal(ix: UnusedIndex, usage: Pick<IndexUsageSnapshot, 'countersAgeSec'>, errors: readonly string[], now: Date): string | null {
  const name = `${ix.table}.${ix.index}`;
  if (ix.stage === 'kept') return `${name} ${ix.reason.replace(/^Stays: it /, '').replace(/\.$/, '')}: it is never dropped here.`;
  if (ix.visible) return `${name} is visible: hide it first and wait before dropping it.`;
  if (!ix.hiddenAt || !ix.dropAllowedAt)
    return `${name} was hidden outside this app: there is no record of when. Make it visible and hide it here to start the waiting period.`;
  if (now.getTime() < Date.parse(ix.dropAllowedAt))
    return `${name} has been hidden since ${utcText(ix.hiddenAt)}: its drop is allowed after ${utcText(ix.dropAllowedAt)}.`;
  const hiddenForSec = (now.getTime() - Date.parse(ix.hiddenAt)) / 1000;
  if (ix.reads > 0 && usage.countersAgeSec !== null && usage.countersAgeSec <= hiddenForSec)
    return `${name} was read (${ix.reads} rows) since the counters restarted, after it was hidden: something made it visible or uses it. Look before dropping.`;
  if (errors.length > 0)
    return `Statements naming ${name} failed since it was hidden (${errors.length}): ${errors.slice(0, 3).join(' | ')}. Fix them before dropping.`;
  return null;
}

/** The statement that hides an index, and the one that shows it again, on this server's flavor. */
export function visibilitySql(hide: 'invisible' | 'ignored', schema: string, table: string, index: string): { hide: string; show: string } {
  const head = `ALTER TABLE ${quoteQualified(schema, table)} ALTER INDEX ${quoteIdent(index)}`;
  return hide === 'invisible' ? { hide: `${head} INVISIBLE`, show: `${head} VISIBLE` } : { hide: `${head} IGNORED`, show: `${head} NOT IGNORED` };
}

/**
 * When the app hid each index, read from the audit log (newest first): an index's latest
 * successful hide, unless a later statement made it visible again (a rollback, or a plan).
 */
export function hiddenSinceFromAudit(
  entries: ReadonlyArray<Pick<AuditEntry, 'at' | 'sql' | 'status'>>,
  hide: UnusedIndexReport['hide'],
  schema: string,
  indexes: ReadonlyArray<{ table: string; index: string }>,
): Map<string, string> {
  const out = new Map<string, string>();
  if (hide === 'none') return out;
  const bySql = new Map<string, { key: string; hides: boolean }>();
  for (const i of indexes) {
    const key = hiddenKey(i.table, i.index);
    const sql = visibilitySql(hide, schema, i.table, i.index);
    bySql.set(sql.hide, { key, hides: true });
    bySql.set(sql.show, { key, hides: false });
  }
  const decided = new Set<string>();
  for (const e of entries) {
    if (e.status !== 'ok') continue;
    const hit = bySql.get(e.sql.trim());
    if (!hit || decided.has(hit.key)) continue;
    decided.add(hit.key);
    if (hit.hides) out.set(hit.key, e.at);
  }
  return out;
}
