/** Offline EXPLAIN: paste output in any supported format (JSON, TREE, ANALYZE, tabular, slow-log lines). */
import { useState } from 'react';
import { useEditor } from '../editor.store';

/** The paste box. */
export function ExplainPaste({ sql }: { sql: string }) {
  const [text, setText] = useState('');
  const parseExplain = useEditor((s) => s.parseExplain);
  const busy = useEditor((s) => s.explainBusy);
  return (
    <div className="explain-paste">
      <textarea
        aria-label="Paste EXPLAIN output"
        placeholder="Paste EXPLAIN output (FORMAT=JSON, TREE, ANALYZE, tabular) here…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={4}
      />
      <button disabled={!text.trim() || busy} onClick={() => void parseExplain(text, sql)}>
        Analyze pasted plan
      </button>
    </div>
  );
}
