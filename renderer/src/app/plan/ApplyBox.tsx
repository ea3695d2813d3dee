/**
 * The control under every previewed plan: on a production connection the user types its name
 * to confirm, then one button applies; the progress line follows. The executor checks the same
 * confirmation again, so this is the user's gate, not the only one.
 */
import { useState, type ReactNode } from 'react';

interface Props {
  connection: { name: string; production: boolean };
  /** What the button says, e.g. "Apply 3 step(s)". */
  label: string;
  /** Something is running (the button is disabled). */
  busy: boolean;
  /** The apply itself is running (the button says so). */
  applying: boolean;
  /** What the button says while applying (default "Applying…"). */
  applyingLabel?: string;
  disabled?: boolean;
  progress?: string | null;
  /** Called with the typed confirmation on production, undefined elsewhere. */
  onApply: (confirmation: string | undefined) => void;
  children?: ReactNode;
}

/** Typed confirmation (production) + apply button + progress. */
export function ApplyBox({ connection, label, busy, applying, applyingLabel = 'Applying…', disabled = false, progress, onApply, children }: Props) {
  const [confirmText, setConfirmText] = useState('');
  const confirmed = !connection.production || confirmText === connection.name;
  return (
    <div className="apply-box">
      {connection.production && (
        <label>
          <span>
            Production: type <code>{connection.name}</code> to confirm
          </span>
          <input aria-label="Confirmation" value={confirmText} onChange={(e) => setConfirmText(e.target.value)} />
        </label>
      )}
      <button className="primary" disabled={busy || disabled || !confirmed} onClick={() => onApply(connection.production ? confirmText : undefined)}>
        {applying ? applyingLabel : label}
      </button>
      {children}
      {progress && <span className="muted small">{progress}</span>}
    </div>
  );
}
