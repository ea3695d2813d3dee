/** Preview → apply (typed confirmation on production) → verify → keep / roll back, each change a plan; the applied plan comes back after a reload. */
import { useEffect } from 'react';
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
      preview: x.flow?.preview ?? null,
      applied: x.flow?.applied ?? null,
      addRequest: x.addRequest,
      restoredAt: x.restoredAt,
      gone: x.gone,
      present: x.present,
      verified: x.verified,
      busy: x.busy,
      progress: x.progress,
      flavor: x.advice?.source.flavor,
    })),
  );
  const act = useAdvisor(useShallow((x) => ({ apply: x.apply, verify: x.verify, previewFollowUp: x.previewFollowUp, restore: x.restore })));
  useEffect(() => {
    void act.restore(connection.id);
  }, [act, connection.id]);
  const trial = s.addRequest?.params.createInvisible === true && s.flavor !== 'mariadb';
  const adds = s.addRequest?.params.add ?? [];
  const isGone = (a: { table: string; name: string }) => s.gone.includes(`${a.table}.${a.name}`.toLowerCase());
  const allGone = adds.length > 0 && adds.every(isGone);
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
          {s.restoredAt && (
            <div className="muted small" data-testid="adv-restored">
              Applied {s.restoredAt.replace('T', ' ').slice(0, 19)} UTC, read back from the audit log.
            </div>
          )}
          {s.busy === 'verify' && s.progress && <div className="muted small">{s.progress}</div>}
          {s.verified && <VerifyView verified={s.verified} />}
          <ul className="adv-decide" data-testid="adv-applied-indexes">
            {adds.map((a) => {
              const key = `${a.table}.${a.name}`.toLowerCase();
              return (
                <li key={a.name} className="row">
                  <code>
                    {a.table}.{a.name}
                  </code>
                  {isGone(a) ? (
                    <span className="badge" data-testid="adv-index-gone">
                      gone (rolled back)
                    </span>
                  ) : (
                    <>
                      {s.present[key] && <span className="muted small">now: {s.present[key]}</span>}
                      {trial && (
                        <button className="ghost" disabled={s.busy !== null} onClick={() => void act.previewFollowUp(connection.id, 'keep', a.name)}>
                          Keep {a.name}
                        </button>
                      )}
                      <button className="ghost" disabled={s.busy !== null} onClick={() => void act.previewFollowUp(connection.id, 'rollback', a.name)}>
                        Roll back {a.name}
                      </button>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          <p className="muted small" data-testid="adv-applied-state">
            {allGone
              ? 'Every index of this plan is gone: it was rolled back.'
              : trial
                ? 'The indexes were created invisible: the application does not use them until you keep them.'
                : s.gone.length > 0
                  ? 'The indexes not rolled back are live. Keep them, or roll one back (hidden first, then dropped).'
                  : 'The indexes are live. Keep them, or roll one back (hidden first, then dropped).'}
          </p>
        </div>
      )}
    </div>
  );
}
