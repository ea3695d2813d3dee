/** ANALYZE TABLE through the executor: choose tables, preview (writes nothing), apply, compare. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActiveConnection } from '../../../app/active-connection';
import { useMaintenance } from '../maintenance.store';
import { PlanView } from '../../../app/plan/PlanView';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { fmtBytes } from '../../../../../shared/format-bytes';

/** The statistics tab: ANALYZE TABLE on chosen tables. */
export default function AnalyzeView() {
  const connection = useActiveConnection();
  const m = useMaintenance(
    useShallow((s) => ({
      tables: s.tables,
      selected: s.selected,
      busy: s.busy,
      error: s.error,
      plan: s.plan,
      progress: s.progress,
      forConnection: s.connectionId,
    })),
  );
  const actions = useMaintenance(
    useShallow((s) => ({ loadTables: s.loadTables, toggle: s.toggle, selectAll: s.selectAll, runPreview: s.runPreview, apply: s.apply })),
  );

  useEffect(() => {
    if (connection?.kind === 'mysql' && m.forConnection !== connection.id) void actions.loadTables(connection.id);
  }, [connection?.id, connection?.kind, m.forConnection, actions]);

  const busy = m.busy ?? m.plan?.busy ?? null;
  const error = m.error ?? m.plan?.error ?? null;
  const preview = m.plan?.preview ?? null;

  if (connection?.kind === 'redis') return <div className="empty">ANALYZE TABLE applies to MySQL-family connections.</div>;

  return (
    <section className="panel" aria-label="Maintenance">
      <div className="panel-head">
        <h2>Maintenance · ANALYZE TABLE</h2>
        <span className="muted">Refreshes optimizer statistics. Preview first: it reads only.</span>
      </div>
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      <div className="split">
        <div className="card scroll">
          <div className="row between">
            <strong>Tables</strong>
            <span className="row">
              <button className="ghost" onClick={() => actions.selectAll(true)}>
                All
              </button>
              <button className="ghost" onClick={() => actions.selectAll(false)}>
                None
              </button>
            </span>
          </div>
          {m.busy === 'tables' && <div className="muted">Reading tables…</div>}
          <table className="grid">
            <thead>
              <tr>
                <th />
                <th>Table</th>
                <th>Engine</th>
                <th className="num">Rows (est.)</th>
                <th className="num">Data</th>
                <th className="num">Indexes</th>
              </tr>
            </thead>
            <tbody>
              {m.tables.map((t) => {
                const key = `${t.schema}.${t.table}`;
                return (
                  <tr key={key}>
                    <td>
                      <input type="checkbox" aria-label={`Select ${key}`} checked={m.selected.includes(key)} onChange={() => actions.toggle(key)} />
                    </td>
                    <td>{key}</td>
                    <td>{t.engine}</td>
                    <td className="num">{t.rows?.toLocaleString('en-US') ?? '—'}</td>
                    <td className="num">{fmtBytes(t.dataBytes)}</td>
                    <td className="num">{fmtBytes(t.indexBytes)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="row">
            <button onClick={() => void actions.runPreview()} disabled={m.selected.length === 0 || busy !== null}>
              {busy === 'preview' ? 'Previewing…' : `Preview plan (${m.selected.length})`}
            </button>
          </div>
        </div>
        <div className="card scroll">
          {preview ? (
            <>
              <PlanView preview={preview} applied={m.plan?.applied ?? null} />
              {!m.plan?.applied && (
                <ApplyBox
                  connection={connection ?? { name: '', production: false }}
                  label={`Apply ${preview.plan.steps.length} step(s)`}
                  busy={busy !== null}
                  applying={busy === 'apply'}
                  progress={m.progress}
                  onApply={(confirmation) => void actions.apply(confirmation)}
                />
              )}
            </>
          ) : (
            <p className="muted">Select tables and preview the plan. Nothing runs until you apply it.</p>
          )}
        </div>
      </div>
    </section>
  );
}
