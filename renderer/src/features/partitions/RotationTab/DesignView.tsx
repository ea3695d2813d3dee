/** The designer's answer for the chosen table: verdict and reasons, how each workload statement meets the scheme, the ALTER with its key cost, rows per partition. */
import type { DesignResult, PruneReport } from '../../../../../shared/contract/partitions';

interface Props {
  design: DesignResult;
  onConvert(ddl: string): void;
  /** Runs the pruning check on a scratch copy. */
  onPrune(): void;
  prune: PruneReport | null;
  pruning: boolean;
  busy: boolean;
}

/** Per statement, the partitions it reads of the design's total, as a bar; a full bar is flagged. */
function PruneTable({ report }: { report: PruneReport }) {
  return (
    <div data-testid="partition-prune">
      <div className="muted small">
        EXPLAIN on a scratch copy with the design and {report.sampledRows} sampled rows ({report.total} partitions);{' '}
        {report.dropped ? 'the copy was dropped.' : `${report.scratch} could not be dropped: drop it by hand.`}
      </div>
      <table className="grid small">
        <tbody>
          {report.results.map((r) => {
            const n = r.partitions?.length ?? 0;
            const pct = report.total > 0 ? Math.round((n / report.total) * 100) : 0;
            return (
              <tr key={r.name} title={r.sql}>
                <td>{r.name}</td>
                <td style={{ width: '40%' }}>
                  {r.error ? (
                    <span className="badge risk-high">{r.error}</span>
                  ) : r.partitions === null ? (
                    <span className="muted">does not read the table</span>
                  ) : (
                    <div style={{ background: 'var(--border, #ddd)', borderRadius: 3, height: 10 }}>
                      <div
                        style={{
                          width: `${Math.max(pct, 2)}%`,
                          height: 10,
                          borderRadius: 3,
                          background: r.readsAll ? 'var(--danger, #c0392b)' : 'var(--ok, #2e8b57)',
                        }}
                      />
                    </div>
                  )}
                </td>
                <td className="num">{r.partitions === null ? '' : `${n}/${report.total}`}</td>
                <td>
                  {r.readsAll ? (
                    <span className="badge risk-medium">reads every partition</span>
                  ) : r.partitions !== null && !r.error ? (
                    <span className="badge ok">prunes</span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The design. */
export function DesignView({ design, onConvert, onPrune, prune, pruning, busy }: Props) {
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
      {design.ddl && design.statements.length > 0 && (
        <div className="row">
          <button onClick={onPrune} disabled={busy}>
            {pruning ? 'Checking pruning…' : 'Check pruning on a scratch copy'}
          </button>
          <span className="muted small">Creates a scratch database with this design and sampled rows, EXPLAINs each statement, then drops it (audited).</span>
        </div>
      )}
      {prune && <PruneTable report={prune} />}
    </div>
  );
}
