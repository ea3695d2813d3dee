/** Findings at the top: what deserves attention first, with the numbers behind it; a click opens the class. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSlowLog } from '../slow-log.store';

const ORDER = { critical: 0, warning: 1, info: 2 } as const;
const SHOWN = 6;

/** The findings list. */
export function Findings() {
  const { current, select } = useSlowLog(useShallow((x) => ({ current: x.current, select: x.select })));
  const [all, setAll] = useState(false);
  if (!current) return null;
  const rankOf = new Map(current.report.classes.map((c) => [c.checksum, c]));
  // The worst of each kind first (so an N+1 is not buried under ten scans), then the rest by severity and rank.
  const bySeverity = [...current.report.findings].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity] || (rankOf.get(a.checksum)?.rank ?? 0) - (rankOf.get(b.checksum)?.rank ?? 0),
  );
  const seen = new Set<string>();
  const firsts = bySeverity.filter((f) => !seen.has(f.id) && seen.add(f.id));
  const findings = [...firsts, ...bySeverity.filter((f) => !firsts.includes(f))];
  const counts = findings.reduce<Record<string, number>>((m, f) => ((m[f.id] = (m[f.id] ?? 0) + 1), m), {});
  return (
    <div className="card sl-findings" aria-label="Findings" data-testid="findings">
      <div className="row between">
        <strong>Findings</strong>
        <span className="muted small">
          {Object.entries(counts)
            .map(([id, n]) => `${n} ${id}`)
            .join(' · ') || 'none'}
        </span>
      </div>
      {findings.length === 0 && <div className="muted">No class shows a full scan, an N+1 loop, a high rows-examined ratio or on-disk temporary tables.</div>}
      <ul>
        {(all ? findings : findings.slice(0, SHOWN)).map((f, i) => {
          const c = rankOf.get(f.checksum);
          return (
            <li key={`${f.checksum}-${f.id}-${i}`}>
              <span className={`badge sev-${f.severity}`}>{f.severity}</span>
              <button className="link" onClick={() => select(f.checksum)} title="Open this class">
                #{c?.rank ?? '?'} {f.title}
              </button>
              <span className="muted sl-ellipsis">{c?.distillate}</span>
              <div className="small">{f.evidence}</div>
            </li>
          );
        })}
      </ul>
      {findings.length > SHOWN && (
        <button className="ghost" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${findings.length}`}
        </button>
      )}
    </div>
  );
}
