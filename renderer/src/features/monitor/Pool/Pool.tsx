/** Connection-pool advice: the application's declared pool against what the server saw, formula per line. */
import { useShallow } from 'zustand/react/shallow';
import { useMonitor } from '../monitor.store';

/** The pool tab. */
export function Pool() {
  const m = useMonitor(useShallow((s) => ({ pool: s.pool, cores: s.cores, disks: s.disks, advice: s.poolAdvice, busy: s.busy })));
  const a = useMonitor(useShallow((s) => ({ setPool: s.setPool, setPoolField: s.setPoolField, adviseRun: s.adviseRun })));
  const n = (v: string) => Math.max(0, Math.round(Number(v) || 0));
  return (
    <div className="mon-pool scroll">
      <section className="card" aria-label="Declared pool">
        <strong>The application's pool (SQLAlchemy names)</strong>
        <div className="row mon-form">
          <label>
            <span className="muted small">app instances</span>
            <input
              aria-label="Instances"
              type="number"
              min={1}
              value={m.pool.instances}
              onChange={(e) => a.setPool({ instances: Math.max(1, n(e.target.value)) })}
            />
          </label>
          <label>
            <span className="muted small">pool_size</span>
            <input aria-label="pool_size" type="number" min={0} value={m.pool.poolSize} onChange={(e) => a.setPool({ poolSize: n(e.target.value) })} />
          </label>
          <label>
            <span className="muted small">max_overflow</span>
            <input aria-label="max_overflow" type="number" min={0} value={m.pool.maxOverflow} onChange={(e) => a.setPool({ maxOverflow: n(e.target.value) })} />
          </label>
          <label>
            <span className="muted small">pool_recycle (s, −1 never)</span>
            <input
              aria-label="pool_recycle"
              type="number"
              min={-1}
              value={m.pool.poolRecycleSec}
              onChange={(e) => a.setPool({ poolRecycleSec: Math.round(Number(e.target.value) || 0) })}
            />
          </label>
          <label className="row">
            <input type="checkbox" aria-label="pool_pre_ping" checked={m.pool.prePing} onChange={(e) => a.setPool({ prePing: e.target.checked })} />{' '}
            pool_pre_ping
          </label>
          <label>
            <span className="muted small">DB host cores</span>
            <input
              aria-label="Cores"
              placeholder="this machine's"
              value={m.cores}
              onChange={(e) => a.setPoolField('cores', e.target.value)}
              style={{ width: 110 }}
            />
          </label>
          <label>
            <span className="muted small">effective disks</span>
            <input aria-label="Disks" value={m.disks} onChange={(e) => a.setPoolField('disks', e.target.value)} style={{ width: 70 }} />
          </label>
          <button className="primary" onClick={() => void a.adviseRun()} disabled={m.busy === 'pool'}>
            Advise
          </button>
        </div>
      </section>
      {m.advice && (
        <section className="card" aria-label="Pool advice" data-testid="pool-advice">
          <div className="muted small">
            {m.advice.cores} cores ({m.advice.coresSource === 'os' ? 'this machine' : 'typed'}); {m.advice.historySamples} kept sample(s) for the peaks and
            aborted rates
          </div>
          <table className="grid">
            <thead>
              <tr>
                <th>Setting</th>
                <th>Now</th>
                <th>Recommended</th>
                <th>Formula</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {m.advice.items.map((i) => (
                <tr key={i.setting} className={`sev-row-${i.severity}`}>
                  <td>
                    <strong>{i.setting}</strong>
                  </td>
                  <td>{i.current}</td>
                  <td>
                    <strong>{i.recommended}</strong>
                  </td>
                  <td>
                    <code className="small">{i.formula}</code>
                  </td>
                  <td className="small">{i.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
