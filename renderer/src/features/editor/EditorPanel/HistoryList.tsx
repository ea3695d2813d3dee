/** Searchable history of statements run on the active connection; a click puts one back in the editor. */
import { useEffect, useState } from 'react';
import { useEditor } from '../editor.store';

/** The history side list. */
export function HistoryList({ connectionId }: { connectionId: string | null }) {
  const history = useEditor((s) => s.history);
  const loadHistory = useEditor((s) => s.loadHistory);
  const setText = useEditor((s) => s.setText);
  const [search, setSearch] = useState('');
  useEffect(() => {
    const t = setTimeout(() => void loadHistory(connectionId, search), 200);
    return () => clearTimeout(t);
  }, [connectionId, search, loadHistory]);
  return (
    <div className="history" data-testid="history">
      <input aria-label="Search history" placeholder="Search history…" value={search} onChange={(e) => setSearch(e.target.value)} />
      <ul>
        {history.map((h) => (
          <li key={h.id} title={h.at} onClick={() => setText(h.text)}>
            <span className="badge">{h.kind}</span> <code>{h.text.slice(0, 200)}</code>
          </li>
        ))}
        {history.length === 0 && <li className="muted">Nothing yet.</li>}
      </ul>
    </div>
  );
}
