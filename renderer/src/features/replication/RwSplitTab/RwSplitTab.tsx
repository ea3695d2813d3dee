/** The Read/write split tab: a slow log pasted or the live server's statement history → read share, classes with their routes and lag budgets, read-after-write pairs, and the ProxySQL / ShardingSphere exports with copy. */
import { useShallow } from 'zustand/react/shallow';
import type { RwClass, RwSplitAdvice } from '../../../../../shared/contract/replication';
import { useActiveConnection } from '../../../app/active-connection';
import { useUi } from '../../../app/ui.store';
import { useRwSplit } from '../replication.store';
import '../replication.css';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const ROUTE: Record<RwClass['route'], string> = { replica: 'replica', primary: 'primary', 'replica-after-gtid-wait': 'replica after GTID wait' };

function Share({ a }: { a: RwSplitAdvice }) {
  const time = (k: RwClass['kind']) => a.classes.filter((c) => c.kind === k).reduce((s, c) => s + c.totalTimeSec, 0);
  const total = a.classes.reduce((s, c) => s + c.totalTimeSec, 0) || 1;
  const parts: Array<[string, number, string]> = [
    ['reads', time('read'), 'var(--ok)'],
    ['locking reads', time('locking-read'), 'var(--warn)'],
    ['writes', time('write'), 'var(--err)'],
    ['other', time('other'), 'var(--muted)'],
  ];
  return (
    <div className="card" aria-label="Read share">
      <div className="row between">
        <strong data-testid="rw-read-share">Reads: {pct(a.readShareByTime)} of the time</strong>
        <span className="muted small">
          {pct(a.readShareByCount)} of {a.events} statements · {a.source === 'slowlog' ? 'slow log' : 'performance_schema'} · {a.flavor}
        </span>
      </div>
      <div className="rw-share" role="img" aria-label={`Time by kind: ${parts.map(([n, v]) => `${n} ${pct(v / total)}`).join(', ')}`}>
        {parts.map(([n, v, color]) =>
          v > 0 ? <span key={n} title={`${n} ${pct(v / total)}`} style={{ width: `${(v / total) * 100}%`, background: color }} /> : null,
        )}
      </div>
      <div className="row small muted">
        {parts.map(([n, v, color]) => (
          <span key={n}>
            <span style={{ color }}>■</span> {n} {pct(v / total)}
          </span>
        ))}
      </div>
    </div>
  );
}

/** The Read/write split tab. */
export default function RwSplitTab() {
  const connection = useActiveConnection();
  const toast = useUi((s) => s.toast);
  const s = useRwSplit(
    useShallow((x) => ({
      source: x.source,
      logText: x.logText,
      windowMs: x.windowMs,
      readSloMs: x.readSloMs,
      maxLagSec: x.maxLagSec,
      advice: x.advice,
      exportFormat: x.exportFormat,
      busy: x.busy,
      error: x.error,
    })),
  );
  const actions = useRwSplit(
    useShallow((x) => ({ setSource: x.setSource, setLogText: x.setLogText, setOptions: x.setOptions, setExportFormat: x.setExportFormat, advise: x.advise })),
  );
  const a = s.advice;
  const exp = a?.exports.find((e) => e.format === s.exportFormat);
  const copy = () =>
    exp &&
    void navigator.clipboard.writeText(exp.text).then(
      () => toast('info', 'Copied'),
      () => toast('error', 'The clipboard is not available'),
    );
  const num = (v: string, min: number) => Math.max(min, Math.floor(Number(v) || min));
  return (
    <section className="panel" aria-label="Read/write split">
      <div className="panel-head">
        <h2>Read/write split</h2>
        <span className="muted small">Which reads a replica can take, which must see their own writes.</span>
      </div>
      <div className="card">
        <div className="row">
          <label>
            <input type="radio" name="rw-source" checked={s.source === 'slowlog'} onChange={() => actions.setSource('slowlog')} /> Slow log (long_query_time =
            0)
          </label>
          <label>
            <input
              type="radio"
              name="rw-source"
              checked={s.source === 'connection'}
              onChange={() => actions.setSource('connection')}
              disabled={connection?.kind !== 'mysql'}
            />{' '}
            performance_schema of {connection?.kind === 'mysql' ? connection.name : 'the active connection'}
          </label>
        </div>
        {s.source === 'slowlog' && (
          <textarea
            className="rw-log"
            aria-label="Slow log text"
            placeholder="Paste a slow log here"
            value={s.logText}
            onChange={(e) => actions.setLogText(e.target.value)}
          />
        )}
        <div className="row">
          <label className="small">
            Window ms{' '}
            <input
              type="number"
              aria-label="Window ms"
              min={1}
              value={s.windowMs}
              onChange={(e) => actions.setOptions({ windowMs: num(e.target.value, 1) })}
              style={{ width: 80 }}
            />
          </label>
          <label className="small">
            Read SLO ms{' '}
            <input
              type="number"
              aria-label="Read SLO ms"
              min={1}
              value={s.readSloMs}
              onChange={(e) => actions.setOptions({ readSloMs: num(e.target.value, 1) })}
              style={{ width: 80 }}
            />
          </label>
          <label className="small">
            Max lag s{' '}
            <input
              type="number"
              aria-label="Max lag s"
              min={1}
              value={s.maxLagSec}
              onChange={(e) => actions.setOptions({ maxLagSec: num(e.target.value, 1) })}
              style={{ width: 60 }}
            />
          </label>
          <button onClick={() => void actions.advise(connection?.kind === 'mysql' ? connection.id : null)} disabled={s.busy}>
            {s.busy ? 'Analyzing…' : 'Advise'}
          </button>
        </div>
      </div>
      {s.error && (
        <div className="error-text" role="alert">
          {s.error}
        </div>
      )}
      {a && (
        <>
          <Share a={a} />
          {a.warnings.map((w, i) => (
            <div key={i} className="muted small">
              {w}
            </div>
          ))}
          <div className="card" aria-label="Read-after-write pairs">
            <strong data-testid="rw-pairs-title">
              Read-after-write pairs: {a.pairs.length} (same connection, within {a.options.windowMs} ms)
            </strong>
            {a.pairs.length > 0 && (
              <table className="grid">
                <thead>
                  <tr>
                    <th>Write</th>
                    <th>Then read</th>
                    <th className="num">Times</th>
                    <th className="num">Connections</th>
                    <th className="num">Min gap ms</th>
                    <th>Tables</th>
                  </tr>
                </thead>
                <tbody>
                  {a.pairs.map((p) => (
                    <tr key={`${p.writeClassId}-${p.readClassId}`} data-testid="rw-pair">
                      <td className="rw-fp">{p.writeFingerprint.slice(0, 80)}</td>
                      <td className="rw-fp">{p.readFingerprint.slice(0, 80)}</td>
                      <td className="num">{p.occurrences}</td>
                      <td className="num">{p.threads}</td>
                      <td className="num">{p.minGapMs.toFixed(1)}</td>
                      <td>{p.tables.join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="small">{a.policy}</p>
            <p className="small muted">{a.gtidWait}</p>
          </div>
          <div className="card" aria-label="Classes">
            <strong>Statement classes</strong>
            <table className="grid">
              <thead>
                <tr>
                  <th>Route</th>
                  <th>Kind</th>
                  <th className="num">Count</th>
                  <th className="num">Time s</th>
                  <th className="num">After a write</th>
                  <th className="num">Lag budget ms</th>
                  <th>Class</th>
                </tr>
              </thead>
              <tbody>
                {a.classes.map((c) => (
                  <tr key={c.id} title={c.reason} data-testid={`rw-class-${c.route}`}>
                    <td>
                      <span className={`badge ${c.route === 'replica' ? 'ok' : c.route === 'primary' ? 'risk-medium' : 'risk-low'}`}>{ROUTE[c.route]}</span>
                    </td>
                    <td>{c.kind}</td>
                    <td className="num">{c.count}</td>
                    <td className="num">{c.totalTimeSec.toFixed(3)}</td>
                    <td className="num">{c.afterWriteCount}</td>
                    <td className="num">{c.lagBudgetMs ?? '—'}</td>
                    <td className="rw-fp">{c.fingerprint.slice(0, 110)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="card" aria-label="Exports">
            <div className="row between">
              <span className="row">
                <strong>Export</strong>
                <select
                  aria-label="Export format"
                  value={s.exportFormat}
                  onChange={(e) => actions.setExportFormat(e.target.value as 'proxysql' | 'shardingsphere')}
                >
                  <option value="proxysql">ProxySQL (admin SQL)</option>
                  <option value="shardingsphere">ShardingSphere (!READWRITE_SPLITTING)</option>
                </select>
                {exp &&
                  (exp.problems.length ? (
                    <span className="badge risk-high">{exp.problems.length} structural problem(s)</span>
                  ) : (
                    <span className="badge ok">structure checked</span>
                  ))}
              </span>
              <button className="ghost" onClick={copy} aria-label="Copy export">
                Copy
              </button>
            </div>
            {exp?.problems.map((p, i) => (
              <div key={i} className="error-text small">
                {p}
              </div>
            ))}
            <pre className="rw-export" data-testid="rw-export">
              {exp?.text}
            </pre>
          </div>
        </>
      )}
    </section>
  );
}
