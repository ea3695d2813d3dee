/** Latency distribution of a run, and of the kept "before" run: a histogram and the CDF. */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BenchResult } from '../../../../../shared/contract/bench';

const BEFORE = '#9aa3b5';
const AFTER = '#2f6fdf';

/** Counts per latency bin on a shared log-spaced axis, so two runs compare bin by bin. */
function sharedBins(runs: BenchResult[], bins = 24): { label: string; [name: string]: number | string }[] {
  const all = runs.flatMap((r) => r.latenciesMs);
  if (all.length === 0) return [];
  const lo = Math.max(0.001, Math.min(...all));
  const hi = Math.max(lo * 1.0001, Math.max(...all));
  const step = Math.log(hi / lo) / bins;
  const rows = Array.from(
    { length: bins },
    (_, i) => ({ label: (lo * Math.exp(step * (i + 0.5))).toPrecision(3) }) as { label: string; [k: string]: number | string },
  );
  runs.forEach((r, k) => {
    const key = k === 0 && runs.length === 2 ? 'before' : 'this run';
    for (const row of rows) row[key] = 0;
    for (const x of r.latenciesMs) {
      const i = Math.min(bins - 1, Math.max(0, Math.floor(Math.log(Math.max(x, lo) / lo) / step)));
      (rows[i]![key] as number)++;
    }
  });
  return rows;
}

/** Histogram and CDF of this run (and the kept one, in grey). */
export function LatencyCharts({ result, before }: { result: BenchResult; before: BenchResult | null }) {
  const runs = before ? [before, result] : [result];
  const hist = sharedBins(runs);
  const cdfRows = result.cdf.map((p, i) => ({ fraction: Math.round(p.fraction * 100), 'this run': p.ms, ...(before ? { before: before.cdf[i]?.ms } : {}) }));
  return (
    <div className="bench-charts">
      <figure aria-label="Latency histogram">
        <figcaption>Latency distribution (ms, log-spaced bins)</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={hist} barGap={0}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" fontSize={11} />
            <YAxis fontSize={11} allowDecimals={false} />
            <Tooltip />
            <Legend />
            {before && <Bar dataKey="before" fill={BEFORE} isAnimationActive={false} />}
            <Bar dataKey="this run" fill={AFTER} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label="Latency CDF">
        <figcaption>Cumulative distribution (percentile → ms)</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={cdfRows}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="fraction" unit="%" fontSize={11} />
            <YAxis fontSize={11} scale="log" domain={['auto', 'auto']} allowDataOverflow />
            <Tooltip />
            <Legend />
            {before && <Line dataKey="before" stroke={BEFORE} dot={false} isAnimationActive={false} />}
            <Line dataKey="this run" stroke={AFTER} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
