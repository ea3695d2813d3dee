/**
 * Builds the DigestReport from a digest state: the tables and rank stages, per-class statistics
 * (pt's bucketed numbers in ptCompatible mode, exact ones otherwise), samples, histograms, time
 * series and findings. Display text is decoded from the log's bytes as UTF-8 here, at the edge.
 */
import type { BoolStats, DigestReport, MetricStats, QueryClass } from '../../../shared/contract/slow-log';
import { flushNum, type AttrAggs, type NumAgg } from './class-aggregate';
import type { ClassState, DigestState } from './digest-state';
import { ptTimestamp, parseTimeText } from './event-time';
import { classFindings } from './findings';
import { checksum, queryId } from './fingerprint';
import { histogram8, interpolatedPercentile, ptStats } from './pt-buckets';
import { toDisplayText } from './slow-log.event';
import { distill } from './distill';
import { extractTables } from './tables';

export { distill } from './distill';

/** What the report needs beyond the state. */
export interface ReportOptions {
  ptCompatible?: boolean;
  orderBy?: string;
  /** Classes to report (all when undefined). */
  limit?: number;
  files?: { name: string; size: number }[];
  /** Time-series points per class at most (default 120). */
  seriesPoints?: number;
}

/** Attributes pt hides from its reports. */
const HIDDEN = new Set(['pos_in_log', 'ts', 'arg', 'fingerprint']);
const PT_ATTR_FREEZE = 1000;
/** Table names are looked for in the first 64 KiB of a sample: a huge multi-row INSERT names its table up front. */
const TABLES_SCAN = 65_536;

/** Builds the report. */
export function buildReport(state: DigestState, opts: ReportOptions = {}): DigestReport {
  const orderBy = opts.orderBy ?? 'Query_time';
  const pt = opts.ptCompatible ?? false;
  const visible = (name: string): boolean => !HIDDEN.has(name) && !(pt && (state.attrFirstSeen.get(name) ?? 0) > PT_ATTR_FREEZE);

  const tRank = performance.now();
  const ranked = [...state.classes.values()]
    .filter((c) => c.aggs.num.has(orderBy) && c.aggs.num.has('Query_time'))
    .sort((a, b) => b.aggs.num.get(orderBy)!.sum - a.aggs.num.get(orderBy)!.sum || cmp(String(b.posMax), String(a.posMax)));
  const chosen = opts.limit !== undefined ? ranked.slice(0, opts.limit) : ranked;
  const rankMs = performance.now() - tRank;

  const globalQt = state.global.num.get('Query_time');
  const globalCnt = globalQt?.cnt ?? 0;
  const globalOrder = state.global.num.get(orderBy)?.sum ?? 0;
  const spanS = spanSeconds(state.tsMin, state.tsMax, state.timeMinMs, state.timeMaxMs);

  const tTables = performance.now();
  const classes: QueryClass[] = chosen.map((c, i) => {
    const sample = c.sample!;
    const metrics = metricsOf(c.aggs, pt, visible);
    const bools = boolsOf(c.aggs, visible);
    const sum = checksum(c.fingerprint);
    const db = sample.props.get('db') ?? topValue(c.aggs, 'db');
    const cSpan = spanSeconds(c.aggs.str.get('ts')?.min, c.aggs.str.get('ts')?.max, c.timeMinMs, c.timeMaxMs);
    const qt = c.aggs.num.get('Query_time')!;
    const view: Omit<QueryClass, 'findings'> = {
      rank: i + 1,
      checksum: sum,
      queryId: queryId(sum),
      fingerprint: toDisplayText(c.fingerprint),
      distillate: toDisplayText(distill(sample.arg)),
      tables: extractTables(sample.arg.slice(0, TABLES_SCAN), db).map(toDisplayText),
      count: c.count,
      pctOfCount: globalCnt ? qt.cnt / globalCnt : 0,
      pctOfOrderBy: globalOrder ? c.aggs.num.get(orderBy)!.sum / globalOrder : 0,
      qps: cSpan ? c.count / cSpan : 0,
      concurrency: cSpan ? qt.sum / cSpan : 0,
      tsMin: tsDisplay(c.aggs.str.get('ts')?.min),
      tsMax: tsDisplay(c.aggs.str.get('ts')?.max),
      firstSeenMs: c.timeMinMs ?? null,
      lastSeenMs: c.timeMaxMs ?? null,
      metrics,
      bools,
      histogram: histogram8(qt.buckets),
      users: valuesOf(c.aggs, 'user'),
      hosts: valuesOf(c.aggs, 'host'),
      dbs: valuesOf(c.aggs, 'db'),
      sample: {
        text: toDisplayText(sample.arg),
        ts: tsDisplay(sample.ts),
        timeMs: sample.timeMs ?? null,
        db: sample.props.has('db') ? toDisplayText(sample.props.get('db')!) : null,
        user: sample.props.has('user') ? toDisplayText(sample.props.get('user')!) : null,
        host: sample.props.has('host') ? toDisplayText(sample.props.get('host')!) : null,
        posInLog: sample.pos,
        attributes: Object.fromEntries([...sample.props].map(([k, v]) => [k, toDisplayText(v)])),
        explain: (sample.explain ?? []).map(toDisplayText),
      },
      series: seriesOf(state, c, opts.seriesPoints ?? 120),
      nPlusOne: c.nPlusOne
        ? {
            runs: c.nPlusOne.runs,
            repeats: c.nPlusOne.repeats,
            maxRun: c.nPlusOne.maxRun,
            callers: [...c.nPlusOne.callers].sort((a, b) => b[1] - a[1]).map(([fp, n]) => ({ fingerprint: toDisplayText(fp), runs: n })),
          }
        : null,
    };
    return { ...view, findings: classFindings(view) };
  });
  const tablesMs = performance.now() - tTables;

  const stages = Object.entries(state.stages).map(([name, s]) => ({ name, ms: s.ms, in: s.in, out: s.out }));
  for (const s of stages) {
    if (s.name === 'tables') Object.assign(s, { ms: tablesMs, in: chosen.length, out: classes.length });
    if (s.name === 'rank') Object.assign(s, { ms: rankMs, in: state.classes.size, out: chosen.length });
  }

  return {
    version: 1,
    options: { ptCompatible: pt, orderBy, limit: opts.limit ?? null },
    header: {
      files: opts.files ?? [],
      bytes: state.bytes,
      events: globalCnt,
      parsedEvents: state.parsedEvents,
      unreportableEvents: state.unreportable,
      uniqueClasses: state.classes.size,
      tsMin: tsDisplay(state.tsMin),
      tsMax: tsDisplay(state.tsMax),
      firstMs: state.timeMinMs ?? null,
      lastMs: state.timeMaxMs ?? null,
      qps: spanS ? globalCnt / spanS : 0,
      concurrency: spanS && globalQt ? globalQt.sum / spanS : 0,
      metrics: metricsOf(state.global, pt, visible),
      bools: boolsOf(state.global, visible),
    },
    profile: classes.map((c) => {
      const qt = c.metrics[orderBy] ?? c.metrics.Query_time!;
      return {
        rank: c.rank,
        queryId: c.queryId,
        checksum: c.checksum,
        orderByTotal: qt.sum,
        pct: c.pctOfOrderBy,
        calls: c.count,
        perCall: qt.avg,
        vToM: qt.avg ? qt.stddev ** 2 / qt.avg : 0,
        item: c.distillate,
      };
    }),
    classes,
    findings: classes.flatMap((c) => c.findings),
    warnings: state.warnings,
    skippedBytes: state.skippedBytes,
    skippedLines: state.skippedLines,
    stages,
  };
}

/** Statistics of one numeric aggregate. */
export function numStats(a: NumAgg, pt: boolean): MetricStats {
  flushNum(a);
  const base = { cnt: a.cnt, sum: a.sum, min: a.min, max: a.max, avg: a.cnt ? a.sum / a.cnt : 0 };
  if (pt) {
    const s = ptStats(a.buckets, a.cnt, a.min, a.max);
    return { ...base, median: s.median, p95: s.p95, p99: s.p99, stddev: s.stddev, exact: false };
  }
  const variance = a.cnt > 1 ? Math.max(0, (a.sumsq - (a.sum * a.sum) / a.cnt) / a.cnt) : 0;
  const stddev = Math.sqrt(variance);
  if (a.exact && a.exact.length === a.cnt) {
    const v = Float64Array.from(a.exact).sort();
    return { ...base, median: quantile(v, 0.5), p95: quantile(v, 0.95), p99: quantile(v, 0.99), stddev, exact: true };
  }
  const q = (p: number): number => interpolatedPercentile(a.buckets, a.cnt, a.min, a.max, p);
  return { ...base, median: q(0.5), p95: q(0.95), p99: q(0.99), stddev, exact: false };
}

function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function metricsOf(aggs: AttrAggs, pt: boolean, visible: (n: string) => boolean): Record<string, MetricStats> {
  const out: Record<string, MetricStats> = {};
  for (const [name, a] of aggs.num) if (visible(name)) out[name] = numStats(a, pt);
  return out;
}

function boolsOf(aggs: AttrAggs, visible: (n: string) => boolean): Record<string, BoolStats> {
  const out: Record<string, BoolStats> = {};
  for (const [name, a] of aggs.bool) if (visible(name)) out[name] = { cnt: a.cnt, yes: a.sum, pctYes: a.cnt ? a.sum / a.cnt : 0 };
  return out;
}

function valuesOf(aggs: AttrAggs, name: string): { value: string; count: number }[] {
  const s = aggs.str.get(name);
  if (!s?.unq) return [];
  return [...s.unq].sort((a, b) => b[1] - a[1]).map(([value, count]) => ({ value: toDisplayText(value), count }));
}

function topValue(aggs: AttrAggs, name: string): string | undefined {
  const s = aggs.str.get(name);
  if (!s?.unq) return undefined;
  let best: string | undefined;
  let n = 0;
  for (const [v, c] of s.unq) if (c > n) [best, n] = [v, c];
  return best;
}

function seriesOf(state: DigestState, c: ClassState, points: number): QueryClass['series'] {
  if (state.timeMinMs === undefined || state.timeMaxMs === undefined || c.series.size === 0) return null;
  const step0 = state.seriesStepMs;
  const first = Math.floor(state.timeMinMs / step0);
  const last = Math.floor(state.timeMaxMs / step0);
  const factor = Math.max(1, Math.ceil((last - first + 1) / points));
  const n = Math.floor((last - first) / factor) + 1;
  const counts = new Array<number>(n).fill(0);
  const totalTime = new Array<number>(n).fill(0);
  for (const [slot, [k, t]] of c.series) {
    const i = Math.floor((slot - first) / factor);
    if (i < 0 || i >= n) continue;
    counts[i]! += k;
    totalTime[i]! += t;
  }
  return { startMs: first * step0, stepMs: step0 * factor, counts, totalTime };
}

function spanSeconds(tsMin: string | undefined, tsMax: string | undefined, minMs: number | undefined, maxMs: number | undefined): number {
  if (tsMin !== undefined && tsMax !== undefined && tsMax > tsMin) {
    const a = parseTimeText(tsMin);
    const b = parseTimeText(tsMax);
    if (a !== undefined && b !== undefined && b > a) return (b - a) / 1000;
  }
  return minMs !== undefined && maxMs !== undefined && maxMs > minMs ? (maxMs - minMs) / 1000 : 0;
}

function tsDisplay(ts: string | undefined): string | null {
  return ts === undefined ? null : toDisplayText(ptTimestamp(ts));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
