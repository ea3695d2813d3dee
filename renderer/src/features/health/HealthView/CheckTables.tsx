/** The CHECK TABLE section: run it over the database's tables (or the ones ticked) and read each table's verdict. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { checkTableResults } from '../../../../../shared/contract/health';
import { useHealth } from '../health.store';

const VERDICT = { ok: 'ok', warning: 'risk-medium', corrupt: 'risk-high', 'not-run': 'unknown' } as const;

/** The section. */
export function CheckTables() {
  const h = useHealth(useShallow((s) => ({ schema: s.schema, flow: s.flow, tables: s.tables })));
  const check = useHealth((s) => s.check);
  const [mode, setMode] = useState<'quick' | 'medium' | 'extended'>('medium');
  const applied = h.flow?.request.planner === 'check-table' ? h.flow.applied : null;
  const results = applied ? checkTableResults(applied.outcomes) : [];
  const corrupt = results.filter((r) => r.verdict === 'corrupt');
  return (
    <div className="card" aria-label="Check tables">
      <div className="row">
        <h3>CHECK TABLE</h3>
        <select aria-label="Check mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
          <option value="quick">quick</option>
          <option value="medium">medium</option>
          <option value="extended">extended</option>
        </select>
        <button disabled={!h.schema.trim() || h.flow?.busy != null} onClick={() => void check([], mode)}>
          Check every table
        </button>
      </div>
      <p className="muted small">
        Reads each table for corruption, one table per step (progress, cancel between tables). It runs as a plan: on MyISAM and Aria it writes the check time
        into the table header.
      </p>
      {applied && (
        <>
          {corrupt.length > 0 && (
            <div className="error-text" role="alert">
              {corrupt.length} table(s) need repair: {corrupt.map((c) => c.table).join(', ')}
            </div>
          )}
          <table className="grid" data-testid="check-results">
            <thead>
              <tr>
                <th>Table</th>
                <th>Verdict</th>
                <th>Messages</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.table} data-table={r.table}>
                  <td>{r.table}</td>
                  <td>
                    <span className={`badge ${VERDICT[r.verdict]}`}>{r.verdict}</span>
                  </td>
                  <td className="small">{r.messages.map((m) => `${m.type}: ${m.text}`).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
