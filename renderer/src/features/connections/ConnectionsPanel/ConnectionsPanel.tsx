/** Saved connections: add, edit, test (flavor detection), remove, and make one active. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConnectionInfo, ConnectionInput } from '../../../../../shared/contract/connections';
import { useUi } from '../../../app/ui.store';
import { errorMessage } from '../../../lib/api';
import { useConnections, type TestState } from '../connections.store';
import { ConnectionForm } from './ConnectionForm';

function TestLine({ t }: { t: TestState | undefined }) {
  if (!t) return null;
  if (t.state === 'testing') return <div className="muted">Testing…</div>;
  if (t.state === 'failed')
    return (
      <div className="error-text" role="alert" data-testid="test-error">
        <strong>{t.code}</strong> {t.message}
      </div>
    );
  const caps = t.flavor.capabilities;
  return (
    <div className="ok-text" data-testid="test-ok">
      <strong>{t.flavor.label}</strong> ({t.flavor.version}) · {t.latencyMs.toFixed(0)} ms
      {t.flavor.product !== 'redis' && (
        <div className="muted small">
          EXPLAIN JSON v{caps.explainJsonVersions.join('/')} · ANALYZE: {caps.explainAnalyze} · SET PERSIST: {caps.setPersist ? 'yes' : 'no'} · index
          visibility: {caps.indexVisibility} · time limit: {caps.statementTimeLimit} · {caps.replicaStatusSyntax}
        </div>
      )}
    </div>
  );
}

/** The connections panel. */
export default function ConnectionsPanel() {
  const { list, tests, testAndSave, remove, test } = useConnections(
    useShallow((s) => ({ list: s.list, tests: s.tests, testAndSave: s.testAndSave, remove: s.remove, test: s.test })),
  );
  const { activeConnectionId, setActiveConnection, toast } = useUi(
    useShallow((s) => ({ activeConnectionId: s.activeConnectionId, setActiveConnection: s.setActiveConnection, toast: s.toast })),
  );
  const [editing, setEditing] = useState<ConnectionInfo | 'new' | null>(list.length === 0 ? 'new' : null);

  // Settings whose test failed: kept, not saved, until the user fixes them or saves them anyway.
  const [failed, setFailed] = useState<{ input: ConnectionInput; code: string; message: string } | null>(null);

  const onSubmit = async (input: ConnectionInput, force = false) => {
    try {
      const { saved, test: t } = await testAndSave(input, force);
      if (!saved) {
        if (t.state === 'failed') setFailed({ input, code: t.code, message: t.message });
        return;
      }
      setFailed(null);
      setEditing(null);
      if (t.state === 'ok') {
        toast('success', `Saved ${saved.name} (${t.flavor.label})`);
        if (!activeConnectionId) setActiveConnection(saved.id);
      } else toast('info', `Saved ${saved.name} without a working test; it is not made active.`);
    } catch (err) {
      toast('error', errorMessage(err));
    }
  };

  return (
    <section className="panel" aria-label="Connections">
      <div className="panel-head">
        <h2>Connections</h2>
        {editing === null && <button onClick={() => setEditing('new')}>Add connection</button>}
      </div>
      {editing !== null && (
        <ConnectionForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? null : editing}
          onSubmit={(input) => onSubmit(input)}
          onCancel={() => {
            setFailed(null);
            setEditing(null);
          }}
        />
      )}
      {editing !== null && failed && (
        <div className="card error-text" role="alert" data-testid="save-test-failed">
          <div>
            <strong>{failed.code}</strong> {failed.message}
          </div>
          <p className="muted small">The test failed, so nothing was saved. Fix the settings above and save again, or keep them as they are.</p>
          <button onClick={() => void onSubmit(failed.input, true)}>Save anyway (not made active)</button>
        </div>
      )}
      {list.length === 0 && editing === null && (
        <p className="muted">No connections yet. The slow-log digest works offline; add a server to explain, advise and tune.</p>
      )}
      <ul className="cards">
        {list.map((c) => (
          <li key={c.id} className={c.id === activeConnectionId ? 'card active' : 'card'} data-testid={`connection-${c.name}`}>
            <div className="row between">
              <div>
                <strong>{c.name}</strong> {c.production && <span className="badge prod">PRODUCTION</span>}{' '}
                <span className="badge">{c.kind === 'redis' ? 'Redis' : 'SQL'}</span>
                <div className="muted small">
                  {c.socket || `${c.host}:${c.port}`} · user {c.user || '(none)'} · TLS {c.tls.mode} · password {c.hasPassword ? 'saved' : 'none'}
                  {c.lastFlavor && ` · ${c.lastFlavor.label}`}
                </div>
              </div>
              <div className="row">
                <button onClick={() => void test(c.id)}>Test</button>
                <button className="ghost" onClick={() => setActiveConnection(c.id)} disabled={c.id === activeConnectionId}>
                  {c.id === activeConnectionId ? 'Active' : 'Use'}
                </button>
                <button className="ghost" onClick={() => setEditing(c)}>
                  Edit
                </button>
                <button
                  className="ghost danger"
                  onClick={() => {
                    if (window.confirm(`Remove ${c.name} and its saved password?`)) void remove(c.id).catch((e: unknown) => toast('error', errorMessage(e)));
                  }}
                >
                  Remove
                </button>
              </div>
            </div>
            <TestLine t={tests[c.id]} />
          </li>
        ))}
      </ul>
    </section>
  );
}
