/** ANALYZE of a statement that writes: the rolled-back plan previewed (writes nothing), then run after confirmation. */
import type { ConnectionInfo } from '../../../../../shared/contract/connections';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { MetricsTable } from '../../../app/plan/MetricsTable';
import { PlanView } from '../../../app/plan/PlanView';
import { useEditor } from '../editor.store';

type Applied = NonNullable<NonNullable<ReturnType<typeof useEditor.getState>['analyzeWrite']>['applied']>;

/** After the run: one line per step (the plan text itself is drawn as the tree below) and the data before/after. */
function RolledBack({ applied }: { applied: Applied }) {
  return (
    <div data-testid="analyze-write-outcome">
      <div className="small">
        {applied.outcomes.map((o) => (
          <span key={o.stepId} className={o.status === 'ok' ? 'ok-text' : 'error-text'}>
            {o.sql.length > 40 ? `${o.sql.slice(0, 40)}…` : o.sql}: {o.status} ({Math.round(o.durationMs)} ms){' · '}
          </span>
        ))}
        <span className="muted">audited</span>
      </div>
      <MetricsTable before={applied.before.metrics} after={applied.after?.metrics ?? []} afterLabel="After the rollback" verdict />
    </div>
  );
}

/** The confirmation box above the EXPLAIN view. */
export function AnalyzeWrite({ connection }: { connection: ConnectionInfo }) {
  const aw = useEditor((s) => s.analyzeWrite);
  const apply = useEditor((s) => s.applyAnalyzeWrite);
  const close = useEditor((s) => s.closeAnalyzeWrite);
  if (!aw) return null;
  return (
    <div className="card analyze-write" data-testid="analyze-write">
      <strong>ANALYZE of a write</strong>
      <p className="small muted">
        ANALYZE executes the statement. It runs inside a transaction that is rolled back, so the data is unchanged afterwards; the rows it changes stay locked
        while it runs.
      </p>
      {aw.busy === 'preview' && <div className="muted">Previewing (reads only)…</div>}
      {aw.error && (
        <div className="error-text" role="alert">
          {aw.error}
        </div>
      )}
      {aw.preview && !aw.applied && <PlanView preview={aw.preview} applied={null} />}
      {aw.applied && <RolledBack applied={aw.applied} />}
      {aw.preview && !aw.applied && (
        <ApplyBox
          connection={connection}
          label="ANALYZE (runs it, rolled back)"
          busy={aw.busy !== null}
          applying={aw.busy === 'apply'}
          applyingLabel="Running ANALYZE…"
          onApply={(confirmation) => void apply(connection.id, confirmation)}
        >
          <button className="ghost" onClick={close}>
            Cancel
          </button>
        </ApplyBox>
      )}
      {aw.applied && !aw.error && (
        <button className="ghost" onClick={close}>
          Hide
        </button>
      )}
    </div>
  );
}
