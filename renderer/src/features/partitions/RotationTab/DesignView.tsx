/** The designer's answer for the chosen table: verdict and reasons, how each workload statement meets the scheme, the ALTER with its key cost, rows per partition. */
import type { DesignResult } from '../../../../../shared/contract/partitions';

interface Props {
  design: DesignResult;
  onConvert(ddl: string): void;
  busy: boolean;
}

/** The design. */
export function DesignView({ design, onConvert, busy }: Props) {
  return (
    <div className="part-design" data-testid="partition-design">
      <div className="row between">
        <strong>{design.worth ? `Worth partitioning: ${design.interval}ly on ${design.column}` : 'Not worth partitioning now'}</strong>
        {design.ddl && (
          <button onClick={() => onConvert(design.ddl!)} disabled={busy}>
            Preview the conversion
          </button>
        )}
      </div>
      <ul className="small">
        {design.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {design.statements.length > 0 && (
        <table className="grid small">
          <tbody>
            {design.statements.map((s) => (
              <tr key={s.name}>
                <td>{s.name}</td>
                <td>
                  <span className={`badge ${s.use === 'reads-all' || s.use === 'function-on-column' ? 'risk-medium' : 'ok'}`}>{s.use}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {design.keyNotes.map((n) => (
        <div key={n} className="part-alert small">
          {n}
        </div>
      ))}
      {design.ddl && <pre className="sql part-fix-pre">{design.ddl}</pre>}
    </div>
  );
}
