/** The app frame: navigation, connection switcher with the production badge, theme, status bar, toasts. */
import { Suspense, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useConnections } from '../../features/connections/connections.store';
import { panels } from '../panels';
import { useUi } from '../ui.store';
import { Toasts } from './Toasts';

/** The shell. */
export default function Shell() {
  const { theme, panel, activeConnectionId, setPanel, setTheme, setActiveConnection, restoreActiveConnection, toast } = useUi(
    useShallow((s) => ({
      theme: s.theme,
      panel: s.panel,
      activeConnectionId: s.activeConnectionId,
      setPanel: s.setPanel,
      setTheme: s.setTheme,
      setActiveConnection: s.setActiveConnection,
      restoreActiveConnection: s.restoreActiveConnection,
      toast: s.toast,
    })),
  );
  const { list, loaded, load } = useConnections(useShallow((s) => ({ list: s.list, loaded: s.loaded, load: s.load })));
  const active = list.find((c) => c.id === activeConnectionId) ?? null;
  const current = panels.find((p) => p.id === panel) ?? panels[0]!;

  useEffect(() => {
    load()
      .then(() => restoreActiveConnection())
      .catch((e: unknown) => toast('error', `Could not read the workspace: ${String((e as Error).message ?? e)}`));
  }, [load, toast, restoreActiveConnection]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const p = panels.find((x) => x.key === e.key);
        if (p) {
          e.preventDefault();
          setPanel(p.id);
        }
      }
      if (e.altKey && e.shiftKey && (e.key === 'T' || e.key === 't')) {
        e.preventDefault();
        setTheme(theme === 'dark' ? 'light' : 'dark');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setPanel, setTheme, theme]);

  useEffect(() => {
    if (loaded && activeConnectionId && !active) setActiveConnection(null);
  }, [loaded, activeConnectionId, active, setActiveConnection]);

  const Panel = current.component;
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">DBA Workbench</div>
        <label className="switcher">
          <span className="muted">Connection</span>
          <select aria-label="Active connection" value={activeConnectionId ?? ''} onChange={(e) => setActiveConnection(e.target.value || null)}>
            <option value="">— none (offline) —</option>
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
                {c.production ? ' (production)' : ''}
              </option>
            ))}
          </select>
          {active?.production && (
            <span className="badge prod" title="Writes need typed confirmation; reads run with a time limit">
              PRODUCTION
            </span>
          )}
        </label>
        <button className="ghost" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} title="Toggle theme (Alt+Shift+T)">
          {theme === 'dark' ? 'Light' : 'Dark'} theme
        </button>
      </header>
      <nav className="sidenav" aria-label="Panels">
        {panels.map((p) => (
          <button
            key={p.id}
            className={p.id === current.id ? 'nav active' : 'nav'}
            onClick={() => setPanel(p.id)}
            title={`Alt+${p.key}`}
            aria-current={p.id === current.id ? 'page' : undefined}
          >
            {p.title}
            <span className="kbd">Alt+{p.key}</span>
          </button>
        ))}
      </nav>
      <main className="content">
        {current.needsConnection && !active ? (
          <div className="empty">
            <h2>{current.title}</h2>
            <p>This panel works on a server. Choose a connection above, or add one under Connections.</p>
            <button onClick={() => setPanel('connections')}>Open Connections</button>
          </div>
        ) : (
          <Suspense fallback={<div className="muted pad">Loading…</div>}>
            <Panel />
          </Suspense>
        )}
      </main>
      <footer className="statusbar" role="status">
        {active ? (
          <>
            <span>
              {active.name} · {active.host}:{active.port}
            </span>
            <span>{active.lastFlavor ? active.lastFlavor.label : 'flavor not detected yet — test the connection'}</span>
            {active.production && <span className="badge prod">production</span>}
          </>
        ) : (
          <span>Offline: no active connection</span>
        )}
        <span className="spacer" />
        <span className="muted">Alt+{panels.map((p) => p.key).join(' ')} panels · Alt+Shift+T theme</span>
      </footer>
      <Toasts />
    </div>
  );
}
