/** EXPLAIN results: the plan tree, findings in plain words, lint with rewrites, compare and apply. */
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../editor.store';
import { PlanTree } from './PlanTree';

/** The EXPLAIN tab. */
export function ExplainView({ connectionId }: { connectionId: string | null }) {
  const { explain, compare, compareBusy } = useEditor(useShallow((s) => ({ explain: s.explain, compare: s.compare, compareBusy: s.compareBusy })));
  const { compareRewrite, applyRewrite } = useEditor(useShallow((s) => ({ compareRewrite: s.compareRewrite, applyRewrite: s.applyRewrite })));
  if (!explain) return <p className="muted pad">EXPLAIN a statement (connected) or paste EXPLAIN output to see its plan.</p>;
  const lint = explain.lint?.findings ?? [];
  return (
    <div className="explain-view" data-testid="explain-view">
      {explain.explainSql && <code className="small muted">{explain.explainSql.slice(0, 160)}</code>}
      {explain.error && (
        <div className="error-text" role="alert">
          Line {explain.error.line}, column {explain.error.column}: {explain.error.message}
        </div>
      )}
      <div className="split">
        <div className="card scroll">{explain.plan ? <PlanTree plan={explain.plan} /> : <p className="muted">No plan could be read.</p>}</div>
        <div className="card scroll">
          <strong>Findings ({explain.findings.length})</strong>
          <ul className="findings" data-testid="explain-findings">
            {explain.findings.map((f, i) => (
              <li key={i} className={`finding sev-${f.severity}`}>
                <span className={`badge sev-${f.severity}`}>{f.severity}</span> <strong>{f.title}</strong>
                <div>{f.message}</div>
                <div className="small muted">
                  {Object.entries(f.evidence)
                    .map(([k, v]) => `${k}: ${String(v)}`)
                    .join(' · ')}
                </div>
                <div className="small">Fix: {f.suggestion}</div>
              </li>
            ))}
            {explain.findings.length === 0 && <li className="muted">Nothing to flag in this plan.</li>}
          </ul>
          <strong>Query lint ({lint.length})</strong>
          {explain.lint?.parseError && <div className="small muted">Could not parse the statement: {explain.lint.parseError}</div>}
          <ul className="findings" data-testid="lint-findings">
            {lint.map((f, i) => (
              <li key={i} className={`finding sev-${f.severity}`}>
                <span className={`badge sev-${f.severity}`}>{f.severity}</span> <strong>{f.title}</strong>
                <div>{f.message}</div>
                <div className="small">Fix: {f.suggestion}</div>
                {f.rewrite && (
                  <>
                    <pre className="diff">
                      {f.rewrite.diff.split('\n').map((l, j) => (
                        <div key={j} className={l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : ''}>
                          {l}
                        </div>
                      ))}
                    </pre>
                    <div className="row">
                      <button
                        disabled={!connectionId || compareBusy}
                        onClick={() => connectionId && void compareRewrite(connectionId, explain.sql, f.rewrite!.sql)}
                        title={connectionId ? 'EXPLAIN both and diff the plans' : 'Needs a connection'}
                      >
                        {compareBusy ? 'Comparing…' : 'Compare plans'}
                      </button>
                      <button className="ghost" onClick={() => applyRewrite(f.rewrite!.sql)}>
                        Apply rewrite
                      </button>
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
      {compare && <CompareView />}
    </div>
  );
}

function CompareView() {
  const compare = useEditor((s) => s.compare)!;
  const d = compare.diff;
  return (
    <div className="card" data-testid="plan-compare">
      <strong>Original vs rewrite</strong>
      {d && (
        <table className="grid small">
          <thead>
            <tr>
              <th>Table</th>
              <th>Before</th>
              <th>After</th>
              <th>Changes</th>
            </tr>
          </thead>
          <tbody>
            {d.tables.map((t) => (
              <tr key={t.table}>
                <td>{t.table}</td>
                <td>{t.before ? `${t.before.type ?? '—'} · ${t.before.key ?? 'no index'} · ${t.before.rows ?? '?'} rows` : '—'}</td>
                <td>{t.after ? `${t.after.type ?? '—'} · ${t.after.key ?? 'no index'} · ${t.after.rows ?? '?'} rows` : '—'}</td>
                <td>{t.changes.join('; ') || 'same access'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d && (
        <div className="small">
          {d.totalCost.before !== null || d.totalCost.after !== null ? `Total cost ${d.totalCost.before ?? '—'} → ${d.totalCost.after ?? '—'} · ` : ''}findings
          resolved: {d.findingsResolved.map((f) => f.title).join(', ') || 'none'} · introduced: {d.findingsIntroduced.map((f) => f.title).join(', ') || 'none'}
        </div>
      )}
      <div className="split">
        <div className="scroll">{compare.before.plan && <PlanTree plan={compare.before.plan} title="original" />}</div>
        <div className="scroll">{compare.after.plan && <PlanTree plan={compare.after.plan} title="rewrite" />}</div>
      </div>
    </div>
  );
}
