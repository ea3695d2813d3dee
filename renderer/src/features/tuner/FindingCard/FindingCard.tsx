/** One tuner finding: severity, message, a tick to plan it, and the evidence behind it on demand. */
import type { TunerFinding } from '../../../../../shared/contract/tuner';
import { fmtValue, severityIcon } from '../format';

interface Props {
  finding: TunerFinding;
  expanded: boolean;
  selected: boolean;
  onToggleExpanded(): void;
  onToggleSelected(): void;
}

/** A finding with its evidence (formula, inputs, result, recommendation and how it was computed). */
export function FindingCard({ finding: f, expanded, selected, onToggleExpanded, onToggleSelected }: Props) {
  return (
    <li className={`card tuner-finding tf-${f.severity}`} data-testid={`finding-${f.ruleId}`}>
      <div className="row between">
        <span className="row">
          {f.changes.length > 0 && <input type="checkbox" aria-label={`Plan ${f.ruleId}`} checked={selected} onChange={onToggleSelected} />}
          <span className={`badge tuner-sev sev-${f.severity}`}>
            {severityIcon(f.severity)} {f.severity}
          </span>
          <strong>{f.title}</strong>
        </span>
        <button className="ghost small" aria-expanded={expanded} aria-label={`Evidence for ${f.ruleId}`} onClick={onToggleExpanded}>
          {expanded ? 'Hide evidence' : 'Evidence'}
        </button>
      </div>
      <div className="small">{f.message}</div>
      <div className="small">
        <b>Recommendation:</b> {f.recommendation.text}
      </div>
      {expanded && (
        <div className="tuner-evidence" data-testid="evidence">
          <div className="small">
            <b>Formula</b> <code>{f.formula}</code>
          </div>
          <table className="grid small">
            <thead>
              <tr>
                <th>Input</th>
                <th>Value</th>
                <th>From</th>
              </tr>
            </thead>
            <tbody>
              {f.inputs.map((i) => (
                <tr key={`${i.source}:${i.name}`}>
                  <td>
                    <code>{i.name}</code>
                  </td>
                  <td>{fmtValue(i.value, i.unit)}</td>
                  <td className="muted">
                    {i.source}
                    {i.detail ? ` · ${i.detail}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="small">
            <b>Result</b> {f.result.name} = <strong>{fmtValue(f.result.value, f.result.unit)}</strong>
          </div>
          <div className="small">
            <b>Recommended value, computed as</b> <code>{f.recommendation.computation}</code>
          </div>
          {f.changes.map((c) => (
            <div key={c.name} className="small">
              <code>{c.name}</code>: {c.current || '(unset)'} → <strong>{c.recommended}</strong>{' '}
              {c.dynamic ? '' : <span className="badge risk-medium">restart needed</span>}
            </div>
          ))}
          <p className="small muted">{f.rationale}</p>
          <a className="small" href={f.docUrl} target="_blank" rel="noreferrer">
            Documentation
          </a>
        </div>
      )}
    </li>
  );
}
