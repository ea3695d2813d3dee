/** Shard plan: candidate keys with their routing shares, each table's place and skew, cross-shard queries, and the checked exports. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useShallow } from 'zustand/react/shallow';
import type { ShardPlan } from '../../../../../shared/contract/shards';
import { useActiveConnection } from '../../../app/active-connection';
import { useShardPlan } from '../shard-plan.store';

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

/** Rows per shard of each sharded table, one bar per shard. */
function SkewChart({ plan }: { plan: ShardPlan }) {
  const tables = plan.tables.filter((t) => t.skew);
  if (tables.length === 0) return <p className="muted small">Skew is counted on the server: plan from a connection to see rows per shard.</p>;
  const data = tables.map((t) => Object.fromEntries([['table', t.table], ...t.skew!.perShard.map((n, i) => [`shard ${i}`, n])]));
  const colors = ['var(--accent)', 'var(--ok)', 'var(--warn)', 'var(--err)', 'var(--muted)'];
  return (
    <div data-testid="skew-chart">
      <div className="muted small">Rows per shard under {plan.func.name}</div>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="table" tick={{ fontSize: 10, fill: 'var(--muted)' }} interval={0} angle={-30} textAnchor="end" height={60} />
          <YAxis width={56} tick={{ fontSize: 11, fill: 'var(--muted)' }} />
          <Tooltip contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }} />
          <Legend />
          {Array.from({ length: plan.shards }, (_, i) => (
            <Bar key={i} dataKey={`shard ${i}`} fill={colors[i % colors.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The Shard plan tab. */
export default function ShardPlanTab() {
  const conn = useActiveConnection();
  const s = useShardPlan(useShallow((x) => x));
  const exp = s.exports.find((e) => e.kind === s.shown);
  const save = (): void => {
    if (!exp) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([exp.text], { type: 'text/plain' }));
    a.download = exp.kind === 'vitess' ? 'vschema.json' : exp.kind === 'shardingsphere' ? 'config-sharding.yaml' : 'spider.sql';
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <div className="shard-plan" data-testid="shard-plan-tab">
      <div className="row">
        <button onClick={() => void s.loadExample()} disabled={s.busy !== null}>
          Load the co-writing example
        </button>
        <label>
          Shards <input type="number" min={2} max={1024} value={s.shards} onChange={(e) => s.setShards(Number(e.target.value))} style={{ width: 64 }} />
        </label>
        {conn && (
          <label>
            Database on {conn.name} <input value={s.database} onChange={(e) => s.setDatabase(e.target.value)} style={{ width: 120 }} />
          </label>
        )}
        <button
          className="primary"
          onClick={() => void s.runPlan(conn ? conn.id : null)}
          disabled={s.busy !== null || !s.workloadSql.trim() || (!conn && !s.schemaSql.trim())}
        >
          {s.busy === 'plan' ? 'Planning…' : conn ? `Plan from ${conn.name}` : 'Plan from the schema text'}
        </button>
      </div>
      {s.error && <div className="error">{s.error}</div>}
      <div className="row">
        <textarea
          aria-label="Schema DDL"
          placeholder="CREATE TABLE … (offline)"
          value={s.schemaSql}
          onChange={(e) => s.setSchema(e.target.value)}
          rows={5}
          style={{ flex: 1 }}
        />
        <textarea
          aria-label="Workload"
          placeholder="-- name | qps | slo&#10;SELECT …"
          value={s.workloadSql}
          onChange={(e) => s.setWorkload(e.target.value)}
          rows={5}
          style={{ flex: 1 }}
        />
      </div>
      {s.plan && (
        <>
          <h3>
            Shard key <code>{`${s.plan.root}.${s.plan.key}`}</code> ({s.plan.keyName}), {s.plan.shards} shards
          </h3>
          <table className="grid" data-testid="shard-candidates">
            <thead>
              <tr>
                <th>Candidate</th>
                <th>Reads single / multi / scatter / unsharded</th>
                <th>Writes single</th>
                <th>Reach</th>
                <th>Score</th>
              </tr>
            </thead>
            <tbody>
              {s.plan.candidates.map((c) => (
                <tr key={`${c.table}.${c.column}`}>
                  <td>{`${c.table}.${c.column}`}</td>
                  <td>{[c.reads.single, c.reads.multi, c.reads.scatter, c.reads.unsharded].map(pct).join(' / ')}</td>
                  <td>{pct(c.writes.single)}</td>
                  <td>{pct(c.reach)}</td>
                  <td>{c.score.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <SkewChart plan={s.plan} />
          <table className="grid" data-testid="shard-tables">
            <thead>
              <tr>
                <th>Table</th>
                <th>Role</th>
                <th>Key</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {s.plan.tables.map((t) => (
                <tr key={t.table}>
                  <td>{t.table}</td>
                  <td>{t.role}</td>
                  <td>{t.keyColumn ?? ''}</td>
                  <td className="small">{t.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Cross-shard queries ({s.plan.crossShard.length})</h3>
          <ul data-testid="cross-shard">
            {s.plan.crossShard.map((q) => (
              <li key={q.name}>
                <b>{q.name}</b>{' '}
                <span className="muted">
                  ({q.kind}, {q.routing})
                </span>
                : {q.reason}
                {q.rewrite && <div className="small muted">Rewrite: {q.rewrite}</div>}
              </li>
            ))}
          </ul>
          <div className="row" role="tablist" aria-label="Exports">
            {s.exports.map((e) => (
              <button
                key={e.kind}
                role="tab"
                aria-selected={e.kind === s.shown}
                className={e.kind === s.shown ? 'tab active' : 'tab'}
                onClick={() => s.show(e.kind)}
              >
                {e.kind === 'vitess' ? 'Vitess VSchema' : e.kind === 'shardingsphere' ? 'ShardingSphere YAML' : 'Spider SQL'}{' '}
                {e.issues.length ? `(${e.issues.length} issues)` : '✓'}
              </button>
            ))}
            <button onClick={() => exp && void navigator.clipboard?.writeText(exp.text)} disabled={!exp}>
              Copy
            </button>
            <button onClick={save} disabled={!exp}>
              Save…
            </button>
          </div>
          {exp && exp.issues.length > 0 && (
            <ul className="error">
              {exp.issues.map((i) => (
                <li key={`${i.path}${i.message}`}>{`${i.path}: ${i.message}`}</li>
              ))}
            </ul>
          )}
          {exp && (
            <pre className="code" data-testid="shard-export" style={{ maxHeight: 320, overflow: 'auto' }}>
              {exp.text}
            </pre>
          )}
          <ul className="muted small">
            {s.plan.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
