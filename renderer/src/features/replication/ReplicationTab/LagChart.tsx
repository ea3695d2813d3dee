/** The lag history of each channel: seconds behind (left axis) and transactions received but not applied (right axis). */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LagPoint } from '../../../../../shared/contract/replication';

const time = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A line chart of the kept lag points. */
export function LagChart({ history }: { history: readonly LagPoint[] }) {
  const channels = [...new Set(history.map((p) => p.channel))];
  const byTime = new Map<number, Record<string, number | null>>();
  for (const p of history) {
    const t = Date.parse(p.at);
    const row = byTime.get(t) ?? { t };
    row[`lag:${p.channel}`] = p.lagSeconds;
    row[`trx:${p.channel}`] = p.gtidBacklog;
    byTime.set(t, row);
  }
  const data = [...byTime.values()];
  const name = (c: string) => (c === '' ? 'default channel' : c);
  return (
    <figure className="repl-chart" aria-label="Replica lag" data-testid="repl-lag-chart">
      <figcaption>
        <span>Replica lag</span>
        <span className="muted small">{data.length} reading(s)</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 6, right: 10, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={time} stroke="var(--muted)" fontSize={11} />
          <YAxis
            yAxisId="s"
            allowDecimals={false}
            stroke="var(--muted)"
            fontSize={11}
            width={40}
            label={{ value: 's', position: 'insideTopLeft', fontSize: 11 }}
          />
          <YAxis
            yAxisId="trx"
            orientation="right"
            allowDecimals={false}
            stroke="var(--muted)"
            fontSize={11}
            width={40}
            label={{ value: 'trx', position: 'insideTopRight', fontSize: 11 }}
          />
          <Tooltip labelFormatter={(v) => time(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {channels.map((c) => (
            <Line
              key={`lag:${c}`}
              yAxisId="s"
              dataKey={`lag:${c}`}
              name={`lag (s), ${name(c)}`}
              stroke="var(--accent)"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
          {channels.map((c) => (
            <Line
              key={`trx:${c}`}
              yAxisId="trx"
              dataKey={`trx:${c}`}
              name={`not applied (trx), ${name(c)}`}
              stroke="var(--warn)"
              strokeDasharray="4 3"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
