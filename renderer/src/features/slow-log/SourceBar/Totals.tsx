/** The digest's header: totals over the whole (filtered) log, and reading problems. */
import { useState } from 'react';
import { useSlowLog } from '../slow-log.store';
import { fmtBytes, fmtCount, fmtSeconds } from '../slow-log.format';
import { utcStamp } from '../../audit/audit.filter';

/** Totals and warnings. */
export function Totals() {
  const current = useSlowLog((x) => x.current);
  const [showWarnings, setShowWarnings] = useState(false);
  if (!current) return null;
  const h = current.report.header;
  const qt = h.metrics.Query_time;
  const w = current.report.warnings;
  const files = h.files.map((f) => f.name).join(', ');
  const items: [string, string][] = [
    ['Events', fmtCount(h.events)],
    ['Classes', fmtCount(h.uniqueClasses)],
    ['Total query time', fmtSeconds(qt?.sum ?? 0)],
    ['Span', h.tsMin ? `${h.tsMin} → ${h.tsMax}` : '—'],
    ['QPS', h.qps ? h.qps.toFixed(2) : '—'],
    ['Concurrency', h.concurrency ? h.concurrency.toFixed(2) : '—'],
    ['Read', h.bytes ? fmtBytes(h.bytes) : current.input.kind === 'live' ? 'server' : '—'],
  ];
  return (
    <div className="sl-totals card" data-testid="digest-totals">
      <div className="sl-source">
        <span className="muted small">Source</span>
        <strong>{current.label}</strong>
        {files.toLowerCase() !== current.label.toLowerCase() && <span className="muted small">{files}</span>}
        {current.restored && (
          <span className="muted small" data-testid="digest-restored">
            Kept from before the reload · analysed {utcStamp(current.restored.savedAt)}
            {current.restored.samplesKept < current.restored.classes &&
              ` · raw samples kept for the top ${current.restored.samplesKept} of ${current.restored.classes} classes (bounded saved size)`}
          </span>
        )}
      </div>
      {items.map(([k, v]) => (
        <div key={k} className="sl-total">
          <span className="muted small">{k}</span>
          <strong>{v}</strong>
        </div>
      ))}
      {w.length > 0 && (
        <button className="ghost warn" onClick={() => setShowWarnings(!showWarnings)}>
          {w.length} reading warning{w.length > 1 ? 's' : ''}
        </button>
      )}
      {showWarnings && (
        <ul className="sl-warnings">
          {w.map((x, i) => (
            <li key={i}>
              <strong>{x.kind}</strong> at byte {x.offset.toLocaleString('en-US')}: {x.message}
            </li>
          ))}
        </ul>
      )}
      {current.notes.length > 0 && (
        <ul className="sl-warnings muted">
          {current.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
