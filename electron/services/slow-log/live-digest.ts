/**
 * Live digests from a connected server. performance_schema's digest summary becomes the same
 * DigestReport a slow log gives, with the statistics it cannot know listed as missing (it keeps
 * sums, min/avg/max of time and, on MySQL 8+, p95/p99 — no per-event values); mysql.slow_log rows
 * are rendered as log text and go through the ordinary digest.
 */
import type { DigestReport, MetricStats, QueryClass } from '../../../shared/contract/slow-log';
import type { LiveDigestResult } from '../../../shared/contract/slow-log.calls';
import { AppError } from '../../../shared/contract/core';
import type { CallContext } from '../../dispatch/dispatcher';
import {
  collectSlowLogTable,
  collectStatementDigests,
  slowLogRowsToText,
  slowLogToTable,
  type StatementDigestSnapshot,
} from '../../connections/collectors/statement-digest.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import { digestText, type DigestTextOptions } from '../../engines/slowlog/digest';
import { classFindings } from '../../engines/slowlog/findings';
import { distill } from '../../engines/slowlog/report';
import { extractTables } from '../../engines/slowlog/tables';
import type { ConnectionConfig } from '../../store/connections.repo';

/** Digests what the server itself recorded. */
export async function liveDigest(
  cfg: ConnectionConfig,
  source: 'performance_schema' | 'slow_log_table',
  options: DigestTextOptions,
  ctx: Pick<CallContext, 'progress' | 'signal'>,
): Promise<LiveDigestResult> {
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', 'Statement digests exist on MySQL-family connections only');
  ctx.progress({
    phase: 'collect',
    done: 0,
    total: null,
    unit: 'rows',
    message: `Reading ${source === 'performance_schema' ? 'performance_schema' : 'mysql.slow_log'}`,
  });
  return withMysqlSession(cfg, async (s) => {
    if (source === 'slow_log_table') {
      if (!(await slowLogToTable(s)))
        throw new AppError('UNSUPPORTED', 'log_output does not include TABLE: the slow log is written to a file (open the file instead)');
      const rows = await collectSlowLogTable(s);
      ctx.progress({ phase: 'digest', done: rows.length, total: rows.length, unit: 'rows' });
      const report = digestText(slowLogRowsToText(rows), { ...options, files: [{ name: 'mysql.slow_log', size: 0 }] });
      return {
        source,
        report,
        missingMetrics: ['Full_scan', 'Tmp_table_on_disk', 'Filesort'],
        notes: ['mysql.slow_log keeps only times and row counts; the log_slow_extra fields exist in the file log only.'],
      };
    }
    const snap = await collectStatementDigests(s);
    ctx.progress({ phase: 'digest', done: snap.rows.length, total: snap.rows.length, unit: 'rows' });
    return reportFromDigests(snap, options);
  });
}

/** Builds a report from the digest summary (pure: the snapshot in, the report out). */
export function reportFromDigests(snap: StatementDigestSnapshot, options: DigestTextOptions = {}): LiveDigestResult {
  const f = options.filter;
  const needle = f?.text?.toLowerCase();
  const rows = snap.rows.filter(
    (r) =>
      (!f?.db?.length || f.db.includes(r.schema ?? '')) &&
      (!needle || r.digestText.toLowerCase().includes(needle)) &&
      (f?.minQueryTime === undefined || r.maxTime >= f.minQueryTime),
  );
  const chosen = options.limit ? rows.slice(0, options.limit) : rows;
  const totalTime = rows.reduce((a, r) => a + r.sumTime, 0);
  const totalCount = rows.reduce((a, r) => a + r.count, 0);
  const firstMs = minMs(rows.map((r) => r.firstSeen));
  const lastMs = maxMs(rows.map((r) => r.lastSeen));
  const spanS = firstMs !== null && lastMs !== null && lastMs > firstMs ? (lastMs - firstMs) / 1000 : 0;
  const classes: QueryClass[] = chosen.map((r, i) => {
    const checksum = r.digest.toUpperCase().slice(0, 16);
    // DIGEST_TEXT spaces its tokens ("`cowrite` . `users`"); rejoin qualified names so table extraction sees them.
    const sample = r.sampleText ?? r.digestText.replace(/`\s*\.\s*`/g, '`.`');
    const cls: Omit<QueryClass, 'findings'> = {
      rank: i + 1,
      checksum,
      queryId: `0x${checksum}`,
      fingerprint: r.digestText,
      distillate: distill(sample) || statementName(sample),
      tables: extractTables(sample, r.schema ?? undefined),
      count: r.count,
      pctOfCount: totalCount ? r.count / totalCount : 0,
      pctOfOrderBy: totalTime ? r.sumTime / totalTime : 0,
      qps: spanS ? r.count / spanS : 0,
      concurrency: spanS ? r.sumTime / spanS : 0,
      tsMin: r.firstSeen,
      tsMax: r.lastSeen,
      firstSeenMs: toMs(r.firstSeen),
      lastSeenMs: toMs(r.lastSeen),
      metrics: {
        // QUANTILE_95/99 are histogram bucket bounds and can lie above the measured maximum.
        Query_time: {
          ...sums(r.count, r.sumTime),
          min: r.minTime,
          max: r.maxTime,
          p95: within(r.p95, r.minTime, r.maxTime),
          p99: within(r.p99, r.minTime, r.maxTime),
        },
        Lock_time: sums(r.count, r.sumLockTime),
        Rows_sent: sums(r.count, r.rowsSent),
        Rows_examined: sums(r.count, r.rowsExamined),
        Rows_affected: sums(r.count, r.rowsAffected),
        Created_tmp_tables: sums(r.count, r.tmpTables),
        Created_tmp_disk_tables: sums(r.count, r.tmpDiskTables),
        Select_scan: sums(r.count, r.selectScan),
      },
      bools: {},
      histogram: [0, 0, 0, 0, 0, 0, 0, 0],
      users: [],
      hosts: [],
      dbs: r.schema ? [{ value: r.schema, count: r.count }] : [],
      sample: { text: sample, ts: r.lastSeen, timeMs: toMs(r.lastSeen), db: r.schema, user: null, host: null, posInLog: 0, attributes: {}, explain: [] },
      series: null,
      nPlusOne: null,
    };
    return { ...cls, findings: classFindings(cls) };
  });
  const report: DigestReport = {
    version: 1,
    options: { ptCompatible: false, orderBy: 'Query_time', limit: options.limit ?? null },
    header: {
      files: [{ name: 'performance_schema.events_statements_summary_by_digest', size: 0 }],
      bytes: 0,
      events: totalCount,
      parsedEvents: totalCount,
      unreportableEvents: 0,
      uniqueClasses: rows.length,
      tsMin: firstMs === null ? null : new Date(firstMs).toISOString(),
      tsMax: lastMs === null ? null : new Date(lastMs).toISOString(),
      firstMs,
      lastMs,
      qps: spanS ? totalCount / spanS : 0,
      concurrency: spanS ? totalTime / spanS : 0,
      metrics: { Query_time: sums(totalCount, totalTime) },
      bools: {},
    },
    profile: classes.map((c) => ({
      rank: c.rank,
      queryId: c.queryId,
      checksum: c.checksum,
      orderByTotal: c.metrics.Query_time!.sum,
      pct: c.pctOfOrderBy,
      calls: c.count,
      perCall: c.metrics.Query_time!.avg,
      vToM: 0,
      item: c.distillate,
    })),
    classes,
    findings: classes.flatMap((c) => c.findings),
    warnings: [],
    skippedBytes: 0,
    skippedLines: 0,
    stages: [],
  };
  const missing = [
    'Query_time.median',
    'Query_time.stddev',
    'histogram',
    'series',
    'users',
    'hosts',
    'N+1',
    'Lock_time.min',
    'Lock_time.max',
    'Rows_sent.min',
    'Rows_sent.max',
    'Rows_examined.min',
    'Rows_examined.max',
  ];
  if (!snap.hasQuantiles) missing.push('Query_time.p95', 'Query_time.p99');
  const notes = [
    'performance_schema keeps sums and min/avg/max per digest since the server started (or the table was truncated): no per-execution values.',
    ...(snap.enabled ? [] : ['performance_schema is OFF on this server: enable it (restart) to get digests.']),
    ...(snap.hasSample ? [] : ['This server has no QUERY_SAMPLE_TEXT: the sample is the normalized digest text.']),
  ];
  return { source: 'performance_schema', report, missingMetrics: missing, notes };
}

/** A bucket-bound percentile clamped to the measured [min, max] (0 when the server has none). */
function within(v: number | null, min: number, max: number): number {
  return v === null ? 0 : Math.min(max, Math.max(min, v));
}

/**
 * A name for a statement pt's distill leaves blank (CHECKSUM TABLE, HANDLER, …): its leading
 * keywords and the first object it names, e.g. "CHECKSUM TABLE cowrite.users".
 */
export function statementName(sql: string): string {
  const words = sql
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .trim()
    .split(/\s+/)
    .slice(0, 3)
    .map((w) => w.replace(/`/g, '').replace(/[;,(].*$/, ''))
    .filter((w) => w !== '');
  return words.length ? words.map((w, i) => (i < 2 && /^[a-z]+$/i.test(w) ? w.toUpperCase() : w)).join(' ') : 'statement';
}

/** Stats known from a sum and a count only; the rest are listed as missing by the caller. */
function sums(cnt: number, sum: number): MetricStats {
  const avg = cnt ? sum / cnt : 0;
  return { cnt, sum, min: 0, max: 0, avg, median: 0, p95: 0, p99: 0, stddev: 0, exact: false };
}

function toMs(s: string | null): number | null {
  if (!s) return null;
  const t = Date.parse(s.includes('T') ? s : s.replace(' ', 'T'));
  return Number.isFinite(t) ? t : null;
}

function minMs(xs: (string | null)[]): number | null {
  const v = xs.map(toMs).filter((x): x is number => x !== null);
  return v.length ? Math.min(...v) : null;
}

function maxMs(xs: (string | null)[]): number | null {
  const v = xs.map(toMs).filter((x): x is number => x !== null);
  return v.length ? Math.max(...v) : null;
}
