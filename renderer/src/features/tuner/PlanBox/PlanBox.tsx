/** The ticked recommendations as a plan: preview (dry run), apply with confirmation, re-measure. */
import { useShallow } from 'zustand/react/shallow';
import type { ConnectionInfo } from '../../../../../shared/contract/connections';
import { PlanView } from '../../../app/plan/PlanView';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { fmtValue } from '../format';
import { useTuner } from '../tuner.store';

/** Plan preview, apply and re-measure for the selected findings. */
export function PlanBox({ connection }: { connection: ConnectionInfo }) {
  const s = useTuner(
    useShallow((x) => ({
      selected: x.selected,
      preview: x.plan?.preview ?? null,
      applied: x.plan?.applied ?? null,
      remeasure: x.remeasure,
      busy: x.busy ?? x.plan?.busy ?? null,
      progress: x.progress,
    })),
  );
  const act = useTuner(useShallow((x) => ({ runPreview: x.runPreview, apply: x.apply, runRemeasure: x.runRemeasure })));
  const touches = new Map(s.preview?.steps.map((t) => [t.stepId, t.details]) ?? []);
  return (
    <div className="card tuner-plan">
      <div className="row between">
        <strong>Plan</strong>
        <button onClick={() => void act.runPreview(connection.id)} disabled={s.selected.length === 0 || s.busy !== null}>
          {s.busy === 'preview' ? 'Previewing…' : `Preview plan (${s.selected.length})`}
        </button>
      </div>
      {!s.preview && <p className="muted small">Tick recommendations, then preview: the preview only reads.</p>}
      {s.preview && (
        <>
          <table className="grid small" data-testid="tuner-changes">
            <thead>
              <tr>
                <th>Variable</th>
                <th>Current</th>
                <th>New</th>
                <th>Why</th>
                <th>Restart</th>
              </tr>
            </thead>
            <tbody>
              {s.preview.plan.steps.map((st) => {
                const d = touches.get(st.id) ?? {};
                return (
                  <tr key={st.id}>
                    <td>
                      <code>{st.id.split(':')[1]}</code>
                    </td>
                    <td>{String(d.current ?? '')}</td>
                    <td>
                      <strong>{String(d.new ?? '')}</strong>
                    </td>
                    <td className="muted">{st.description.split(':')[0]}</td>
                    <td>{st.needsRestart ? <span className="badge risk-medium">needs restart</span> : 'no'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <PlanView preview={s.preview} applied={s.applied} />
          {!s.applied && (
            <ApplyBox
              connection={connection}
              label={`Apply ${s.preview.plan.steps.length} step(s)`}
              busy={s.busy !== null}
              applying={s.busy === 'apply'}
              disabled={s.preview.plan.steps.length === 0}
              onApply={(confirmation) => void act.apply(connection.id, confirmation)}
            />
          )}
          {s.applied && (
            <div className="row">
              <button className="primary" onClick={() => void act.runRemeasure(connection.id)} disabled={s.busy !== null}>
                {s.busy === 'remeasure' ? 'Re-measuring…' : 'Re-measure'}
              </button>
              {s.busy === 'remeasure' && s.progress && <span className="muted small">{s.progress.message}</span>}
            </div>
          )}
        </>
      )}
      {s.remeasure && (
        <div data-testid="remeasure">
          <strong>After the change</strong> <span className="muted small">sampled over {s.remeasure.intervalSeconds.toFixed(1)} s</span>
          {s.remeasure.comparisons.map((c) => (
            <div key={c.ruleId} className="tuner-compare">
              <div className="small">
                <b>{c.ruleId}</b> {c.resolved ? <span className="badge ok">resolved</span> : <span className="badge risk-medium">still fires</span>}
              </div>
              <table className="grid small">
                <tbody>
                  {[...c.inputs.filter((i) => i.changed), c.result].map((i) => (
                    <tr key={`${i.source}:${i.name}`} className={i.changed ? 'changed' : ''}>
                      <td>
                        <code>{i.name}</code>
                      </td>
                      <td>{fmtValue(i.before, i.unit)}</td>
                      <td>→</td>
                      <td>
                        <strong>{fmtValue(i.after, i.unit)}</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
