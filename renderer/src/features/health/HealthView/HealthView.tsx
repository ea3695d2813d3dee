/** The Health tab: a database's tables with fragmentation, statistics age and estimate error, and the ANALYZE / OPTIMIZE plan each needs (preview, then apply). */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActiveConnection } from '../../../app/active-connection';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { PlanView } from '../../../app/plan/PlanView';
import { useHealth } from '../health.store';

const mb = (n: number | null) => (n === null ? '—' : `${(n / 1048576).toFixed(1)} MB`);
const num = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US'));

/** The tab. */
export default function HealthView() {
  const connection = useActiveConnection();
  const h = useHealth(
    useShallow((s) => ({ schema: s.schema, tables: s.tables, preview: s.preview, applied: s.applied, busy: s.busy, progress: s.progress, error: s.error })),
  );
  const a = useHealth(useShallow((s) => ({ setSchema: s.setSchema, load: s.load, plan: s.plan, apply: s.apply })));

  useEffect(() => {
    if (connection?.kind === 'mysql' && !h.schema && connection.database) a.setSchema(connection.database);
  }, [connection?.id, connection?.kind, connection?.database, h.schema, a]);

  if (connection?.kind !== 'mysql') return <div className="empty">Table health reads MySQL-family connections.</div>;

  return (
    <section className="panel" aria-label="Table health">
      <div className="panel-head">
        <h2>Maintenance · Health</h2>
        <span className="muted">Free space left by deletes, statistics age, estimated against counted rows. Reads only; fixes are plans.</span>
      </div>
      {h.error && (
        <div className="error-text" role="alert">
          {h.error}
        </div>
      )}
      <div className="row">
        <label className="row">
          Database
          <input aria-label="Health database" value={h.schema} onChange={(e) => a.setSchema(e.target.value)} />
        </label>
        <button disabled={!h.schema.trim() || h.busy !== null} onClick={() => void a.load(connection.id)}>
          {h.busy === 'tables' ? 'Reading…' : 'Check tables'}
        </button>
      </div>
      <div className="split">
        <div className="card scroll">
          <table className="grid" data-testid="health-tables">
            <thead>
              <tr>
                <th>Table</th>
                <th className="num">Rows est. / counted</th>
                <th className="num">Data + indexes</th>
                <th className="num">Free</th>
                <th className="num">Stats age</th>
                <th>Advice</th>
              </tr>
            </thead>
            <tbody>
              {h.tables.map((t) => (
                <tr key={t.table} title={t.reasons.join('; ')}>
                  <td>{t.table}</td>
                  <td className="num">
                    {num(t.estimatedRows)} / {num(t.countedRows)}
                    {t.estimateErrorPct !== null && t.estimateErrorPct > 0 && <span className="muted small"> ({t.estimateErrorPct}% off)</span>}
                  </td>
                  <td className="num">{mb((t.dataBytes ?? 0) + (t.indexBytes ?? 0))}</td>
                  <td className="num">
                    {mb(t.freeBytes)}
                    {t.fragmentationPct !== null && <span className="muted small"> ({t.fragmentationPct}%)</span>}
                  </td>
                  <td className="num">{t.statsAgeDays === null ? '—' : `${t.statsAgeDays} d`}</td>
                  <td>
                    <span className="row">
                      <button
                        className={t.advice.includes('analyze') ? '' : 'ghost'}
                        disabled={h.busy !== null}
                        onClick={() => void a.plan(t.table, 'analyze')}
                      >
                        ANALYZE
                      </button>
                      <button
                        className={t.advice.includes('optimize') ? '' : 'ghost'}
                        disabled={h.busy !== null}
                        onClick={() => void a.plan(t.table, 'optimize')}
                      >
                        OPTIMIZE
                      </button>
                    </span>
                    {t.reasons.length > 0 && <div className="muted small">{t.reasons.join('; ')}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {h.tables.length === 0 && <p className="muted">Name a database and check its tables.</p>}
        </div>
        <div className="card scroll">
          {h.preview ? (
            <>
              <PlanView preview={h.preview} applied={h.applied} />
              {!h.applied && (
                <ApplyBox
                  connection={connection}
                  label={`Apply ${h.preview.plan.steps.length} step(s)`}
                  busy={h.busy !== null}
                  applying={h.busy === 'apply'}
                  progress={h.progress}
                  onApply={(confirmation) => void a.apply(confirmation)}
                />
              )}
            </>
          ) : (
            <p className="muted">A highlighted button is the advice for that table. Each opens its plan: nothing runs until you apply it.</p>
          )}
        </div>
      </div>
    </section>
  );
}
