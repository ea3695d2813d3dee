/**
 * The partition designer: is a table worth partitioning, on which column, with which scheme, what
 * key rewrite that needs and what it costs, and how many rows and bytes each partition would hold
 * — from the table's real size and per-month row counts and from the workload's statements (range
 * predicates on a date column prune; purge jobs `DELETE … WHERE d < ?` become DROP PARTITION).
 * Partitioning pays when queries name the partitioning column and old data leaves by date; it
 * costs when queries do not (every partition is read). https://dev.mysql.com/doc/refman/8.4/en/partitioning-pruning.html
 */
import type { SchemaTable } from '../../../shared/contract/advisor';
import { quoteIdent, quoteString } from '../../../shared/sql-quote';
import type { Family } from '../flavor/flavor';
import type { PartitioningFacts } from '../flavor/partitioning';
import { addInterval, isoDate, parseDate, partitionName, startOf, type Interval } from './bounds';
import { partitionTablesFromDdl, preflight } from './preflight';

/** Rows of one month of a date column, from the data. */
export interface MonthCount {
  readonly month: string;
  readonly rows: number;
}

/** A workload statement with its weight (executions). */
export interface DesignStatement {
  readonly name: string;
  readonly sql: string;
  readonly count: number;
}

/** What the designer reads. */
export interface DesignInput {
  readonly table: SchemaTable;
  readonly rows: number;
  readonly dataBytes: number;
  readonly indexBytes: number;
  /** Per-month row counts of each date column. */
  readonly months: ReadonlyMap<string, readonly MonthCount[]>;
  readonly workload: readonly DesignStatement[];
  readonly asOf: string;
  readonly family: Family;
  readonly facts: PartitioningFacts;
  readonly premake: number;
}

/** How one workload statement meets the proposed scheme. */
export interface StatementUse {
  readonly name: string;
  readonly sql: string;
  readonly count: number;
  readonly use: 'prunes' | 'purge' | 'reads-all' | 'function-on-column';
}

/** The designer's answer. */
export interface Design {
  readonly worth: boolean;
  readonly reasons: string[];
  readonly column: string | null;
  readonly interval: Interval | null;
  readonly ddl: string | null;
  /** The key rewrite the scheme needs and what it costs. */
  readonly keyNotes: string[];
  readonly partitions: Array<{ name: string; from: string | null; to: string | null; rows: number; bytes: number }>;
  readonly statements: StatementUse[];
  readonly premake: number;
  readonly retention: string | null;
}

const DATE_TYPES = new Set(['date', 'datetime', 'timestamp']);
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How a statement uses `column` of `table`, or null when it does not touch the table. */
export function statementUse(sql: string, table: string, column: string): StatementUse['use'] | null {
  const t = escapeRe(table);
  if (!new RegExp(`(?:FROM|JOIN|UPDATE|INTO)\\s+\`?${t}\`?\\b`, 'i').test(sql)) return null;
  const c = escapeRe(column);
  const ref = `(?:\\b\\w+\\.)?\`?${c}\`?`;
  const range = new RegExp(`${ref}\\s*(?:>=|<=|>|<|=|\\bBETWEEN\\b)`, 'i').test(sql) || new RegExp(`(?:>=|<=|>|<|=)\\s*${ref}\\b`, 'i').test(sql);
  const wrapped = new RegExp(`\\w+\\s*\\(\\s*${ref}\\s*\\)\\s*(?:>=|<=|>|<|=)`, 'i').test(sql);
  if (/^\s*DELETE\b/i.test(sql) && range) return 'purge';
  if (wrapped && !range) return 'function-on-column';
  return range ? 'prunes' : 'reads-all';
}

/** Designs a partitioning for one table (pure). */
export function designPartitions(input: DesignInput): Design {
  const t = input.table;
  const reasons: string[] = [];
  const dateCols = t.columns.filter((c) => DATE_TYPES.has(c.dataType) && !c.nullable && (input.months.get(c.name)?.length ?? 0) > 0);
  const scored = dateCols
    .map((c) => {
      const uses = input.workload.map((w) => ({ w, use: statementUse(w.sql, t.name, c.name) })).filter((u) => u.use !== null);
      const score = uses.reduce((s, u) => s + (u.use === 'prunes' ? u.w.count : u.use === 'purge' ? u.w.count * 10 + 1 : 0), 0);
      return { c, uses, score };
    })
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  const empty: Design = {
    worth: false,
    reasons,
    column: null,
    interval: null,
    ddl: null,
    keyNotes: [],
    partitions: [],
    statements: [],
    premake: input.premake,
    retention: null,
  };
  if (!best) {
    reasons.push(
      `${t.name} has no NOT NULL date column with data: range partitioning by date does not apply, and no workload statement would prune on another column.`,
    );
    return empty;
  }
  const months = [...(input.months.get(best.c.name) ?? [])].sort((a, b) => a.month.localeCompare(b.month));
  const bytes = input.dataBytes + input.indexBytes;
  const perRow = input.rows > 0 ? bytes / input.rows : 0;
  const purges = best.uses.filter((u) => u.use === 'purge');
  const prunes = best.uses.filter((u) => u.use === 'prunes');
  const readsAll = best.uses.filter((u) => u.use === 'reads-all' || u.use === 'function-on-column');
  const big = bytes >= 1024 ** 3 || input.rows >= 10_000_000;
  const recent = months.slice(-3).reduce((s, m) => s + m.rows, 0) / Math.max(1, Math.min(3, months.length));
  const early = months.slice(0, 3).reduce((s, m) => s + m.rows, 0) / Math.max(1, Math.min(3, months.length));
  reasons.push(
    `${input.rows.toLocaleString('en-US')} rows, ${(bytes / 1024 ** 2).toFixed(1)} MB over ${months.length} month(s) of ${best.c.name} (${months[0]?.month ?? '?'} to ${months[months.length - 1]?.month ?? '?'}).`,
  );
  if (recent > early * 1.2)
    reasons.push(
      `Growing: ~${Math.round(recent).toLocaleString('en-US')} rows a month lately against ~${Math.round(early).toLocaleString('en-US')} at the start.`,
    );
  if (purges.length)
    reasons.push(
      `Purged by date (${purges.map((p) => p.w.name).join(', ')}): DROP PARTITION removes a month at once instead of a long DELETE that bloats undo and replication.`,
    );
  if (prunes.length)
    reasons.push(
      `${prunes.length} statement(s) filter on a range of ${best.c.name} (${prunes.map((p) => p.w.name).join(', ')}): they read only the partitions they name.`,
    );
  if (readsAll.length)
    reasons.push(
      `${readsAll.length} statement(s) on ${t.name} do not filter on ${best.c.name} (${readsAll.map((p) => p.w.name).join(', ')}): they read every partition, one index dive per partition.`,
    );
  const worth = purges.length > 0 || (prunes.length > 0 && (big || recent > early * 1.2));
  if (!worth)
    reasons.push(
      big
        ? 'No purge by date and no range on the date column: partitioning would not help these statements.'
        : `At ${(bytes / 1024 ** 2).toFixed(1)} MB an index on ${best.c.name} serves the ranges as well; partition when it grows or when old rows are purged by date.`,
    );
  // Interval: months, unless a month would hold tens of millions of rows.
  const peak = Math.max(...months.map((m) => m.rows));
  const interval: Interval = peak > 50_000_000 ? 'day' : peak > 10_000_000 ? 'week' : 'month';
  const asOf = parseDate(input.asOf)!;
  const first = parseDate(months[0]!.month)!;
  const horizon = addInterval(startOf(asOf, interval), interval, input.premake + 1);
  const bounds: Date[] = [];
  for (let b = addInterval(startOf(first, interval), interval, 1); b.getTime() <= horizon.getTime(); b = addInterval(b, interval, 1)) bounds.push(b);
  const defs = bounds.map(
    (b) => `  PARTITION ${quoteIdent(partitionName(addInterval(b, interval, -1), interval))} VALUES LESS THAN (${quoteString(isoDate(b))})`,
  );
  const statement = `ALTER TABLE ${quoteIdent(t.name)} PARTITION BY RANGE COLUMNS(${quoteIdent(best.c.name)}) (\n${defs.join(',\n')},\n  PARTITION \`p_future\` VALUES LESS THAN (MAXVALUE)\n)`;
  // The key rewrite comes from preflight's fix of the bare statement, so the designer and preflight agree.
  const tables = partitionTablesFromDdl([t], '');
  const [checked] = preflight({ script: statement, tables, family: input.family, facts: input.facts, asOf: input.asOf });
  const ddl = checked?.fix ?? statement;
  const keyNotes = checked?.fixNotes.filter((n) => /KEY|UNIQUE/.test(n)) ?? [];
  const monthRows = new Map(months.map((m) => [m.month.slice(0, 7), m.rows]));
  const partitions = bounds.map((b) => {
    const from = addInterval(b, interval, -1);
    const rows =
      interval === 'month'
        ? (monthRows.get(isoDate(from).slice(0, 7)) ?? 0)
        : Math.round((monthRows.get(isoDate(from).slice(0, 7)) ?? 0) / (interval === 'week' ? 4.35 : 30.4));
    return { name: partitionName(from, interval), from: isoDate(from), to: isoDate(b), rows, bytes: Math.round(rows * perRow) };
  });
  return {
    worth,
    reasons,
    column: best.c.name,
    interval,
    ddl,
    keyNotes,
    partitions,
    statements: best.uses.map((u) => ({ name: u.w.name, sql: u.w.sql, count: u.w.count, use: u.use! })),
    premake: input.premake,
    // The data's own span; a purge job's literal cutoff is not in the statement text, so say what the data shows.
    retention: `${Math.max(1, months.length)}m`,
  };
}
