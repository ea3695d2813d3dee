/** Preview → apply (typed confirmation on production) → verify → keep / roll back, each change a plan. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { PlanView } from '../../maintenance/MaintenancePanel/PlanView';
import { useAdvisor } from '../advisor.store';
import { VerifyView } from '../VerifyView/VerifyView';

interface Props {
  connection: { id: string; name: string; production: boolean };
}

const stageTitle = { add: 'Add the ticked indexes', keep: 'Keep', rollback: 'Roll back' } as const;

/** The plan flow. */
export function PlanFlow({ connection }: Props) {
  const s = useAdvisor(
    useShallow((x) => ({
      stage: x.stage,
      preview: x.preview,
      applied: x.applied,
      addRequest: x.addRequest,
      verified: x.verified,
      busy: x.busy,
      progress: x.progress,
      flavor: x.advice?.source.flavor,
    })),
  );
  const act = useAdvisor(useShallow((x) => ({ apply: x.apply, verify: x.verify, previewFollowUp: x.previewFollowUp })));
  const [confirmText, setConfirmText] = useState('');
  const confirmed = !connection.production || confirmText === connection.name;
  const trial = s.addRequest?.params.createInvisible === true && s.flavor === 'mysql';
  return (
    <div className="adv-flow">
      {s.preview && (
        <div className="card">
          <div className="small muted">{stageTitle[s.stage]}</div>
          <PlanView preview={s.preview} applied={s.applied} />
          {!s.applied && (
            <div className="apply-box">
              {connection.production && (
                <label>
                  Production: type <code>{connection.name}</code> to confirm
                  <input aria-label="Confirmation" value={confirmText} onChange={(e) => setConfirmText(e.target.value)} />
                </label>
              )}
              <button
                className="primary"
                disabled={s.busy !== null || !confirmed || s.preview.plan.steps.length === 0}
                onClick={() => void act.apply(connection.id, connection.production ? confirmText : undefined)}
              >
                {s.busy === 'apply' ? 'Applying…' : `Apply ${s.preview.plan.steps.length} step(s)`}
              </button>
              {s.busy === 'apply' && s.progress && <span className="muted small">{s.progress}</span>}
            </div>
          )}
        </div>
      )}
      {s.addRequest && (
        <div className="card">
          <div className="row between">
            <strong>Verify the new indexes</strong>
            <button disabled={s.busy !== null} onClick={() => void act.verify(connection.id)}>
              {s.busy === 'verify' ? 'Verifying…' : 'Verify'}
            </button>
          </div>
          {s.busy === 'verify' && s.progress && <div className="muted small">{s.progress}</div>}
          {s.verified && <VerifyView verified={s.verified} />}
          <ul className="adv-decide">
            {(s.addRequest.params.add ?? []).map((a) => (
              <li key={a.name} className="row">
                <code>
                  {a.table}.{a.name}
                </code>
                {trial && (
                  <button className="ghost" disabled={s.busy !== null} onClick={() => void act.previewFollowUp(connection.id, 'keep', a.name)}>
                    Keep {a.name}
                  </button>
                )}
                <button className="ghost" disabled={s.busy !== null} onClick={() => void act.previewFollowUp(connection.id, 'rollback', a.name)}>
                  Roll back {a.name}
                </button>
              </li>
            ))}
          </ul>
          <p className="muted small">
            {trial
              ? 'The indexes were created invisible: the application does not use them until you keep them.'
              : 'The indexes are live. Keep them, or roll one back (hidden first, then dropped).'}
          </p>
        </div>
      )}
    </div>
  );
}
