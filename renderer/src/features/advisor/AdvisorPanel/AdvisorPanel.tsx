/** The index advisor panel: sources, advice grouped by table, findings, and the plan flow. */
import { useShallow } from 'zustand/react/shallow';
import { useActiveConnection } from '../../../app/active-connection';
import { useAdvisor } from '../advisor.store';
import { FindingsList } from '../FindingsList/FindingsList';
import { PlanFlow } from '../PlanFlow/PlanFlow';
import { Recommendations } from '../Recommendations/Recommendations';
import { SourceForm } from '../SourceForm/SourceForm';

/** The advisor panel. */
export default function AdvisorPanel() {
  const active = useActiveConnection();
  const found = active?.kind === 'mysql' ? active : null;
  const connection = found ? { id: found.id, name: found.name, production: found.production } : null;
  const s = useAdvisor(useShallow((x) => ({ advice: x.advice, adviceConnection: x.adviceConnection, ticked: x.ticked, busy: x.busy, error: x.error })));
  const previewAdd = useAdvisor((x) => x.previewAdd);
  const planable = s.advice?.planRequest !== null && s.adviceConnection !== null && s.adviceConnection === connection?.id;

  return (
    <section className="panel advisor" aria-label="Index advisor">
      <div className="panel-head">
        <h2>Index advisor</h2>
        <span className="muted">Workload + schema → indexes with evidence → previewed plan → verify → keep or roll back.</span>
      </div>
      {s.error && (
        <div className="error-text" role="alert">
          {s.error}
        </div>
      )}
      <SourceForm connection={connection} />
      {!s.advice && connection && (
        <div className="adv-results">
          <PlanFlow connection={connection} />
        </div>
      )}
      {s.advice && (
        <div className={planable && connection ? 'adv-results with-flow' : 'adv-results'}>
          <div className="card scroll">
            <div className="row between">
              <strong>
                Recommendations ({s.advice.recommendations.length}) ·{' '}
                {s.advice.source.schema === 'live' ? `live ${s.advice.source.database ?? ''}` : 'pasted DDL'}
                {s.advice.source.flavor ? ` · ${s.advice.source.flavor}` : ''}
              </strong>
              {planable && connection ? (
                <button className="primary" disabled={s.ticked.length === 0 || s.busy !== null} onClick={() => void previewAdd(connection.id)}>
                  {s.busy === 'preview' ? 'Previewing…' : `Preview plan (${s.ticked.length})`}
                </button>
              ) : (
                <span className="muted small">Connect and advise on the live schema to plan changes.</span>
              )}
            </div>
            <Recommendations advice={s.advice} />
            <FindingsList advice={s.advice} />
          </div>
          {planable && connection && (
            <div className="scroll">
              <PlanFlow connection={connection} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
