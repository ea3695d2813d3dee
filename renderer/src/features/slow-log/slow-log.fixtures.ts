/**
 * Digest fixtures for the slow-log panel's unit tests: one query class and one report of the
 * contract's shape, so each test states only the figures it checks.
 */
import type { DigestReport, MetricStats, QueryClass } from '../../../../shared/contract/slow-log';

/** Statistics of one metric: `cnt` values summing to `sum`, the largest `max`. */
export const stats = (sum: number, cnt: number, max = sum): MetricStats => ({
  cnt,
  sum,
  min: 0,
  max,
  avg: sum / cnt,
  median: 0,
  p95: max,
  p99: max,
  stddev: 0,
  exact: true,
});

/** A class of `count` runs taking `total` seconds and examining `examined` rows each; its sample quotes a comma. */
export function fixtureClass(rank: number, distillate: string, total: number, count: number, examined: number): QueryClass {
  return {
    rank,
    checksum: `C${rank}`,
    queryId: `0x${rank}`,
    fingerprint: `select ${distillate} from t where a = ?`,
    distillate,
    tables: ['cowrite.t'],
    count,
    pctOfCount: 0,
    pctOfOrderBy: total / 10,
    qps: 0,
    concurrency: 0,
    tsMin: null,
    tsMax: null,
    firstSeenMs: null,
    lastSeenMs: null,
    metrics: { Query_time: stats(total, count), Rows_examined: stats(examined * count, count), Rows_sent: stats(count, count) },
    bools: {},
    histogram: [0, 0, 0, 0, 0, 0, 0, 0],
    users: [],
    hosts: [],
    dbs: [],
    sample: {
      text: `${distillate}, "x,y" FROM t WHERE a = 1`,
      ts: null,
      timeMs: null,
      db: null,
      user: null,
      host: null,
      posInLog: 0,
      attributes: {},
      explain: [],
    },
    series: null,
    nPlusOne: null,
    findings: [],
  };
}

/** A report of `classes` (their findings listed at the top), with `events` events in all. */
export function fixtureReport(classes: QueryClass[], events: number): DigestReport {
  return {
    version: 1,
    options: { ptCompatible: false, orderBy: 'Query_time', limit: null },
    header: {
      files: [],
      bytes: 0,
      events,
      parsedEvents: events,
      unreportableEvents: 0,
      uniqueClasses: classes.length,
      tsMin: null,
      tsMax: null,
      firstMs: null,
      lastMs: null,
      qps: 0,
      concurrency: 0,
      metrics: {
        Query_time: stats(
          classes.reduce((n, c) => n + (c.metrics.Query_time?.sum ?? 0), 0),
          events,
        ),
      },
      bools: {},
    },
    profile: [],
    classes,
    findings: classes.flatMap((c) => c.findings),
    warnings: [],
    skippedBytes: 0,
    skippedLines: 0,
    stages: [],
  };
}
