/** One note of a plan or an advice: prose as a muted line, a shell command as code with a Copy button. */
import { isCommandNote } from '../../../../shared/shell-quote';
import { useUi } from '../ui.store';

/** A note; a command line (already shell-quoted) is shown verbatim, ready to paste. */
export function PlanNote({ note }: { note: string }) {
  const toast = useUi((s) => s.toast);
  if (!isCommandNote(note)) return <p className="muted small">{note}</p>;
  const copy = () =>
    void navigator.clipboard.writeText(note).then(
      () => toast('info', 'Copied'),
      () => toast('error', 'The clipboard is not available'),
    );
  return (
    <div className="command-note" data-testid="command-note">
      <code>{note}</code>
      <button type="button" className="ghost small" onClick={copy} aria-label="Copy command">
        Copy
      </button>
    </div>
  );
}
