/**
 * The Health tab: a database's tables with fragmentation, statistics age and estimate error (the
 * ANALYZE / OPTIMIZE each needs), its unused indexes on their way out (hide, wait, drop) and CHECK
 * TABLE runs. Every change is a plan on the right: preview, apply, then its rollback if wanted.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fmtBytes } from '../../../../../shared/format-bytes';
import { useActiveConnection } from '../../../app/active-connection';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { PlanView } from '../../../app/plan/PlanView';
import { useHealth } from '../health.store';
import { CheckTables } from './CheckTables';
import { UnusedIndexes } from './UnusedIndexes';

const num = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US'));

/** The tab. */
export default function HealthView() {
  const connection = useActiveConnection();
  const h = useHealth(useShallow((s) => ({ schema: s.schema, tables: s.tables, flow: s.flow, reading: s.reading, progress: s.progress, error: s.error })));
  const a = useHealth(
    useShallow((s) => ({ setSchema: s.setSchema, load: s.load, plan: s.plan, apply: s.apply, cancel: s.cancel, planRollback: s.planRollback })),
  );

  useEffect(() => {
    if (connection?.kind === 'mysql' && !h.schema && connection.database) a.setSchema(connection.database);
  }, [connection?.id, connection?.kind, connection?.database, h.schema, a]);

  if (connection?.kind !== 'mysql') return <div className="empty">Table health reads MySQL-family connections.</div>;

  const flow = h.flow;
  const busy = flow?.busy != null || h.reading !== null;
  const hasRollback = flow?.applied?.plan.steps.some((s) => s.rollback) && flow.request.planner !== 'sql-statement';

  return (
    <section className="panel" aria-label="Table health">
      <div className="panel-head">
        <h2>Maintenance · Health</h2>
        <span className="muted">
          Free space left by deletes, statistics age, estimated against counted rows, unused indexes, CHECK TABLE. Reads only; fixes are plans.
        </span>
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
        <button disabled={!h.schema.trim() || busy} onClick={() => void a.load(connection.id)}>
          {h.reading === 'tables' ? 'Reading…' : 'Check tables'}
        </button>
      </div>
      <div className="split">
        <div className="scroll">
          <div className="card">
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
                    <td className="num">{fmtBytes(t.dataBytes === null && t.indexBytes === null ? null : (t.dataBytes ?? 0) + (t.indexBytes ?? 0), '—')}</td>
                    <td className="num">
                      {fmtBytes(t.freeBytes, '—')}
                      {t.fragmentationPct !== null && <span className="muted small"> ({t.fragmentationPct}%)</span>}
                    </td>
                    <td className="num">{t.statsAgeDays === null ? '—' : `${t.statsAgeDays} d`}</td>
                    <td>
                      <span className="row">
                        <button className={t.advice.includes('analyze') ? '' : 'ghost'} disabled={busy} onClick={() => void a.plan(t.table, 'analyze')}>
                          ANALYZE
                        </button>
                        <button className={t.advice.includes('optimize') ? '' : 'ghost'} disabled={busy} onClick={() => void a.plan(t.table, 'optimize')}>
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
          <UnusedIndexes connectionId={connection.id} />
          <CheckTables />
        </div>
        <div className="card scroll" aria-label="Health plan">
          {flow?.error && (
            <div className="error-text" role="alert">
              {flow.error}
            </div>
          )}
          {flow?.busy === 'preview' && <p className="muted">Planning…</p>}
          {flow?.preview ? (
            <>
              <PlanView preview={flow.preview} applied={flow.applied} details />
              {!flow.applied && (
                <ApplyBox
                  connection={connection}
                  label={`Apply ${flow.preview.plan.steps.length} step(s)`}
                  busy={busy}
                  applying={flow.busy === 'apply'}
                  progress={h.progress}
                  onApply={(confirmation) => void a.apply(confirmation)}
                >
                  {flow.busy === 'apply' && flow.preview.plan.steps.length > 1 && (
                    <button className="ghost" onClick={() => a.cancel()}>
                      Cancel
                    </button>
                  )}
                </ApplyBox>
              )}
              {hasRollback && (
                <button className="ghost" disabled={busy} onClick={() => void a.planRollback()}>
                  Plan the rollback
                </button>
              )}
            </>
          ) : (
            !flow?.error &&
            flow?.busy !== 'preview' && (
              <p className="muted">A highlighted button is the advice for that table. Each opens its plan: nothing runs until you apply it.</p>
            )
          )}
        </div>
      </div>
    </section>
  );
}
