/**
 * Partition rotation with partman's discipline, for tables ranged by date (`RANGE COLUMNS(d)`,
 * `RANGE (TO_DAYS(d))`, `TO_SECONDS`, `UNIX_TIMESTAMP`): keep N empty future partitions by
 * splitting the catch-all (REORGANIZE; it copies rows when the catch-all is not empty, so that is
 * said), catch up after missed runs without creating partitions already past retention, split
 * partitions that hold more than one interval (holes left by a missed run), and drop — or first
 * exchange into an archive table — partitions past retention. Bounds are dates written as the
 * server's own function of a literal (`TO_DAYS('2025-02-01')`), never YYYYMM arithmetic.
 * https://dev.mysql.com/doc/refman/8.4/en/partitioning-management-range-list.html
 */
import type { PartitionInfo } from '../../../shared/contract/partitions';
import type { PlanStep } from '../../../shared/contract/plan';
import { quoteIdent, quoteQualified, quoteString } from '../../../shared/sql-quote';
import type { StepTouch } from '../maintenance/analyze-table.plan';
import { addInterval, fromDays, isoDate, parseDate, partitionName, startOf, EPOCH_TO_DAYS, type Interval } from './bounds';

/** A partition as information_schema.PARTITIONS shows it, with rows counted. */
export interface LivePartition {
  readonly name: string;
  readonly ordinal: number;
  readonly description: string | null;
  readonly rows: number;
  readonly dataBytes: number;
}

/** How bounds encode dates. */
export interface DateScheme {
  readonly kind: 'columns' | 'to_days' | 'to_seconds' | 'unix_timestamp';
  readonly column: string;
}

/** Retention as a count of days, weeks or months. */
export interface Retention {
  readonly count: number;
  readonly unit: Interval;
}

/** Parses `12m`, `8w`, `90d`. */
export function parseRetention(text: string): Retention {
  const m = /^(\d{1,4})([dwm])$/.exec(text.trim());
  if (!m) throw new Error(`Retention ${text} is not a number followed by d, w or m (12m, 8w, 90d)`);
  return { count: Number(m[1]), unit: m[2] === 'd' ? 'day' : m[2] === 'w' ? 'week' : 'month' };
}

/** The date scheme of a partitioning (method and expression as information_schema shows them), or null. */
export function dateScheme(method: string | null, expression: string | null): DateScheme | null {
  if (!method || !expression) return null;
  const bare = expression.replace(/`/g, '').trim();
  if (method === 'RANGE COLUMNS' && /^[\w$]+$/.test(bare)) return { kind: 'columns', column: bare };
  const m = /^(to_days|to_seconds|unix_timestamp)\s*\(\s*([\w$]+)\s*\)$/i.exec(bare);
  if (method === 'RANGE' && m) return { kind: m[1]!.toLowerCase() as DateScheme['kind'], column: m[2]! };
  return null;
}

/** A bound's date, 'MAXVALUE', or null when it is not a date this scheme writes. */
export function decodeBound(description: string | null, scheme: DateScheme): Date | 'MAXVALUE' | null {
  if (description === null) return null;
  const d = description.trim();
  if (/^MAXVALUE$/i.test(d)) return 'MAXVALUE';
  if (scheme.kind === 'columns') return parseDate(d.replace(/^'|'$/g, ''));
  const n = Number(d);
  if (!Number.isFinite(n)) return null;
  if (scheme.kind === 'to_days') return fromDays(n);
  if (scheme.kind === 'to_seconds') return new Date((n - EPOCH_TO_DAYS * 86_400) * 1000);
  return new Date(n * 1000);
}

/** The SQL of a bound at `d` in this scheme (the server computes the number from the literal). */
export function encodeBound(d: Date, scheme: DateScheme): string {
  const day = isoDate(d);
  if (scheme.kind === 'columns') return quoteString(day);
  if (scheme.kind === 'unix_timestamp') return `UNIX_TIMESTAMP(${quoteString(`${day} 00:00:00`)})`;
  return `${scheme.kind.toUpperCase()}(${quoteString(day)})`;
}

/** The step between bounds: a month when they are about a month apart, else a week or a day. */
export function detectInterval(bounds: readonly Date[]): Interval {
  const gaps = bounds
    .slice(1)
    .map((b, i) => (b.getTime() - bounds[i]!.getTime()) / 86_400_000)
    .sort((a, b) => a - b);
  const median = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 31;
  return median >= 27 ? 'month' : median >= 6 ? 'week' : 'day';
}

/** What the rotation planner works from. */
export interface RotationInput {
  readonly schema: string;
  readonly table: string;
  readonly scheme: DateScheme;
  readonly partitions: readonly LivePartition[];
  readonly asOf: string;
  readonly retention: Retention;
  readonly premake: number;
  readonly archive: 'drop' | 'exchange';
}

/** A derived rotation: steps in order, what each touches, and what a DBA should know. */
export interface RotationPlan {
  readonly steps: PlanStep[];
  readonly touches: StepTouch[];
  readonly notes: string[];
  readonly alerts: string[];
  readonly timeline: PartitionInfo[];
  readonly interval: Interval;
}

interface Ranged {
  readonly p: LivePartition;
  readonly from: Date | null;
  readonly to: Date | 'MAXVALUE';
}

function ranged(input: Pick<RotationInput, 'partitions' | 'scheme'>): Ranged[] {
  const out: Ranged[] = [];
  let prev: Date | null = null;
  for (const p of input.partitions) {
    const to = decodeBound(p.description, input.scheme);
    if (to === null) throw new Error(`Partition ${p.name}'s bound ${p.description ?? 'NULL'} is not a date this scheme writes`);
    out.push({ p, from: prev, to });
    if (to !== 'MAXVALUE') prev = to;
  }
  return out;
}

function retentionCutoff(asOf: Date, interval: Interval, retention: Retention): Date {
  return addInterval(startOf(asOf, interval), retention.unit, -retention.count);
}

/** Each partition's dates and where it sits: expired (past retention), past, current, future, catch-all (pure). */
export function rotationTimeline(input: Pick<RotationInput, 'partitions' | 'scheme' | 'asOf' | 'retention'>): {
  timeline: PartitionInfo[];
  interval: Interval;
} {
  const asOf = parseDate(input.asOf);
  if (!asOf) throw new Error(`asOf ${input.asOf} is not a date`);
  const rs = ranged(input);
  const interval = detectInterval(rs.map((r) => r.to).filter((t): t is Date => t !== 'MAXVALUE'));
  const cutoff = retentionCutoff(asOf, interval, input.retention);
  const timeline = rs.map((r): PartitionInfo => {
    const base = {
      name: r.p.name,
      ordinal: r.p.ordinal,
      description: r.p.description,
      rows: r.p.rows,
      dataBytes: r.p.dataBytes,
      from: r.from ? isoDate(r.from) : null,
    };
    if (r.to === 'MAXVALUE') return { ...base, to: null, status: 'catch-all' };
    const status =
      r.to.getTime() <= cutoff.getTime()
        ? 'expired'
        : r.to.getTime() <= asOf.getTime()
          ? 'past'
          : r.from && r.from.getTime() > asOf.getTime()
            ? 'future'
            : 'current';
    return { ...base, to: isoDate(r.to), status };
  });
  return { timeline, interval };
}

/** Derives the rotation (pure). */
export function planRotation(input: RotationInput): RotationPlan {
  const asOf = parseDate(input.asOf);
  if (!asOf) throw new Error(`asOf ${input.asOf} is not a date`);
  const rs = ranged(input);
  const { timeline, interval } = rotationTimeline(input);
  const cutoff = retentionCutoff(asOf, interval, input.retention);
  const target = quoteQualified(input.schema, input.table);
  const steps: PlanStep[] = [];
  const touches: StepTouch[] = [];
  const notes: string[] = [];
  const alerts: string[] = [];
  const taken = new Set(input.partitions.map((p) => p.name.toLowerCase()));
  const uniqueName = (base: string): string => {
    let n = base;
    for (let i = 1; taken.has(n.toLowerCase()); i++) n = `${base}_${i}`;
    taken.add(n.toLowerCase());
    return n;
  };
  const def = (name: string, to: Date): string => `PARTITION ${quoteIdent(name)} VALUES LESS THAN (${encodeBound(to, input.scheme)})`;
  const catchAll = rs.find((r) => r.to === 'MAXVALUE');
  const bounded = rs.filter((r): r is Ranged & { to: Date } => r.to !== 'MAXVALUE');
  const last = bounded.length ? bounded[bounded.length - 1]!.to : null;
  const current = startOf(asOf, interval);
  const horizon = addInterval(current, interval, input.premake + 1);

  // 1. Holes: a live partition (not past retention) that spans more than one interval is split.
  for (const r of bounded) {
    if (!r.from || r.to.getTime() <= cutoff.getTime()) continue;
    const cuts: Date[] = [];
    for (let b = addInterval(startOf(r.from, interval), interval, 1); b.getTime() < r.to.getTime(); b = addInterval(b, interval, 1)) {
      if (b.getTime() > r.from.getTime() && b.getTime() > cutoff.getTime()) cuts.push(b);
    }
    if (cuts.length === 0) continue;
    const pieces = [...cuts, r.to];
    taken.delete(r.p.name.toLowerCase());
    const names = pieces.map((to, i) =>
      i === pieces.length - 1 && pieces.length > 1 ? uniqueName(r.p.name) : uniqueName(partitionName(addInterval(to, interval, -1), interval)),
    );
    const id = `split:${r.p.name}`;
    steps.push({
      id,
      kind: 'DDL',
      sql: `ALTER TABLE ${target} REORGANIZE PARTITION ${quoteIdent(r.p.name)} INTO (${pieces.map((to, i) => def(names[i]!, to)).join(', ')})`,
      description: `Split ${r.p.name} (${isoDate(r.from)} to ${isoDate(r.to)}) into one partition per ${interval}: a missed run left it holding ${pieces.length} ${interval}s.`,
      risk: r.p.rows > 0 ? 'medium' : 'low',
      estimate: r.p.rows > 0 ? `copies ${r.p.rows.toLocaleString('en-US')} rows of ${r.p.name} into the new partitions` : 'empty partition: metadata only',
      rollback: `ALTER TABLE ${target} REORGANIZE PARTITION ${names.map(quoteIdent).join(', ')} INTO (${def(r.p.name, r.to)})`,
      needsRestart: false,
    });
    touches.push({
      stepId: id,
      touches: `${input.schema}.${input.table} partition ${r.p.name}`,
      details: { rows: r.p.rows, from: isoDate(r.from), to: isoDate(r.to) },
    });
  }

  // 2. Future partitions up to the horizon, and the intervals a missed run skipped (none past retention).
  const wanted: Date[] = [];
  for (let b = addInterval(last ? startOf(last, interval) : current, interval, 1); b.getTime() <= horizon.getTime(); b = addInterval(b, interval, 1))
    if (b.getTime() > cutoff.getTime()) wanted.push(b);
  const skipped = last
    ? Math.max(0, Math.round((current.getTime() - last.getTime()) / 86_400_000 / (interval === 'month' ? 30.44 : interval === 'week' ? 7 : 1)))
    : 0;
  if (last && last.getTime() < current.getTime())
    alerts.push(
      `The last bound (${isoDate(last)}) is behind today (${input.asOf}): ${skipped > 0 ? `about ${skipped} ${interval}(s) of rows` : 'current rows'} went to ${catchAll ? `the catch-all ${catchAll.p.name}` : 'no partition (inserts fail with ERROR 1526)'}. This run catches up${wanted.length && last.getTime() < cutoff.getTime() ? `, starting after the retention cutoff ${isoDate(cutoff)}` : ''}.`,
    );
  if (wanted.length) {
    const names = wanted.map((to) => uniqueName(partitionName(addInterval(to, interval, -1), interval)));
    const defs = wanted.map((to, i) => def(names[i]!, to));
    if (catchAll) {
      const rows = catchAll.p.rows;
      if (rows > 0)
        alerts.push(
          `${rows.toLocaleString('en-US')} row(s) are in the catch-all ${catchAll.p.name}: rows past the last bound land there. REORGANIZE copies them into the new partitions (a table copy of those rows under a lock); keep future partitions premade so the catch-all stays empty.`,
        );
      const id = `premake:${catchAll.p.name}`;
      steps.push({
        id,
        kind: 'DDL',
        sql: `ALTER TABLE ${target} REORGANIZE PARTITION ${quoteIdent(catchAll.p.name)} INTO (${[...defs, `PARTITION ${quoteIdent(catchAll.p.name)} VALUES LESS THAN (MAXVALUE)`].join(', ')})`,
        description: `Split the catch-all ${catchAll.p.name} so ${wanted.length} partition(s) up to ${isoDate(wanted[wanted.length - 1]!)} exist (${input.premake} empty ahead of the current ${interval}).`,
        risk: rows > 0 ? (rows > 1_000_000 ? 'high' : 'medium') : 'low',
        estimate:
          rows > 0 ? `copies ${rows.toLocaleString('en-US')} rows out of ${catchAll.p.name}` : 'catch-all is empty: metadata only, brief exclusive lock',
        rollback: `ALTER TABLE ${target} REORGANIZE PARTITION ${[...names, catchAll.p.name].map(quoteIdent).join(', ')} INTO (PARTITION ${quoteIdent(catchAll.p.name)} VALUES LESS THAN (MAXVALUE))`,
        needsRestart: false,
      });
      touches.push({
        stepId: id,
        touches: `${input.schema}.${input.table} partition ${catchAll.p.name}`,
        details: { catchAllRows: rows, newPartitions: names.join(', ') },
      });
    } else {
      const id = 'premake:add';
      steps.push({
        id,
        kind: 'DDL',
        sql: `ALTER TABLE ${target} ADD PARTITION (${defs.join(', ')})`,
        description: `Add ${wanted.length} partition(s) up to ${isoDate(wanted[wanted.length - 1]!)} (${input.premake} empty ahead of the current ${interval}).`,
        risk: 'low',
        estimate: 'new empty partitions: metadata only, brief exclusive lock',
        rollback: `ALTER TABLE ${target} DROP PARTITION ${names.map(quoteIdent).join(', ')}`,
        needsRestart: false,
      });
      touches.push({ stepId: id, touches: `${input.schema}.${input.table}`, details: { newPartitions: names.join(', ') } });
    }
  }

  // 3. Past retention: archive (exchange into a table of its own) and drop.
  const expired = bounded.filter((r) => r.to.getTime() <= cutoff.getTime());
  const survivors = rs.length - expired.length + wanted.length;
  for (const r of expired) {
    if (survivors <= 0) break;
    if (input.archive === 'exchange') {
      const archive = `${input.table}_${r.p.name}`.slice(0, 64);
      const at = quoteQualified(input.schema, archive);
      steps.push(
        {
          id: `archive-create:${r.p.name}`,
          kind: 'DDL',
          sql: `CREATE TABLE ${at} LIKE ${target}`,
          description: `An archive table for ${r.p.name}'s rows, with the table's structure.`,
          risk: 'low',
          estimate: 'new empty table',
          rollback: `DROP TABLE ${at}`,
          needsRestart: false,
        },
        {
          id: `archive-unpartition:${r.p.name}`,
          kind: 'DDL',
          sql: `ALTER TABLE ${at} REMOVE PARTITIONING`,
          description: 'EXCHANGE PARTITION needs a table that is not partitioned.',
          risk: 'low',
          estimate: 'empty table: metadata only',
          rollback: null,
          needsRestart: false,
        },
        {
          id: `archive-exchange:${r.p.name}`,
          kind: 'DDL',
          sql: `ALTER TABLE ${target} EXCHANGE PARTITION ${quoteIdent(r.p.name)} WITH TABLE ${at}`,
          description: `Move ${r.p.name}'s ${r.p.rows.toLocaleString('en-US')} rows into ${archive} (a metadata swap, no copy).`,
          risk: 'medium',
          estimate: 'swaps the partition and the table: metadata only, validates rows against the bound',
          rollback: `ALTER TABLE ${target} EXCHANGE PARTITION ${quoteIdent(r.p.name)} WITH TABLE ${at}`,
          needsRestart: false,
        },
      );
    }
    const id = `drop:${r.p.name}`;
    steps.push({
      id,
      kind: 'DDL',
      sql: `ALTER TABLE ${target} DROP PARTITION ${quoteIdent(r.p.name)}`,
      description: `${r.p.name} holds rows before ${isoDate(r.to)}, past the ${input.retention.count}-${input.retention.unit} retention (cutoff ${isoDate(cutoff)}).`,
      risk: input.archive === 'exchange' || r.p.rows === 0 ? 'low' : 'high',
      estimate:
        input.archive === 'exchange'
          ? 'empty after the exchange: metadata only'
          : `deletes ${r.p.rows.toLocaleString('en-US')} rows (${r.p.dataBytes.toLocaleString('en-US')} bytes) at once, no undo`,
      rollback: null,
      needsRestart: false,
    });
    touches.push({
      stepId: id,
      touches: `${input.schema}.${input.table} partition ${r.p.name}`,
      details: { rows: r.p.rows, dataBytes: r.p.dataBytes, before: isoDate(r.to) },
    });
  }
  if (input.archive === 'drop' && expired.some((r) => r.p.rows > 0))
    notes.push(
      'DROP PARTITION has no undo: take a dump of the expired partitions first, or rotate with archive = exchange to keep their rows in tables of their own.',
    );
  if (steps.length === 0) notes.push(`Nothing to do: ${input.premake} future ${interval}(s) exist and no partition is past retention.`);
  notes.push(
    `Bounds are dates (${interval}ly, cutoff ${isoDate(cutoff)}, horizon ${isoDate(horizon)}) written as ${input.scheme.kind === 'columns' ? 'literals' : `${input.scheme.kind.toUpperCase()}('YYYY-MM-DD')`}; the server computes each number.`,
  );
  return { steps, touches, notes, alerts, timeline, interval };
}
