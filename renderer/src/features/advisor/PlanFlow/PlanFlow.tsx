/** Preview → apply (typed confirmation on production) → verify → keep / roll back, each change a plan. */
import { useShallow } from 'zustand/react/shallow';
import { PlanView } from '../../../app/plan/PlanView';
import { ApplyBox } from '../../../app/plan/ApplyBox';
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
  const trial = s.addRequest?.params.createInvisible === true && s.flavor === 'mysql';
  return (
    <div className="adv-flow">
      {s.preview && (
        <div className="card">
          <div className="small muted">{stageTitle[s.stage]}</div>
          <PlanView preview={s.preview} applied={s.applied} />
          {!s.applied && (
            <ApplyBox
              connection={connection}
              label={`Apply ${s.preview.plan.steps.length} step(s)`}
              busy={s.busy !== null}
              applying={s.busy === 'apply'}
              disabled={s.preview.plan.steps.length === 0}
              progress={s.busy === 'apply' ? s.progress : null}
              onApply={(confirmation) => void act.apply(connection.id, confirmation)}
            />
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
