/** A write statement refused by the read session, offered as a plan: preview (writes nothing), then apply. */
import { useState } from 'react';
import type { ConnectionInfo } from '../../../../../shared/contract/connections';
import { PlanView } from '../../../app/plan/PlanView';
import { useEditor } from '../editor.store';

/** The plan box under a READ_ONLY result. */
export function StatementPlan({ connection }: { connection: ConnectionInfo }) {
  const plan = useEditor((s) => s.plan);
  const applyPlan = useEditor((s) => s.applyPlan);
  const closePlan = useEditor((s) => s.closePlan);
  const [confirm, setConfirm] = useState('');
  if (!plan) return null;
  return (
    <div className="card" data-testid="statement-plan">
      {plan.busy && !plan.preview && <div className="muted">Previewing (reads only)…</div>}
      {plan.error && (
        <div className="error-text" role="alert">
          {plan.error}
        </div>
      )}
      {plan.preview && <PlanView preview={plan.preview} applied={plan.applied} />}
      {plan.preview && !plan.applied && (
        <div className="apply-box">
          {connection.production && (
            <label>
              Production: type <code>{connection.name}</code> to confirm
              <input aria-label="Confirmation" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
            </label>
          )}
          <button
            className="primary"
            disabled={plan.busy || (connection.production && confirm !== connection.name)}
            onClick={() => void applyPlan(connection.id, connection.production ? confirm : undefined)}
          >
            {plan.busy ? 'Applying…' : 'Apply statement'}
          </button>
          <button className="ghost" onClick={closePlan}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
