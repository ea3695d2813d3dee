/** Every step the executor ran (or stopped at, or skipped), newest first, with its rollback. */
import { useEffect, useState } from 'react';
import { useUi } from '../../../app/ui.store';
import { outcomeTextClass } from '../../../app/plan/outcome';
import { useAudit } from '../audit.store';

/** The audit panel. */
export default function AuditPanel() {
  const entries = useAudit((s) => s.entries);
  const error = useAudit((s) => s.error);
  const load = useAudit((s) => s.load);
  const activeConnectionId = useUi((s) => s.activeConnectionId);
  const [onlyActive, setOnlyActive] = useState(false);

  useEffect(() => {
    void load(onlyActive && activeConnectionId ? activeConnectionId : undefined);
  }, [load, onlyActive, activeConnectionId]);

  return (
    <section className="panel" aria-label="Audit log">
      <div className="panel-head">
        <h2>Audit log</h2>
        <label className="check">
          <input type="checkbox" checked={onlyActive} onChange={(e) => setOnlyActive(e.target.checked)} disabled={!activeConnectionId} />
          Only the active connection
        </label>
      </div>
      {error && <div className="error-text">{error}</div>}
      {entries.length === 0 ? (
        <p className="muted">Nothing applied yet. Every step a plan runs is recorded here: who, when, where, the SQL, the result and how long it took.</p>
      ) : (
        <div className="card scroll">
          <table className="grid" data-testid="audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Connection</th>
                <th>Plan</th>
                <th>SQL</th>
                <th>Result</th>
                <th className="num">ms</th>
                <th>Rollback</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className={e.status}>
                  <td className="nowrap">{new Date(e.at).toLocaleString()}</td>
                  <td>{e.actor}</td>
                  <td>{e.connectionName}</td>
                  <td title={e.planHash}>{e.planTitle}</td>
                  <td>
                    <code className="sql">{e.sql}</code>
                  </td>
                  <td className={outcomeTextClass(e.status)}>
                    {e.status === 'unknown' ? <span className="badge unknown">outcome unknown</span> : `${e.status}:`} {e.message}
                  </td>
                  <td className="num">{e.durationMs.toFixed(0)}</td>
                  <td>
                    <code className="small">{e.rollback ?? '—'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
