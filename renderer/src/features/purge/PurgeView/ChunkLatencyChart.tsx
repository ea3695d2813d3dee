/** Per-chunk latency of a purge (ms per committed chunk), live while it runs: a rising line means the purge is hurting the server or waiting on locks. */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PurgeChunk } from '../../../../../shared/contract/purge';

/** The chart. */
export function ChunkLatencyChart({ chunks }: { chunks: readonly PurgeChunk[] }) {
  const data = chunks.map((c) => ({ n: c.n, ms: c.ms, rows: c.rows }));
  return (
    <div data-testid="purge-latency-chart">
      <div className="muted small">Latency per chunk (ms): bound read, DELETE, checkpoint and COMMIT</div>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis
            dataKey="n"
            tick={{ fontSize: 11, fill: 'var(--muted)' }}
            label={{ value: 'chunk', position: 'insideBottomRight', offset: -2, fontSize: 11, fill: 'var(--muted)' }}
          />
          <YAxis width={48} tick={{ fontSize: 11, fill: 'var(--muted)' }} />
          <Tooltip
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }}
            formatter={(v: unknown, name: unknown) => [name === 'ms' ? `${Number(v).toFixed(1)} ms` : String(v), name === 'ms' ? 'latency' : String(name)]}
            labelFormatter={(l: unknown) => `chunk ${String(l)}`}
          />
          <Line type="monotone" dataKey="ms" stroke="var(--accent)" dot={data.length < 60} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
