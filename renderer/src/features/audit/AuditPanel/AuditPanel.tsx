/**
 * Every step the executor ran (or stopped at, or skipped), newest first, with its rollback:
 * filtered by connection, kind, outcome and text, exported as CSV or JSON, times in UTC, and a
 * Roll back button that previews the recorded rollback as a plan and applies it through the
 * executor (production connections ask for their name), so a rollback outlives the page it began in.
 */
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { PlanView } from '../../../app/plan/PlanView';
import { outcomeTextClass } from '../../../app/plan/outcome';
import { useConnections } from '../../connections/connections.store';
import { auditCsv, auditJson, filterAudit, utcStamp } from '../audit.filter';
import { useAudit } from '../audit.store';

/** Saves text as a file through the browser. */
function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The rollback of one entry: its preview, the typed confirmation on production, the outcome. */
function RollbackBox() {
  const rb = useAudit((s) => s.rollback);
  const { applyRollback, closeRollback } = useAudit(useShallow((s) => ({ applyRollback: s.applyRollback, closeRollback: s.closeRollback })));
  const connection = useConnections((s) => s.list.find((c) => c.id === rb?.connectionId) ?? null);
  if (!rb) return null;
  return (
    <div className="card" data-testid="audit-rollback">
      {rb.busy === 'preview' && <div className="muted">Previewing the rollback (reads only)…</div>}
      {rb.error && (
        <div className="error-text" role="alert">
          {rb.error}
        </div>
      )}
      {rb.preview && <PlanView preview={rb.preview} applied={rb.applied} details />}
      {rb.preview && !rb.applied && connection && (
        <ApplyBox
          connection={connection}
          label="Apply rollback"
          busy={rb.busy !== null}
          applying={rb.busy === 'apply'}
          onApply={(confirmation) => void applyRollback(confirmation)}
        >
          <button className="ghost" onClick={closeRollback}>
            Cancel
          </button>
        </ApplyBox>
      )}
      {!connection && <div className="error-text">The connection this entry ran on is no longer saved: the rollback cannot be applied from here.</div>}
      {rb.applied && (
        <button className="ghost" onClick={closeRollback}>
          Close
        </button>
      )}
    </div>
  );
}

/** The audit panel. */
export default function AuditPanel() {
  const { entries, error, filter, rollback } = useAudit(useShallow((s) => ({ entries: s.entries, error: s.error, filter: s.filter, rollback: s.rollback })));
  const { load, setFilter, previewRollback } = useAudit(useShallow((s) => ({ load: s.load, setFilter: s.setFilter, previewRollback: s.previewRollback })));

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => filterAudit(entries, filter), [entries, filter]);
  const connections = useMemo(() => [...new Map(entries.map((e) => [e.connectionId, e.connectionName])).entries()], [entries]);
  const planners = useMemo(() => [...new Set(entries.map((e) => e.planner))].sort(), [entries]);

  return (
    <section className="panel" aria-label="Audit log">
      <div className="panel-head">
        <h2>Audit log</h2>
        <span className="muted small">times in UTC</span>
      </div>
      <div className="row small audit-filters" role="search">
        <select aria-label="Connection filter" value={filter.connectionId} onChange={(e) => setFilter({ connectionId: e.target.value })}>
          <option value="">All connections</option>
          {connections.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
        <select aria-label="Kind filter" value={filter.planner} onChange={(e) => setFilter({ planner: e.target.value })}>
          <option value="">All kinds</option>
          {planners.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <select aria-label="Outcome filter" value={filter.status} onChange={(e) => setFilter({ status: e.target.value })}>
          <option value="">All outcomes</option>
          {['ok', 'failed', 'skipped', 'unknown'].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <input aria-label="Text filter" placeholder="SQL, plan, message…" value={filter.text} onChange={(e) => setFilter({ text: e.target.value })} />
        <span className="muted">
          {shown.length.toLocaleString('en-US')} of {entries.length.toLocaleString('en-US')}
        </span>
        <span className="spacer" />
        <button className="ghost" disabled={!shown.length} onClick={() => download(auditCsv(shown), 'audit-log.csv', 'text/csv')}>
          Export CSV
        </button>
        <button className="ghost" disabled={!shown.length} onClick={() => download(auditJson(shown), 'audit-log.json', 'application/json')}>
          Export JSON
        </button>
      </div>
      {error && <div className="error-text">{error}</div>}
      <RollbackBox />
      {entries.length === 0 ? (
        <p className="muted">Nothing applied yet. Every step a plan runs is recorded here: who, when, where, the SQL, the result and how long it took.</p>
      ) : (
        <div className="card scroll">
          <table className="grid" data-testid="audit-table">
            <thead>
              <tr>
                <th>When (UTC)</th>
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
              {shown.map((e) => (
                <tr key={e.id} className={e.status} data-testid={`audit-row-${e.id}`}>
                  <td className="nowrap">{utcStamp(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{e.connectionName}</td>
                  <td title={`${e.planner} · plan ${e.planHash}`}>{e.planTitle}</td>
                  <td>
                    <code className="sql">{e.sql}</code>
                  </td>
                  <td className={outcomeTextClass(e.status)}>
                    {e.status === 'unknown' ? <span className="badge unknown">outcome unknown</span> : `${e.status}:`} {e.message}
                  </td>
                  <td className="num">{e.durationMs.toFixed(0)}</td>
                  <td>
                    <code className="small">{e.rollback ?? '—'}</code>
                    {e.rollback && e.status === 'ok' && (
                      <button className="ghost tiny" disabled={rollback?.busy != null} onClick={() => void previewRollback(e)}>
                        Roll back
                      </button>
                    )}
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
