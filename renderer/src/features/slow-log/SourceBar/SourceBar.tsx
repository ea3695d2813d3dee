/** Where a digest comes from (paste, file, demo, live server) and what to do with it (export, compare). */
import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useUi } from '../../../app/ui.store';
import { useConnections } from '../../connections/connections.store';
import { profileCsv, reportMarkdown } from '../slow-log.export';
import { useSlowLog } from '../slow-log.store';

/** Saves text as a file through a blob URL. */
function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The source and actions bar. */
export function SourceBar() {
  const s = useSlowLog(useShallow((x) => ({ current: x.current, running: x.running, baseline: x.baseline })));
  const a = useSlowLog(
    useShallow((x) => ({
      digestPaste: x.digestPaste,
      openFile: x.openFile,
      loadDemo: x.loadDemo,
      runLive: x.runLive,
      keepAsBaseline: x.keepAsBaseline,
      compare: x.compareWithBaseline,
      clear: x.clearComparison,
    })),
  );
  const connectionId = useUi((x) => x.activeConnectionId);
  const connection = useConnections((x) => x.list.find((c) => c.id === connectionId) ?? null);
  const [pasteOpen, setPasteOpen] = useState(false);
  const paste = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const busy = s.running !== null;
  const base = (s.current?.label ?? 'slow-log').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'slow-log';

  const analysePaste = () => {
    // The text goes to the core as it is: the renderer never parses it (a big paste must not freeze the UI).
    const text = paste.current?.value ?? '';
    if (!text.trim()) return;
    setPasteOpen(false);
    void a.digestPaste(text);
  };

  return (
    <div className="sl-sourcebar">
      <div className="row wrap">
        <button className={pasteOpen ? 'primary' : ''} onClick={() => setPasteOpen(!pasteOpen)} aria-expanded={pasteOpen}>
          Paste a log
        </button>
        <button onClick={() => fileInput.current?.click()} disabled={busy}>
          Open file…
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          aria-label="Slow-log file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void a.openFile(f);
          }}
        />
        <button className="ghost" onClick={() => void a.loadDemo()} disabled={busy}>
          Show demo
        </button>
        {connection?.kind === 'mysql' && (
          <>
            <button
              className="ghost"
              disabled={busy}
              onClick={() => void a.runLive(connection.id, 'performance_schema')}
              title="events_statements_summary_by_digest on the active connection"
            >
              Live: performance_schema
            </button>
            <button
              className="ghost"
              disabled={busy}
              onClick={() => void a.runLive(connection.id, 'slow_log_table')}
              title="mysql.slow_log (needs log_output to include TABLE)"
            >
              Live: mysql.slow_log
            </button>
          </>
        )}
        <span className="spacer" />
        {s.current && (
          <>
            <button className="ghost" onClick={a.keepAsBaseline} title="Keep this digest to compare the next one against">
              Keep as baseline
            </button>
            {s.baseline && s.baseline !== s.current && (
              <button className="ghost" onClick={() => void a.compare()} title={`Compare with ${s.baseline.label}`}>
                Compare with baseline
              </button>
            )}
            {s.baseline && (
              <button className="ghost" onClick={a.clear} title="Forget the baseline">
                Clear baseline
              </button>
            )}
            <span className="muted small">Export</span>
            <button className="ghost" onClick={() => download(`${base}.digest.json`, 'application/json', JSON.stringify(s.current!.report, null, 2))}>
              JSON
            </button>
            <button className="ghost" onClick={() => download(`${base}.profile.csv`, 'text/csv', profileCsv(s.current!.report))}>
              CSV
            </button>
            <button className="ghost" onClick={() => download(`${base}.digest.md`, 'text/markdown', reportMarkdown(s.current!.report, s.current!.label))}>
              Markdown
            </button>
          </>
        )}
      </div>
      {s.baseline && (
        <div className="muted small">
          Baseline: {s.baseline.label} ({s.baseline.report.header.events.toLocaleString('en-US')} events)
        </div>
      )}
      {pasteOpen && (
        <div className="sl-paste">
          <textarea
            ref={paste}
            aria-label="Slow-log text"
            rows={10}
            spellCheck={false}
            placeholder="# Time: 2026-11-20T09:00:00.000000Z&#10;# User@Host: app[app] @ [10.0.1.11]  Id: 42&#10;# Query_time: 0.5 …"
          />
          <div className="row">
            <button className="primary" onClick={analysePaste} disabled={busy}>
              Analyze
            </button>
            <button className="ghost" onClick={() => setPasteOpen(false)}>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
