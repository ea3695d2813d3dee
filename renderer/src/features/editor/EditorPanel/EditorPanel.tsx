/** SQL editor & EXPLAIN: tabs, Monaco, run/cancel, paged results, EXPLAIN with findings and rewrites, history. */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useUi } from '../../../app/ui.store';
import { useActiveConnection } from '../../../app/active-connection';
import { isWriteStatement } from '../analyze-write';
import { useEditor } from '../editor.store';
import { statementAt } from '../statement-at';
import { AnalyzeWrite } from './AnalyzeWrite';
import { ExplainPaste } from './ExplainPaste';
import { ExplainView } from './ExplainView';
import { HistoryList } from './HistoryList';
import { ResultGrid } from './ResultGrid';
import { SqlEditor, currentRunText } from './SqlEditor';
import { StatementPlan } from './StatementPlan';

type Mode = 'json' | 'json-v2' | 'tree' | 'analyze';

/** Row caps offered for a query without LIMIT (0: none, only the host's own cap). */
const ROW_CAPS = [1000, 10_000, 100_000, 0];

/** The editor panel. */
export default function EditorPanel() {
  const theme = useUi((s) => s.theme);
  const connection = useActiveConnection();
  const sqlConnection = connection?.kind === 'mysql' ? connection : null;
  const st = useEditor(
    useShallow((s) => ({
      tabs: s.tabs,
      activeTab: s.activeTab,
      running: s.running,
      results: s.results,
      activeResult: s.activeResult,
      error: s.error,
      schemaFor: s.schemaFor,
      explainBusy: s.explainBusy,
      plan: s.plan,
      rowCap: s.rowCap,
    })),
  );
  const act = useEditor(
    useShallow((s) => ({
      addTab: s.addTab,
      closeTab: s.closeTab,
      selectTab: s.selectTab,
      run: s.run,
      cancel: s.cancel,
      selectResult: s.selectResult,
      loadSchema: s.loadSchema,
      format: s.format,
      runExplain: s.runExplain,
      previewPlan: s.previewPlan,
      previewAnalyzeWrite: s.previewAnalyzeWrite,
      setRowCap: s.setRowCap,
    })),
  );
  const [view, setView] = useState<'results' | 'explain' | 'history'>(() => useEditor.getState().takePendingView() ?? 'results');
  const [mode, setMode] = useState<Mode>('json');
  const [elapsed, setElapsed] = useState(0);
  const tab = st.tabs.find((t) => t.id === st.activeTab) ?? st.tabs[0]!;
  const mariadb = sqlConnection?.lastFlavor?.product === 'mariadb';

  useEffect(() => {
    if (sqlConnection && st.schemaFor !== sqlConnection.id) void act.loadSchema(sqlConnection.id);
  }, [sqlConnection, st.schemaFor, act]);

  useEffect(() => {
    if (!st.running) return;
    const started = performance.now();
    const t = setInterval(() => setElapsed(performance.now() - started), 100);
    return () => clearInterval(t);
  }, [st.running]);

  const run = (sql: string) => {
    if (!sqlConnection || !sql.trim()) return;
    setView('results');
    void act.run(sqlConnection.id, sql, undefined);
  };
  const explainText = () => currentRunText(false) || statementAt(tab.text, 0)?.sql || '';
  const explain = () => {
    setView('explain');
    if (!sqlConnection) return;
    const sql = explainText();
    // ANALYZE executes the statement: a write runs only as a previewed, rolled-back plan.
    if (mode === 'analyze' && isWriteStatement(sql)) void act.previewAnalyzeWrite(sqlConnection.id, sql);
    else void act.runExplain(sqlConnection.id, sql, mode);
  };
  const result = st.results[st.activeResult];

  return (
    <section className="panel editor-panel" aria-label="SQL editor">
      <div className="panel-head">
        <h2>SQL editor · EXPLAIN</h2>
        <span className="muted">
          {sqlConnection ? `${sqlConnection.name} · reads only; writes run as previewed plans` : 'Offline: paste EXPLAIN output to analyze it'}
        </span>
      </div>
      <div className="row editor-tabs" role="tablist" aria-label="Editor tabs">
        {st.tabs.map((t) => (
          <span
            key={t.id}
            className={`editor-tab${t.id === tab.id ? ' active' : ''}`}
            role="tab"
            aria-selected={t.id === tab.id}
            onClick={() => act.selectTab(t.id)}
          >
            {t.title}
            {st.tabs.length > 1 && (
              <button className="ghost tiny" aria-label={`Close ${t.title}`} onClick={(e) => (e.stopPropagation(), act.closeTab(t.id))}>
                ×
              </button>
            )}
          </span>
        ))}
        <button className="ghost" aria-label="New tab" onClick={act.addTab}>
          +
        </button>
      </div>
      <div className="row editor-toolbar">
        <button
          className="primary"
          disabled={!sqlConnection || !!st.running}
          onClick={() => run(currentRunText(false))}
          title="Ctrl+Enter: the selection, or the statement at the cursor"
        >
          Run
        </button>
        <button disabled={!sqlConnection || !!st.running} onClick={() => run(currentRunText(true))} title="Ctrl+Shift+Enter">
          Run all
        </button>
        <button disabled={!st.running} onClick={() => void act.cancel()}>
          Cancel
        </button>
        {st.running && <span className="muted">running {(elapsed / 1000).toFixed(1)} s…</span>}
        <label
          className="small"
          title="A query without a LIMIT of its own stops at this many rows (the server stops reading too); a query with LIMIT runs as written"
        >
          Row cap{' '}
          <select aria-label="Row cap" style={{ width: 'auto' }} value={st.rowCap ?? 0} onChange={(e) => act.setRowCap(Number(e.target.value) || null)}>
            {ROW_CAPS.map((n) => (
              <option key={n} value={n}>
                {n ? n.toLocaleString('en-US') : 'none (host cap: 1,000,000)'}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <select aria-label="EXPLAIN mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
          <option value="json">EXPLAIN (JSON)</option>
          {!mariadb && <option value="json-v2">EXPLAIN (JSON v2)</option>}
          {!mariadb && <option value="tree">EXPLAIN (TREE)</option>}
          <option value="analyze">ANALYZE (executes it; writes rolled back)</option>
        </select>
        <button disabled={!sqlConnection || st.explainBusy} onClick={explain}>
          {st.explainBusy ? 'Explaining…' : 'EXPLAIN'}
        </button>
        <button className="ghost" onClick={() => void act.format(mariadb ? 'mariadb' : 'mysql')}>
          Format
        </button>
        <button
          className="ghost"
          disabled={!sqlConnection}
          onClick={() => sqlConnection && void act.loadSchema(sqlConnection.id, true)}
          title="Reload schemas, tables and columns for completion"
        >
          Refresh
        </button>
      </div>
      <SqlEditor key={tab.id} tabId={tab.id} dark={theme === 'dark'} onRun={run} />
      {st.error && (
        <div className="error-text" role="alert">
          {st.error}
        </div>
      )}
      <div className="row result-views" role="tablist">
        {(['results', 'explain', 'history'] as const).map((v) => (
          <button key={v} role="tab" aria-selected={view === v} className={view === v ? 'tab active' : 'tab'} onClick={() => setView(v)}>
            {v === 'results' ? 'Results' : v === 'explain' ? 'EXPLAIN' : 'History'}
          </button>
        ))}
      </div>
      <div className="editor-output">
        {view === 'results' && (
          <>
            {st.results.length > 1 && (
              <div className="row" role="tablist" aria-label="Result sets">
                {st.results.map((r, i) => (
                  <button
                    key={i}
                    role="tab"
                    aria-selected={i === st.activeResult}
                    className={i === st.activeResult ? 'tab active' : 'tab'}
                    onClick={() => act.selectResult(i)}
                  >
                    {r.error ? `⚠ ${i + 1}` : `Result ${i + 1}`}
                  </button>
                ))}
              </div>
            )}
            {result?.error && (
              <div className="statement-error" role="alert" data-testid="statement-error">
                <code>{result.sql.slice(0, 300)}</code>
                <div>
                  <strong>{result.error.code}</strong>
                  {result.error.errno !== null && ` (${result.error.errno})`}: {result.error.message}
                </div>
                {result.error.code === 'READ_ONLY' && sqlConnection && !st.plan && (
                  <button onClick={() => void act.previewPlan(sqlConnection.id, result.sql)}>Run as a plan</button>
                )}
              </div>
            )}
            {st.plan && sqlConnection && <StatementPlan connection={sqlConnection} />}
            {result && !result.error && !result.resultId && (
              <div className="muted pad">
                {result.affectedRows ?? 0} row(s) affected{result.warnings ? ` · ${result.warnings} warning(s): SHOW WARNINGS lists them` : ''} ·{' '}
                {Math.round(result.elapsedMs)} ms
              </div>
            )}
            {result?.resultId && <ResultGrid key={result.resultId} result={result} />}
            {!result && !st.running && (
              <p className="muted pad">Ctrl+Enter runs the statement at the cursor (or the selection); Ctrl+Shift+Enter runs everything.</p>
            )}
          </>
        )}
        {view === 'explain' && (
          <>
            {sqlConnection && <AnalyzeWrite connection={sqlConnection} />}
            <ExplainPaste sql={tab.text} />
            <ExplainView connectionId={sqlConnection?.id ?? null} />
          </>
        )}
        {view === 'history' && <HistoryList connectionId={sqlConnection?.id ?? null} />}
      </div>
    </section>
  );
}
