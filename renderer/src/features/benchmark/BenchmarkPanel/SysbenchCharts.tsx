/**
 * A sysbench run drawn: its per-second TPS and p95 latency, sysbench's query rate against the
 * server's own (global status, every client), and its latency histogram — with a kept "before"
 * run in grey on each, the histograms as shares of each run's transactions so runs of different
 * lengths compare bucket by bucket.
 */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SysbenchResult } from '../../../../../shared/contract/sysbench';

const BEFORE = '#9aa3b5';
const AFTER = '#2f6fdf';
const LATENCY = '#d9822b';
const SERVER = '#2e9e6b';

type Row = { [k: string]: number | string | null };

/** sysbench's buckets are fixed log-spaced values, so two runs' histograms join on the bucket's value. */
function histogramRows(result: SysbenchResult, before: SysbenchResult | null): Row[] {
  const share = (r: SysbenchResult): Map<number, number> => {
    const total = r.report.histogram.reduce((a, b) => a + b.count, 0) || 1;
    return new Map(r.report.histogram.map((b) => [b.ms, Math.round((10_000 * b.count) / total) / 100]));
  };
  const now = share(result);
  const then = before ? share(before) : new Map<number, number>();
  const keys = [...new Set([...now.keys(), ...then.keys()])].sort((a, b) => a - b);
  return keys.map((ms) => ({ ms: ms.toPrecision(3), 'this run': now.get(ms) ?? 0, ...(before ? { before: then.get(ms) ?? 0 } : {}) }));
}

/** The per-second rows: sysbench's interval lines, the server sample nearest each, the kept run's line. */
function secondRows(result: SysbenchResult, before: SysbenchResult | null): Row[] {
  return result.report.intervals.map((iv) => {
    const sv = result.server.samples.reduce<(typeof result.server.samples)[number] | null>(
      (best, s) => (best === null || Math.abs(s.t - iv.t) < Math.abs(best.t - iv.t) ? s : best),
      null,
    );
    const prev = before?.report.intervals.find((b) => b.t === iv.t);
    return {
      t: iv.t,
      tps: iv.tps,
      'p95 ms': iv.p95Ms,
      'sysbench qps': iv.qps,
      'server qps': sv && Math.abs(sv.t - iv.t) <= 1 ? sv.qps : null,
      'threads running': sv && Math.abs(sv.t - iv.t) <= 1 ? sv.threadsRunning : null,
      ...(before ? { 'before tps': prev?.tps ?? null } : {}),
    };
  });
}

/** The three charts of a sysbench run. */
export function SysbenchCharts({ result, before }: { result: SysbenchResult; before: SysbenchResult | null }) {
  const seconds = secondRows(result, before);
  const hist = histogramRows(result, before);
  return (
    <div className="bench-charts">
      <figure aria-label="sysbench per second">
        <figcaption>Per second: transactions/s and p95 latency (ms)</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={seconds}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="t" unit="s" fontSize={11} />
            <YAxis yAxisId="tps" fontSize={11} />
            <YAxis yAxisId="ms" orientation="right" fontSize={11} />
            <Tooltip />
            <Legend />
            {before && <Line yAxisId="tps" dataKey="before tps" stroke={BEFORE} dot={false} isAnimationActive={false} />}
            <Line yAxisId="tps" dataKey="tps" stroke={AFTER} isAnimationActive={false} />
            <Line yAxisId="ms" dataKey="p95 ms" stroke={LATENCY} strokeDasharray="4 3" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label="Server load">
        <figcaption>Queries/s: sysbench’s against the server’s (all clients); threads running</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={seconds}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="t" unit="s" fontSize={11} />
            <YAxis yAxisId="q" fontSize={11} />
            <YAxis yAxisId="th" orientation="right" fontSize={11} allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Line yAxisId="q" dataKey="sysbench qps" stroke={AFTER} isAnimationActive={false} />
            <Line yAxisId="q" dataKey="server qps" stroke={SERVER} isAnimationActive={false} connectNulls />
            <Line yAxisId="th" dataKey="threads running" stroke={LATENCY} strokeDasharray="4 3" isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label="sysbench latency histogram" className="wide">
        <figcaption>Latency distribution (ms, sysbench’s log-spaced buckets; % of transactions)</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={hist} barGap={0}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="ms" fontSize={11} />
            <YAxis fontSize={11} unit="%" />
            <Tooltip />
            <Legend />
            {before && <Bar dataKey="before" fill={BEFORE} isAnimationActive={false} />}
            <Bar dataKey="this run" fill={AFTER} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
