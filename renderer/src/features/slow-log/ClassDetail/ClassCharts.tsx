/** A class's query-time histogram (pt-query-digest's log10 buckets) and its events/time over the log's span. */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { QueryClass } from '../../../../../shared/contract/slow-log';
import { HISTOGRAM_LABELS, fmtSeconds } from '../slow-log.format';

/** Histogram of Query_time. */
export function Histogram({ c }: { c: QueryClass }) {
  const data = c.histogram.map((n, i) => ({ bucket: HISTOGRAM_LABELS[i], events: n }));
  return (
    <div className="sl-chart" data-testid="histogram" aria-label="Query time histogram">
      <div className="muted small">Query time distribution (events per bucket)</div>
      <ResponsiveContainer width="100%" height={160}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="bucket" tick={{ fontSize: 11, fill: 'var(--muted)' }} />
          <YAxis allowDecimals={false} width={40} tick={{ fontSize: 11, fill: 'var(--muted)' }} />
          <Tooltip contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }} />
          <Bar dataKey="events" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Events and total time per time slot. */
export function Series({ c }: { c: QueryClass }) {
  const s = c.series;
  if (!s || s.counts.length < 2)
    return <div className="sl-chart muted small">No time series: the events carry no usable time stamps, or they all fall in one slot.</div>;
  const data = s.counts.map((n, i) => ({ t: new Date(s.startMs + i * s.stepMs).toISOString().slice(11, 19), events: n, time: s.totalTime[i] ?? 0 }));
  return (
    <div className="sl-chart" data-testid="series" aria-label="Time series">
      <div className="muted small">Over time (UTC, {fmtSeconds(s.stepMs / 1000)} slots): events and total query time</div>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="t" tick={{ fontSize: 11, fill: 'var(--muted)' }} minTickGap={40} />
          <YAxis yAxisId="n" allowDecimals={false} width={40} tick={{ fontSize: 11, fill: 'var(--muted)' }} />
          <YAxis yAxisId="s" orientation="right" width={50} tick={{ fontSize: 11, fill: 'var(--muted)' }} tickFormatter={(v: number) => fmtSeconds(v)} />
          <Tooltip
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }}
            formatter={(v, name) => (String(name).startsWith('total query time') ? fmtSeconds(Number(v)) : String(v))}
          />
          <Legend verticalAlign="top" height={20} iconType="plainline" wrapperStyle={{ fontSize: 11 }} />
          <Line yAxisId="n" dataKey="events" name="events (left axis)" stroke="var(--accent)" dot={false} isAnimationActive={false} />
          <Line yAxisId="s" dataKey="time" name="total query time (right axis)" stroke="var(--warn)" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
