/** Rows per partition as bars coloured by where each partition sits (expired, past, current, future, catch-all), and the same as a timeline strip. */
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PartitionInfo } from '../../../../../shared/contract/partitions';

const COLOR: Record<PartitionInfo['status'], string> = {
  expired: 'var(--err)',
  past: 'var(--muted)',
  current: 'var(--accent)',
  future: 'var(--ok)',
  'catch-all': 'var(--warn)',
  other: 'var(--muted)',
};

/** The chart and the timeline. */
export function PartitionChart({ partitions }: { partitions: readonly PartitionInfo[] }) {
  const data = partitions.map((p) => ({ name: p.name, rows: p.rows, status: p.status }));
  return (
    <div data-testid="partition-chart">
      <div className="muted small">Rows per partition</div>
      <ResponsiveContainer width="100%" height={170}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="name" tick={{ fontSize: 10, fill: 'var(--muted)' }} interval={0} angle={-35} textAnchor="end" height={48} />
          <YAxis allowDecimals={false} width={48} tick={{ fontSize: 11, fill: 'var(--muted)' }} />
          <Tooltip contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }} />
          <Bar dataKey="rows" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.name} fill={COLOR[d.status]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <div className="part-timeline" data-testid="partition-timeline" aria-label="Rotation timeline">
        {partitions.map((p) => (
          <div key={p.name} className={`part-slot st-${p.status}`} title={`${p.name}: ${p.from ?? '…'} → ${p.to ?? 'MAXVALUE'}, ${p.rows} rows`}>
            <span className="part-slot-name">{p.name}</span>
            <span className="part-slot-status">{p.status}</span>
          </div>
        ))}
      </div>
      <div className="part-legend small muted">
        {(['expired', 'past', 'current', 'future', 'catch-all'] as const).map((s) => (
          <span key={s}>
            <i style={{ background: COLOR[s] }} /> {s}
          </span>
        ))}
      </div>
    </div>
  );
}
