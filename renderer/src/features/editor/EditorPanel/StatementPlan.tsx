/** A write statement refused by the read session, offered as a plan: preview (writes nothing), then apply. */
import type { ConnectionInfo } from '../../../../../shared/contract/connections';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { PlanView } from '../../../app/plan/PlanView';
import { useEditor } from '../editor.store';

/** The plan box under a READ_ONLY result. */
export function StatementPlan({ connection }: { connection: ConnectionInfo }) {
  const plan = useEditor((s) => s.plan);
  const applyPlan = useEditor((s) => s.applyPlan);
  const closePlan = useEditor((s) => s.closePlan);
  if (!plan) return null;
  return (
    <div className="card" data-testid="statement-plan">
      {plan.busy === 'preview' && <div className="muted">Previewing (reads only)…</div>}
      {plan.error && (
        <div className="error-text" role="alert">
          {plan.error}
        </div>
      )}
      {plan.preview && <PlanView preview={plan.preview} applied={plan.applied} details />}
      {plan.preview && !plan.applied && (
        <ApplyBox
          connection={connection}
          label="Apply statement"
          busy={plan.busy !== null}
          applying={plan.busy === 'apply'}
          applyingLabel="Applying…"
          onApply={(confirmation) => void applyPlan(connection.id, confirmation)}
        >
          <button className="ghost" onClick={closePlan}>
            Cancel
          </button>
        </ApplyBox>
      )}
    </div>
  );
}
