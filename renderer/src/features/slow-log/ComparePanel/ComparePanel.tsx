/** Compare two digests: classes that are new, gone, regressed or improved against the baseline. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fmtSeconds } from '../slow-log.format';
import { useSlowLog } from '../slow-log.store';

const STATUSES = ['new', 'gone', 'regressed', 'improved', 'unchanged'] as const;

/** The comparison. */
export function ComparePanel() {
  const { comparison, baseline, current, clear } = useSlowLog(
    useShallow((x) => ({ comparison: x.comparison, baseline: x.baseline, current: x.current, clear: x.clearComparison })),
  );
  const [show, setShow] = useState<Set<string>>(new Set(['new', 'gone', 'regressed', 'improved']));
  if (!comparison || !baseline || !current) return null;
  const counts = Object.fromEntries(STATUSES.map((s) => [s, comparison.changes.filter((c) => c.status === s).length]));
  const rows = comparison.changes.filter((c) => show.has(c.status));
  const toggle = (s: string) => setShow((cur) => (cur.has(s) ? new Set([...cur].filter((x) => x !== s)) : new Set([...cur, s])));
  return (
    <div className="card sl-compare" aria-label="Comparison" data-testid="comparison">
      <div className="row between wrap">
        <strong>
          Compare: {baseline.label} → {current.label}
        </strong>
        <span className="row">
          {STATUSES.map((s) => (
            <label key={s} className="check small">
              <input type="checkbox" checked={show.has(s)} onChange={() => toggle(s)} />
              <span className={`badge cmp-${s}`}>
                {s} {counts[s]}
              </span>
            </label>
          ))}
          <button className="ghost" onClick={clear}>
            Close
          </button>
        </span>
      </div>
      <div className="muted small">Regressed/improved: average time changed by more than {Math.round((comparison.threshold - 1) * 100)}%.</div>
      <div className="sl-compare-scroll">
        <table className="grid">
          <thead>
            <tr>
              <th>Status</th>
              <th>Fingerprint</th>
              <th className="num">Calls before → after</th>
              <th className="num">Avg before → after</th>
              <th className="num">Ratio</th>
              <th className="num">Total time Δ</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.checksum}>
                <td>
                  <span className={`badge cmp-${c.status}`}>{c.status}</span>
                </td>
                <td className="sl-ellipsis sl-fp" title={c.fingerprint}>
                  {c.fingerprint}
                </td>
                <td className="num nowrap">
                  {c.before?.count ?? '—'} → {c.after?.count ?? '—'}
                </td>
                <td className="num nowrap">
                  {c.before ? fmtSeconds(c.before.avgTime) : '—'} → {c.after ? fmtSeconds(c.after.avgTime) : '—'}
                </td>
                <td className="num">{c.avgTimeRatio === null ? '—' : `${c.avgTimeRatio.toFixed(2)}×`}</td>
                <td className="num nowrap">
                  {c.totalTimeDelta >= 0 ? '+' : '−'}
                  {fmtSeconds(Math.abs(c.totalTimeDelta))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
