/** One time-series chart of the dashboard: a few metrics over the range, optional reference line. */
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricKey, MonitorSample } from '../../../../../shared/contract/monitor';
import { fmtNum, fmtTick } from '../format';

/** A plotted series. */
export interface SeriesDef {
  key: MetricKey;
  label: string;
  color: string;
}

interface Props {
  title: string;
  samples: readonly MonitorSample[];
  series: readonly SeriesDef[];
  rangeSec: number;
  /** Formats values on the axis and in the tooltip. */
  format?: (v: number) => string;
  /** A horizontal line (e.g. max_connections), with its label. */
  reference?: { value: number; label: string } | null;
  /** A percentage axis: from just under the lowest value to 100. */
  percent?: boolean;
  /** Whole numbers only on the axis (counts of threads, pages, waits). */
  integer?: boolean;
}

const COLORS = { a: 'var(--accent)', b: 'var(--warn)', c: 'var(--ok)', d: 'var(--err)' } as const;
/** The chart palette (theme variables). */
export const palette = COLORS;

/** A line chart of some metrics. */
export function MetricChart({ title, samples, series, rangeSec, format = (v) => fmtNum(v), reference, percent, integer }: Props) {
  const data = samples.map((s) => {
    const row: Record<string, number | null> = { t: Date.parse(s.at) };
    for (const d of series) row[d.key] = s.metrics[d.key];
    return row;
  });
  const last = samples.at(-1);
  return (
    <figure className="mon-chart" aria-label={title} data-testid={`chart-${series[0]!.key}`}>
      <figcaption>
        <span>{title}</span>
        <span className="mon-now">
          {series.map((d) => (
            <span key={d.key} style={{ color: d.color }}>
              {d.label} {last && last.metrics[d.key] !== null ? format(last.metrics[d.key]!) : '—'}
            </span>
          ))}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={150}>
        <LineChart data={data} margin={{ top: 6, right: 10, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(v: number) => fmtTick(v, rangeSec)}
            tick={{ fontSize: 10, fill: 'var(--muted)' }}
            minTickGap={50}
          />
          <YAxis
            width={56}
            tick={{ fontSize: 10, fill: 'var(--muted)' }}
            tickFormatter={(v: number) => format(v)}
            allowDecimals={!integer}
            domain={percent ? [(min: number) => Math.max(0, Math.floor(min - 1)), 100] : [0, 'auto']}
          />
          <Tooltip
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)', fontSize: 12 }}
            labelFormatter={(v) => new Date(Number(v)).toLocaleString()}
            formatter={(v, name) => [v === null || v === undefined ? '—' : format(Number(v)), String(name)]}
          />
          {reference && (
            <ReferenceLine
              y={reference.value}
              ifOverflow="extendDomain"
              stroke="var(--err)"
              strokeDasharray="4 3"
              label={{ value: reference.label, fontSize: 10, fill: 'var(--err)', position: 'insideTopRight' }}
            />
          )}
          {series.map((d) => (
            <Line key={d.key} dataKey={d.key} name={d.label} stroke={d.color} dot={false} isAnimationActive={false} connectNulls={false} strokeWidth={1.6} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
