/** The normalized plan as a tree: access, estimates, measured figures, estimate-vs-actual mismatches. */
import type { ParsedPlan, PlanNode } from '../../../../../shared/contract/explain';

const n = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? null : v.toLocaleString('en-US', { maximumFractionDigits: digits }));

function NodeRow({ node }: { node: PlanNode }) {
  const a = node.access;
  const bad = a?.type === 'ALL' || a?.type === 'index';
  return (
    <li>
      <div className={`plan-node kind-${node.kind}${node.mismatch ? ' mismatch' : ''}${bad ? ' scan' : ''}`} data-testid="plan-node">
        <span className="badge">{node.kind}</span> <strong>{node.label}</strong>
        {a && (
          <span className="small">
            {' '}
            · {a.type}
            {a.key ? ` via ${a.key}` : ' · no index'}
          </span>
        )}
        {node.joinAlgorithm && <span className="small"> · {node.joinAlgorithm.replace(/_/g, ' ')}</span>}
        <div className="small muted">
          {n(node.estimate.rows) !== null && <>est. rows {n(node.estimate.rows)} </>}
          {n(node.estimate.filtered, 1) !== null && <>· filtered {n(node.estimate.filtered, 1)}% </>}
          {n(node.estimate.cost, 2) !== null && <>· cost {n(node.estimate.cost, 2)} </>}
          {node.actual && (
            <>
              · actual rows {n(node.actual.rows) ?? '—'} × loops {n(node.actual.loops) ?? '—'}
              {node.actual.timeMs !== null && <> · {n(node.actual.timeMs, 3)} ms</>}
            </>
          )}
          {node.flags.length > 0 && <> · {node.flags.join(', ').replace(/_/g, ' ')}</>}
          {node.tempOnDisk && <> · temporary table on disk</>}
        </div>
        {node.mismatch && (
          <div className="small warn-text">
            Estimate {node.mismatch.direction === 'over' ? 'over' : 'under'} by ×{n(node.mismatch.factor, 1)}: expected {n(node.mismatch.estimatedRows)},
            measured {n(node.mismatch.actualRows)}
          </div>
        )}
        {node.condition && <code className="small cond">{node.condition}</code>}
      </div>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <NodeRow key={c.id} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** A plan tree with its format and total cost. */
export function PlanTree({ plan, title }: { plan: ParsedPlan; title?: string }) {
  return (
    <div className="plan-tree" data-testid="plan-tree">
      <div className="small muted">
        {title ? `${title} · ` : ''}
        {plan.format} · {plan.flavor}
        {plan.totalCost !== null && ` · total cost ${n(plan.totalCost, 2)}`}
        {plan.partial && ' · partial'}
      </div>
      {plan.warnings.map((w) => (
        <div key={w} className="small warn-text">
          {w}
        </div>
      ))}
      <ul>
        <NodeRow node={plan.root} />
      </ul>
    </div>
  );
}
