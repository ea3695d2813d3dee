/**
 * The Redis panel: analyze the active Redis connection's whole keyspace (progress, cancel,
 * resume, sample, throttle), then read it as a DBA would — overview (memory, hit ratio,
 * evictions), memory by pattern, TTL buckets, the pattern table, biggest keys, slow log by
 * command shape, the cache-design lint — and fix a pattern through a previewed plan.
 */
import { useShallow } from 'zustand/react/shallow';
import { ttlBucketIds, ttlBucketLabels, type RedisAnalysis } from '../../../../../shared/contract/redis';
import { useActiveConnection } from '../../../app/active-connection';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { PlanView } from '../../../app/plan/PlanView';
import { fmtBytes } from '../../tuner/format';
import { useRedis } from '../redis.store';
import { MemoryBars, TtlChart } from './RedisCharts';

const n = (v: number) => v.toLocaleString('en-US');
/** The timed TTL buckets (keys without expiry have their own column). */
const TIMED = ttlBucketIds.filter((b) => b !== 'noExpiry');
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function Overview({ a }: { a: RedisAnalysis }) {
  const s = a.server;
  const tiles: Array<[string, string, string?]> = [
    ['Used memory', fmtBytes(s.usedMemory), s.maxmemory ? `of ${fmtBytes(s.maxmemory)}` : 'no maxmemory'],
    ['Policy', s.maxmemoryPolicy],
    ['Hit ratio', pct(s.hitRatio), `${n(s.keyspaceHits)} hits / ${n(s.keyspaceMisses)} misses`],
    ['Evicted', n(s.evictedKeys), `expired ${n(s.expiredKeys)}`],
    ['Fragmentation', s.fragmentationRatio?.toFixed(2) ?? '—'],
    ['Keys scanned', n(a.totals.keys), `${a.totals.patterns} patterns, ${n(a.totals.noTtlKeys)} without TTL`],
  ];
  return (
    <div className="redis-tiles" data-testid="redis-overview">
      {tiles.map(([label, value, sub]) => (
        <div key={label} className="card redis-tile">
          <div className="muted small">{label}</div>
          <div className="redis-tile-value">{value}</div>
          {sub && <div className="muted small">{sub}</div>}
        </div>
      ))}
    </div>
  );
}

function PatternTable({ a, onPlan }: { a: RedisAnalysis; onPlan: (action: 'expire' | 'delete', pattern: string) => void }) {
  return (
    <table className="grid small redis-table" data-testid="redis-patterns">
      <thead>
        <tr>
          <th>Pattern</th>
          <th className="num">Keys</th>
          <th className="num">Memory</th>
          <th className="num">p50</th>
          <th className="num">p99</th>
          <th className="num">Max</th>
          <th className="num">No TTL</th>
          {TIMED.map((b) => (
            <th key={b} className="num">
              {ttlBucketLabels[b]}
            </th>
          ))}
          <th>Types</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {a.patterns.slice(0, 200).map((p) => (
          <tr key={p.pattern}>
            <td title={`e.g. ${p.example}`}>
              <code>{p.pattern}</code>
            </td>
            <td className="num">{n(p.keys)}</td>
            <td className="num">{fmtBytes(p.memoryBytes)}</td>
            <td className="num">{fmtBytes(p.memory.p50)}</td>
            <td className="num">{fmtBytes(p.memory.p99)}</td>
            <td className="num">{fmtBytes(p.memory.max)}</td>
            <td className={`num ${p.noTtlKeys ? 'error-text' : ''}`}>{n(p.noTtlKeys)}</td>
            {TIMED.map((b) => (
              <td key={b} className="num muted">
                {p.ttlBuckets[b] ? n(p.ttlBuckets[b]) : ''}
              </td>
            ))}
            <td className="small">
              {Object.entries(p.types)
                .map(([t, c]) => `${t} ${n(c)}`)
                .join(', ')}
            </td>
            <td>
              <button className="ghost small" aria-label={`Delete keys of ${p.pattern}`} onClick={() => onPlan('delete', p.pattern)}>
                Delete…
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The Redis panel. */
export default function RedisPanel() {
  const connection = useActiveConnection();
  const r = useRedis(
    useShallow((s) => ({
      analysis: s.analysis,
      forConnection: s.connectionId,
      busy: s.busy ?? s.plan?.busy ?? null,
      progress: s.progress,
      error: s.error ?? s.plan?.error ?? null,
      resumeId: s.resumeId,
      useDesign: s.useDesign,
      sample: s.sample,
      pauseMs: s.pauseMs,
      preview: s.plan?.preview ?? null,
      applied: s.plan?.applied ?? null,
      planProgress: s.planProgress,
    })),
  );
  const act = useRedis(
    useShallow((s) => ({
      analyze: s.analyze,
      cancel: s.cancel,
      setUseDesign: s.setUseDesign,
      setSample: s.setSample,
      setPauseMs: s.setPauseMs,
      choosePlan: s.choosePlan,
      apply: s.apply,
      closePlan: s.closePlan,
    })),
  );
  if (!connection || connection.kind !== 'redis') return <div className="empty">Choose a Redis connection in the top bar to analyze its keyspace.</div>;
  const a = r.analysis && r.forConnection === connection.id ? r.analysis : null;
  const plan = (action: 'expire' | 'delete', pattern: string, ttlSeconds?: number) => void act.choosePlan({ action, pattern, ttlSeconds });
  return (
    <section className="panel" aria-label="Redis">
      <div className="panel-head">
        <h2>Redis · cache analysis</h2>
        <span className="muted">Every key, grouped by pattern at full depth. Reads only; changes go through a previewed plan.</span>
      </div>
      <div className="card row">
        <label className="row">
          <input type="checkbox" checked={r.useDesign} onChange={(e) => act.setUseDesign(e.target.checked)} /> Lint against the co-writing design
        </label>
        <label className="row">
          Sample keys{' '}
          <input
            aria-label="Sample keys"
            className="redis-num"
            placeholder="all"
            value={r.sample}
            onChange={(e) => act.setSample(e.target.value.replace(/\D/g, ''))}
          />
        </label>
        <label className="row">
          Pause ms / 10 SCANs{' '}
          <input aria-label="Pause ms" className="redis-num" value={r.pauseMs} onChange={(e) => act.setPauseMs(e.target.value.replace(/\D/g, ''))} />
        </label>
        {r.busy === 'analyze' ? (
          <button onClick={act.cancel}>Stop</button>
        ) : (
          <button className="primary" onClick={() => void act.analyze(connection.id)}>
            Analyze
          </button>
        )}
        {r.resumeId && r.busy !== 'analyze' && <button onClick={() => void act.analyze(connection.id, true)}>Resume</button>}
        {r.progress && (
          <span className="muted small" aria-label="Scan progress">
            {n(r.progress.done)} / {r.progress.total === null ? '?' : n(r.progress.total)} keys
            <progress max={r.progress.total ?? 1} value={r.progress.done} />
          </span>
        )}
      </div>
      {r.error && (
        <div className="error-text" role="alert">
          {r.error}
        </div>
      )}
      {a && (
        <>
          <div className="muted small" data-testid="redis-summary">
            Redis {a.server.version} ({a.server.mode}
            {a.server.nodes.length > 1 ? `, ${a.server.nodes.length} primaries` : ''}), db {a.db}: {n(a.totals.keys)} keys read of {n(a.server.dbKeys)} in{' '}
            {(a.durationMs / 1000).toFixed(2)} s{a.complete ? '' : a.sampled ? ' — a sample' : ' — stopped'}; MEMORY USAGE sum {fmtBytes(a.totals.memoryBytes)}.{' '}
            {a.server.keySizes === null ? 'INFO keysizes: not on this server.' : ''}
          </div>
          <Overview a={a} />
          <div className="split">
            <div className="card">
              <MemoryBars patterns={a.patterns} />
            </div>
            <div className="card">
              <TtlChart patterns={a.patterns} />
            </div>
          </div>
          <div className="card" data-testid="redis-findings">
            <strong>
              Cache-design lint {a.design ? `against “${a.design.name}”` : '(no design: server rules only)'} — {a.findings.length} finding(s)
            </strong>
            <ul className="cards">
              {a.findings.map((f) => (
                <li key={`${f.rule}:${f.subject}`} className="card" data-testid={`finding-${f.rule}`}>
                  <div className="row between">
                    <span>
                      <span className={`badge sev-${f.severity === 'error' ? 'critical' : f.severity}`}>{f.severity}</span> <strong>{f.rule}</strong>{' '}
                      <code>{f.subject}</code>
                    </span>
                    {f.plan && (
                      <button onClick={() => plan(f.plan!.action, f.plan!.pattern, f.plan!.ttlSeconds)}>
                        {f.plan.action === 'expire' ? `Preview: set ${f.plan.ttlSeconds} s TTL` : 'Preview: delete keys'}
                      </button>
                    )}
                  </div>
                  <div className="small">{f.message}</div>
                  <div className="small muted">Fix: {f.fix}</div>
                </li>
              ))}
            </ul>
          </div>
          {r.preview && (
            <div className="card" data-testid="redis-plan">
              <div className="row between">
                <strong>Plan</strong>
                <button className="ghost" onClick={act.closePlan}>
                  Close
                </button>
              </div>
              <PlanView preview={r.preview} applied={r.applied} />
              {!r.applied && r.preview.plan.steps.length > 0 && (
                <ApplyBox
                  connection={connection}
                  label={`Apply: ${r.preview.plan.title}`}
                  busy={r.busy !== null}
                  applying={r.busy === 'apply'}
                  progress={r.planProgress}
                  onApply={(c) => void act.apply(c)}
                />
              )}
            </div>
          )}
          <div className="card scroll">
            <strong>Patterns ({a.patterns.length})</strong>
            <PatternTable a={a} onPlan={(action, pattern) => plan(action, pattern)} />
          </div>
          <div className="split">
            <div className="card scroll">
              <strong>Biggest keys</strong>
              <table className="grid small" data-testid="redis-biggest">
                <thead>
                  <tr>
                    <th>Key</th>
                    <th>Type</th>
                    <th className="num">Memory</th>
                    <th className="num">Elements</th>
                    <th className="num">TTL</th>
                  </tr>
                </thead>
                <tbody>
                  {a.biggest.slice(0, 20).map((k) => (
                    <tr key={`${k.node}/${k.key}`}>
                      <td>
                        <code>{k.key}</code>
                      </td>
                      <td>{k.type}</td>
                      <td className="num">{fmtBytes(k.bytes)}</td>
                      <td className="num">{k.elements === null ? '' : n(k.elements)}</td>
                      <td className="num">{k.ttlMs === null ? 'none' : `${Math.round(k.ttlMs / 1000)} s`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="card scroll">
              <strong>Slow log by command shape ({a.server.slowlogEntries} entries)</strong>
              <table className="grid small" data-testid="redis-slowlog">
                <thead>
                  <tr>
                    <th>Shape</th>
                    <th className="num">Count</th>
                    <th className="num">Total ms</th>
                    <th className="num">Max ms</th>
                  </tr>
                </thead>
                <tbody>
                  {a.server.slowlog.slice(0, 20).map((g) => (
                    <tr key={g.shape}>
                      <td title={g.example}>
                        <code>{g.shape}</code>
                      </td>
                      <td className="num">{n(g.count)}</td>
                      <td className="num">{(g.totalUs / 1000).toFixed(1)}</td>
                      <td className="num">{(g.maxUs / 1000).toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <strong>Commands by time (commandstats)</strong>
              <table className="grid small">
                <tbody>
                  {a.server.commandStats.slice(0, 10).map((c) => (
                    <tr key={c.command}>
                      <td>{c.command}</td>
                      <td className="num">{n(c.calls)} calls</td>
                      <td className="num">{(c.usec / 1000).toFixed(1)} ms</td>
                      <td className="num">{c.usecPerCall.toFixed(1)} µs/call</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
