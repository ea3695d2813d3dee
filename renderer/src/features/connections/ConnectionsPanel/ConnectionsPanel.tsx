/** Saved connections: add, edit, test (flavor detection), remove, and make one active. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConnectionInfo, ConnectionInput } from '../../../../../shared/contract/connections';
import { useUi } from '../../../app/ui.store';
import { errorMessage } from '../../../lib/api';
import { useConnections, type TestState } from '../connections.store';
import { ConnectionForm } from './ConnectionForm';
import { ReadOnlyAccount } from './ReadOnlyAccount';

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
  const { list, tests, keyStatus, testAndSave, remove, test, openAccount } = useConnections(
    useShallow((s) => ({
      list: s.list,
      tests: s.tests,
      keyStatus: s.keyStatus,
      testAndSave: s.testAndSave,
      remove: s.remove,
      test: s.test,
      openAccount: s.openAccount,
    })),
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
      {keyStatus?.message && (
        <div className="key-warning" role="alert" data-testid="secret-key-warning">
          <strong>{keyStatus.state === 'changed' ? 'Saved passwords cannot be opened: the key changed' : 'Some saved passwords cannot be opened'}</strong>
          <div>{keyStatus.message}</div>
        </div>
      )}
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
          <li
            key={c.id}
            className={`card${c.id === activeConnectionId ? ' active' : ''}${c.secretUnreadable ? ' unreadable' : ''}`}
            data-testid={`connection-${c.name}`}
          >
            <div className="row between">
              <div>
                <strong>{c.name}</strong> {c.production && <span className="badge prod">PRODUCTION</span>}{' '}
                <span className="badge">{c.kind === 'redis' ? 'Redis' : 'SQL'}</span>{' '}
                {c.secretUnreadable && <span className="badge secret-unreadable">PASSWORD UNREADABLE</span>}
                <div className="muted small">
                  {c.socket || `${c.host}:${c.port}`} · user {c.user || '(none)'} · TLS {c.tls.mode} · password{' '}
                  {c.secretUnreadable && c.hasPassword ? 'unreadable' : c.hasPassword ? 'saved' : 'none'}
                  {c.lastFlavor && ` · ${c.lastFlavor.label}`}
                </div>
                {c.secretUnreadable && (
                  <div className="warn-text small" data-testid="secret-unreadable">
                    Its saved secrets do not open with this app&apos;s key: enter the password again to use it.
                  </div>
                )}
              </div>
              <div className="row">
                {c.secretUnreadable && (
                  <button className="primary" onClick={() => setEditing(c)}>
                    Re-enter password
                  </button>
                )}
                <button onClick={() => void test(c.id)}>Test</button>
                <button className="ghost" onClick={() => setActiveConnection(c.id)} disabled={c.id === activeConnectionId}>
                  {c.id === activeConnectionId ? 'Active' : 'Use'}
                </button>
                <button className="ghost" onClick={() => setEditing(c)}>
                  Edit
                </button>
                {c.kind === 'mysql' && (
                  <button className="ghost" onClick={() => openAccount(c.id)} title="Plan a server account that can only read">
                    Read-only account…
                  </button>
                )}
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
            <ReadOnlyAccount connection={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}
