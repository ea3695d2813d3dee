/** Alerts: what fires now, the rules in force (as data), their Prometheus form, and the history. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useMonitor } from '../monitor.store';
import { askNotificationPermission, notificationPermission } from '../notify';

/** The alerts tab. */
export function Alerts() {
  const m = useMonitor(
    useShallow((s) => ({ rules: s.rules, active: s.active, recent: s.recent, history: s.alertHistory, yaml: s.prometheusYaml, live: s.live })),
  );
  const a = useMonitor(useShallow((s) => ({ exportRules: s.exportRules, loadAlertHistory: s.loadAlertHistory, saveRulesText: s.saveRulesText })));
  const [permission, setPermission] = useState(notificationPermission());
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="mon-alerts scroll">
      <section className="card" aria-label="Firing alerts" data-testid="active-alerts">
        <div className="row between">
          <strong>Firing now</strong>
          <span className="row">
            <span className="muted small">Desktop notifications: {permission}</span>
            {permission === 'default' && (
              <button className="ghost small" onClick={() => void askNotificationPermission().then(setPermission)}>
                Allow notifications
              </button>
            )}
          </span>
        </div>
        {m.active.length === 0 ? (
          <p className="muted">{m.live ? 'No rule fires.' : 'Rules are evaluated on each live sample: go live on the dashboard.'}</p>
        ) : (
          <ul>
            {m.active.map((x) => (
              <li key={x.ruleId}>
                <span className={`badge sev-${x.severity}`}>{x.severity}</span> <strong>{x.ruleId}</strong> — {x.summary}{' '}
                <span className="muted">since {new Date(x.since).toLocaleTimeString()}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-label="Alert rules" data-testid="alert-rules">
        <div className="row between">
          <strong>Rules {m.rules?.custom ? '(saved)' : '(shipped defaults)'}</strong>
          <span className="row">
            <button className="ghost small" onClick={() => setEditing(JSON.stringify({ rules: m.rules?.rules ?? [] }, null, 2))}>
              Edit as JSON
            </button>
            {m.rules?.custom && (
              <button className="ghost small" onClick={() => void a.saveRulesText('[]')}>
                Restore shipped rules
              </button>
            )}
            <button className="ghost small" onClick={() => void a.exportRules()}>
              Export for Prometheus
            </button>
          </span>
        </div>
        {editing !== null && (
          <div className="mon-edit">
            <textarea aria-label="Rules JSON" value={editing} onChange={(e) => setEditing(e.target.value)} rows={14} spellCheck={false} />
            <div className="row">
              <button className="primary" onClick={() => void a.saveRulesText(editing).then((ok) => ok && setEditing(null))}>
                Save rules
              </button>
              <button className="ghost" onClick={() => setEditing(null)}>
                Cancel
              </button>
              <span className="muted small">expr: metric op number or [[ .param ]], joined by and / or; forSec, cooldownSec in seconds</span>
            </div>
          </div>
        )}
        <table className="grid">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Expression</th>
              <th>Params</th>
              <th>For</th>
              <th>Severity</th>
              <th>Cooldown</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {m.rules?.rules.map((r) => (
              <tr key={r.id} title={r.summary}>
                <td>
                  <strong>{r.id}</strong>
                  <div className="muted small">{r.summary}</div>
                </td>
                <td>
                  <code className="small">{r.expr}</code>
                </td>
                <td className="small">
                  {r.params.map((p) => (
                    <div key={p.name}>
                      {p.name} = {p.value} {p.unit}{' '}
                      <span className="muted">
                        [{p.range[0]}–{p.range[1]}]
                      </span>
                    </div>
                  ))}
                </td>
                <td>{r.forSec} s</td>
                <td>
                  <span className={`badge sev-${r.severity}`}>{r.severity}</span>
                </td>
                <td>{r.cooldownSec} s</td>
                <td className="muted">{r.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {m.yaml && (
          <pre className="mon-yaml" aria-label="Prometheus rule file">
            {m.yaml}
          </pre>
        )}
      </section>
      <section className="card" aria-label="Alert history" data-testid="alert-history">
        <div className="row between">
          <strong>History</strong>
          <button className="ghost small" onClick={() => void a.loadAlertHistory()}>
            Refresh
          </button>
        </div>
        {m.history.length === 0 ? (
          <p className="muted">No alert has fired on this connection.</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th>When</th>
                <th>Rule</th>
                <th>State</th>
                <th>Message</th>
                <th>Notified</th>
              </tr>
            </thead>
            <tbody>
              {m.history.map((e, i) => (
                <tr key={i}>
                  <td>{new Date(e.at).toLocaleString()}</td>
                  <td>
                    <span className={`badge sev-${e.severity}`}>{e.severity}</span> {e.ruleId}
                  </td>
                  <td>{e.state}</td>
                  <td>{e.message}</td>
                  <td>{e.notify ? 'yes' : 'cooldown'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
