/** A plan's steps with risk, estimate and rollback; after apply, each step's outcome and the re-measurement. */
import type { OutputOf } from '../../../../shared/contract/core';
import type { AppContract } from '../../../../shared/contract';
import { MetricsTable } from './MetricsTable';
import { PlanNote } from './PlanNote';
import { outcomeTextClass } from './outcome';

interface Props {
  preview: OutputOf<AppContract, 'actions.preview'>;
  applied: OutputOf<AppContract, 'actions.apply'> | null;
  /** Show what the preview measured per step (EXPLAIN, affected rows, sizes) under each step. */
  details?: boolean;
}

/** The rollback line of a step: its statement, what to do when none can exist, or that none is needed. */
export function rollbackText(step: { rollback: string | null; noRollback?: string }): string {
  if (step.rollback) return `Rollback: ${step.rollback}`;
  return step.noRollback ? `Rollback: ${step.noRollback}` : 'Rollback: none needed';
}

/** Plan steps and, once applied, outcomes and before/after metrics. */
export function PlanView({ preview, applied, details = false }: Props) {
  const outcome = (id: string) => applied?.outcomes.find((o) => o.stepId === id);
  const measured = (id: string) => Object.entries(preview.steps.find((t) => t.stepId === id)?.details ?? {});
  return (
    <div data-testid="plan-view">
      <div className="row between">
        <strong>{preview.plan.title}</strong>
        {applied ? (
          <span className="badge" data-testid="plan-applied-badge" title="The executor ran this plan; each step's outcome is below">
            applied {applied.stoppedAt ? '· stopped' : ''}
          </span>
        ) : (
          <span className="badge ok" title="The preview opened a read-only session">
            dry run · writes nothing
          </span>
        )}
      </div>
      <div className="muted small">plan {preview.plan.hash.slice(0, 12)}</div>
      <ol className="steps">
        {preview.plan.steps.map((s) => {
          const o = outcome(s.id);
          return (
            <li key={s.id} className={o ? `step ${o.status}` : 'step'}>
              <code className="sql">{s.sql}</code>
              <div className="small">
                <span className={`badge risk-${s.risk}`}>{s.risk} risk</span> {s.kind} · {s.estimate}
              </div>
              <div className="small muted" data-testid="step-rollback">
                {rollbackText(s)}
              </div>
              {details && measured(s.id).length > 0 && (
                <dl className="small step-details" data-testid="step-details">
                  {measured(s.id).map(([k, v]) => (
                    <div key={k}>
                      <dt>{k}</dt>
                      <dd>
                        {k === 'explain' ? (
                          <code className="sql">{String(v ?? '—')}</code>
                        ) : typeof v === 'number' ? (
                          v.toLocaleString('en-US')
                        ) : (
                          String(v ?? '—')
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
              {o && (
                <div className={`small ${outcomeTextClass(o.status)}`} data-testid="step-outcome">
                  {o.status === 'unknown' ? (
                    <span className="badge unknown" title="The connection was lost while this step ran">
                      outcome unknown
                    </span>
                  ) : (
                    o.status.toUpperCase()
                  )}{' '}
                  in {o.durationMs.toFixed(0)} ms — {o.message}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {preview.plan.notes.map((n) => (
        <PlanNote key={n} note={n} />
      ))}
      {applied?.stoppedAt && (
        <div className="error-text" role="alert">
          Stopped at step {applied.stoppedAt}; later steps were not run.
          {outcome(applied.stoppedAt)?.status === 'unknown' &&
            ' The connection was lost while it ran: check on the server whether it took effect before re-running or rolling back.'}
        </div>
      )}
      <MetricsTable before={preview.before.metrics} after={applied ? (applied.after?.metrics ?? []) : null} />
    </div>
  );
}
