/**
 * Table health: free space inside each table (fragmentation after deletes), how old its optimizer
 * statistics are, and how far the server's row estimate is from the counted rows — each with the
 * plan that fixes it (ANALYZE TABLE, OPTIMIZE TABLE) through the executor.
 */
import { z } from 'zod';
import { call } from './core';

/** One table's health. */
export const tableHealth = z.object({
  schema: z.string(),
  table: z.string(),
  engine: z.string().nullable(),
  estimatedRows: z.number().nullable(),
  /** Exact COUNT(*), for tables whose estimate is under the counting limit; else null. */
  countedRows: z.number().nullable(),
  dataBytes: z.number().nullable(),
  indexBytes: z.number().nullable(),
  freeBytes: z.number().nullable(),
  /** Free space as a share of the table's space (data + indexes + free), in percent. */
  fragmentationPct: z.number().nullable(),
  statsUpdatedAt: z.string().nullable(),
  statsAgeDays: z.number().nullable(),
  /** |estimate − count| / count, in percent. */
  estimateErrorPct: z.number().nullable(),
  advice: z.array(z.enum(['analyze', 'optimize'])),
  reasons: z.array(z.string()),
});
/** A table's health. */
export type TableHealth = z.infer<typeof tableHealth>;

/**
 * Where an index stands on the way out: `kept` (PRIMARY, a UNIQUE constraint or needed by a
 * FOREIGN KEY: never proposed), `used` (read in the evidence window), `candidate` (unread: may be
 * hidden), `waiting` (hidden by the app, the waiting period runs), `drop-allowed` (hidden long
 * enough), `hidden-unrecorded` (hidden, but not through the app: no record of when), `unknown`
 * (no usage counters on this server).
 */
export const indexStage = z.enum(['kept', 'used', 'unknown', 'candidate', 'waiting', 'drop-allowed', 'hidden-unrecorded']);
/** An index's stage. */
export type IndexStage = z.infer<typeof indexStage>;

/** One secondary index with its usage evidence and where it stands. */
export const unusedIndex = z.object({
  schema: z.string(),
  table: z.string(),
  index: z.string(),
  columns: z.array(z.string()),
  sizeBytes: z.number().nullable(),
  /** Rows read through the index while the counters ran (0 when the counters never saw it). */
  reads: z.number(),
  tableReads: z.number(),
  tableWrites: z.number(),
  /** False when INVISIBLE (MySQL) or IGNORED (MariaDB). */
  visible: z.boolean(),
  stage: indexStage,
  /** Why the index stays (kept) or what the stage means, in a sentence. */
  reason: z.string(),
  /** When the app hid it (the audit's record), else null. */
  hiddenAt: z.string().nullable(),
  /** When its drop plan becomes allowed (hiddenAt + the waiting period), else null. */
  dropAllowedAt: z.string().nullable(),
});
/** An index on the way out. */
export type UnusedIndex = z.infer<typeof unusedIndex>;

/** The unused-index review of one database: its evidence and every secondary index. */
export const unusedIndexReport = z.object({
  schema: z.string(),
  /** Where the read counters come from, or `unavailable` (then `note` says why and how to enable them). */
  source: z.enum(['performance_schema', 'user_statistics', 'unavailable']),
  note: z.string().nullable(),
  /** Seconds the counters cover (server uptime: they restart with the server). */
  countersAgeSec: z.number().nullable(),
  /** Start of the evidence window (now − counters age). */
  evidenceSince: z.string().nullable(),
  /** How this server hides an index: INVISIBLE (MySQL 8+), IGNORED (MariaDB 10.6+), or not at all. */
  hide: z.enum(['invisible', 'ignored', 'none']),
  waitDays: z.number(),
  indexes: z.array(unusedIndex),
});
/** An unused-index review. */
export type UnusedIndexReport = z.infer<typeof unusedIndexReport>;

/** How long usage counters ran, in words (hours under two days). */
export function windowText(sec: number | null): string {
  if (sec === null) return 'an unknown time';
  return sec >= 2 * 86_400 ? `${(sec / 86_400).toFixed(1)} days` : `${(sec / 3600).toFixed(1)} hours`;
}

/** An ISO time as a DBA reads it: `2026-12-14 00:12 UTC`. */
export function utcText(iso: string | null): string {
  return iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : '—';
}

/** Days an index stays hidden before its drop plan is allowed, unless the request says otherwise. */
export const DEFAULT_HIDE_WAIT_DAYS = 7;

/**
 * The unused-index plans: `hide` makes the index INVISIBLE / IGNORED (rollback: visible again);
 * `drop` drops a hidden one once it has stayed hidden `waitDays` (rollback: recreate it).
 */
export const unusedIndexPlanRequest = z.object({
  planner: z.literal('unused-index'),
  params: z.object({
    schema: z.string().min(1).max(64),
    table: z.string().min(1).max(64),
    index: z.string().min(1).max(64),
    op: z.enum(['hide', 'drop']),
    waitDays: z.number().int().min(1).max(365).default(DEFAULT_HIDE_WAIT_DAYS),
  }),
});

/**
 * CHECK TABLE over some tables of a database (all when `tables` is empty), one step per table so
 * a run shows progress and can be cancelled between tables. It runs through the executor: on
 * MyISAM/Aria it writes the table's check time into its header (measured on MariaDB 10.11).
 */
export const checkTablePlanRequest = z.object({
  planner: z.literal('check-table'),
  params: z.object({
    schema: z.string().min(1).max(64),
    tables: z.array(z.string().min(1).max(64)).max(1000).default([]),
    mode: z.enum(['quick', 'medium', 'extended']).default('medium'),
  }),
});

/** Health calls. */
export const healthContract = {
  'health.tables': call({
    kind: 'query',
    summary: "A database's tables: fragmentation, statistics age, estimated against counted rows, and what to run",
    input: z.object({
      connectionId: z.string(),
      schema: z.string().min(1).max(64),
      /** Tables estimated above this many rows are not counted (COUNT(*) reads the whole table). */
      countUpTo: z.number().int().min(0).max(100_000_000).default(1_000_000),
    }),
    output: z.array(tableHealth),
  }),
  'health.unusedIndexes': call({
    kind: 'query',
    summary: "Secondary indexes unread over the counters window, with the evidence and each one's hide / drop stage",
    input: z.object({
      connectionId: z.string(),
      schema: z.string().min(1).max(64),
      waitDays: z.number().int().min(1).max(365).default(DEFAULT_HIDE_WAIT_DAYS),
    }),
    output: unusedIndexReport,
  }),
} as const;

/** One table's CHECK TABLE result: its status and every message the server gave. */
export interface CheckTableResult {
  table: string;
  /** ok, a warning (the table works), corrupt (an error or a status other than OK), or not run (cancelled, or the step failed). */
  verdict: 'ok' | 'warning' | 'corrupt' | 'not-run';
  status: string;
  messages: Array<{ type: string; text: string }>;
}

/**
 * Per-table results of a check-table run from the executor's step outcomes: each step's message
 * is the server's rows as `table: Msg_type Msg_text`, joined with `; ` (mysql-writer's summary).
 */
export function checkTableResults(outcomes: ReadonlyArray<{ stepId: string; status: string; message: string }>): CheckTableResult[] {
  return outcomes
    .filter((o) => o.stepId.startsWith('check:'))
    .map((o) => {
      const table = o.stepId.slice('check:'.length);
      if (o.status !== 'ok') return { table, verdict: 'not-run' as const, status: o.status, messages: [{ type: o.status, text: o.message }] };
      const messages = o.message
        .split(/; (?=[^\s;:]+\.[^\s;:]+: )/)
        .map((part) => /^[^\s]+: (\S+) ([\s\S]*)$/.exec(part))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ type: m[1]!.toLowerCase(), text: m[2]! }));
      const last = [...messages].reverse().find((m) => m.type === 'status');
      const status = last?.text ?? 'unknown';
      const corrupt = messages.some((m) => m.type === 'error') || !/^(OK|Table is already up to date)$/i.test(status);
      const verdict = corrupt ? 'corrupt' : messages.some((m) => m.type === 'warning') ? 'warning' : 'ok';
      return { table, verdict, status, messages };
    });
}
