/** Charts of an analysis: memory by pattern (bars) and keys per TTL bucket (stacked by pattern). */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ttlBucketIds, ttlBucketLabels, type PatternStats } from '../../../../../shared/contract/redis';
import { fmtBytes } from '../../tuner/format';

const COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#84cc16', '#f97316'];

/** The patterns holding the most memory. */
export function MemoryBars({ patterns }: { patterns: readonly PatternStats[] }) {
  const data = patterns.slice(0, 12).map((p) => ({ pattern: p.pattern, memory: p.memoryBytes, keys: p.keys }));
  return (
    <div data-testid="memory-chart" aria-label="Memory by pattern">
      <div className="muted small">Memory by pattern (sum of MEMORY USAGE), top {data.length}</div>
      <ResponsiveContainer width="100%" height={Math.max(160, data.length * 26 + 30)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis type="number" tickFormatter={(v: number) => fmtBytes(v)} tick={{ fontSize: 11, fill: 'var(--muted)' }} />
          <YAxis type="category" dataKey="pattern" width={230} tick={{ fontSize: 11, fill: 'var(--muted)' }} />
          <Tooltip contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }} formatter={(v) => fmtBytes(Number(v))} />
          <Bar dataKey="memory" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Keys per TTL bucket, each bar split by the biggest patterns. */
export function TtlChart({ patterns }: { patterns: readonly PatternStats[] }) {
  const top = [...patterns].sort((a, b) => b.keys - a.keys).slice(0, 7);
  const rest = patterns.filter((p) => !top.includes(p));
  const data = ttlBucketIds.map((b) => {
    const row: Record<string, string | number> = { bucket: ttlBucketLabels[b] };
    for (const p of top) row[p.pattern] = p.ttlBuckets[b];
    if (rest.length) row['other patterns'] = rest.reduce((a, p) => a + p.ttlBuckets[b], 0);
    return row;
  });
  const series = [...top.map((p) => p.pattern), ...(rest.length ? ['other patterns'] : [])];
  return (
    <div data-testid="ttl-chart" aria-label="TTL buckets">
      <div className="muted small">Keys by remaining TTL</div>
      <ResponsiveContainer width="100%" height={230}>
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="bucket" tick={{ fontSize: 11, fill: 'var(--muted)' }} />
          <YAxis allowDecimals={false} width={56} tick={{ fontSize: 11, fill: 'var(--muted)' }} />
          <Tooltip contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {series.map((s, i) => (
            <Bar key={s} dataKey={s} stackId="ttl" fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
