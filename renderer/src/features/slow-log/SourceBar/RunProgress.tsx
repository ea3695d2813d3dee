/** The running digest: a progress bar with bytes and events, and Cancel. */
import { useShallow } from 'zustand/react/shallow';
import { fmtBytes } from '../slow-log.format';
import { useSlowLog } from '../slow-log.store';

/** Progress of the running digest. */
export function RunProgress() {
  const { running, cancel } = useSlowLog(useShallow((x) => ({ running: x.running, cancel: x.cancel })));
  if (!running) return null;
  const pct = running.total ? Math.min(100, (running.done / running.total) * 100) : null;
  const what =
    running.phase === 'upload'
      ? `Sending ${fmtBytes(running.total ?? 0)} to the app core…`
      : running.total && running.phase !== 'start'
        ? `${fmtBytes(running.done)} of ${fmtBytes(running.total)}${running.message ? ` · ${running.message}` : ''}`
        : 'Digesting…';
  return (
    <div className="sl-progress card" role="status" aria-label="Digest progress" data-testid="digest-progress">
      <div className="row between">
        <span className="row">
          <span className="spinner" aria-hidden />
          <strong>{running.label}</strong>
          <span className="muted" data-testid="progress-text">
            {what}
          </span>
        </span>
        <button className="ghost danger" onClick={cancel}>
          Cancel
        </button>
      </div>
      <div className={pct === null || running.phase === 'upload' ? 'sl-bar indeterminate' : 'sl-bar'}>
        <div style={{ width: `${pct ?? 100}%` }} data-testid="progress-bar" data-pct={pct === null ? '' : pct.toFixed(1)} />
      </div>
    </div>
  );
}
