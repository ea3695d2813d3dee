/**
 * Generates the dedicated read-only account of a SQL connection: name, host pattern and a random
 * password, then the plan's preview (CREATE USER + GRANT, writes nothing) and apply through the
 * executor. On production servers the app should connect as this account: the server then refuses
 * every write, whatever the statement.
 */
import { useShallow } from 'zustand/react/shallow';
import type { ConnectionInfo } from '../../../../../shared/contract/connections';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { PlanView } from '../../../app/plan/PlanView';
import { randomPassword, useConnections } from '../connections.store';

/** The read-only account box under a connection card. */
export function ReadOnlyAccount({ connection }: { connection: ConnectionInfo }) {
  const { account, editAccount, previewAccount, applyAccount, closeAccount } = useConnections(
    useShallow((s) => ({
      account: s.account,
      editAccount: s.editAccount,
      previewAccount: s.previewAccount,
      applyAccount: s.applyAccount,
      closeAccount: s.closeAccount,
    })),
  );
  if (!account || account.connectionId !== connection.id) return null;
  const { params, progress } = account;
  const { preview = null, applied = null, busy = null, error = null } = account.plan ?? {};
  const ok = applied && applied.stoppedAt === null;
  return (
    <div className="account-box" data-testid="read-only-account">
      <div className="row between">
        <strong>Read-only account on {connection.name}</strong>
        <button className="ghost" onClick={closeAccount}>
          Close
        </button>
      </div>
      <p className="muted small">
        A server account with SELECT, PROCESS, SHOW VIEW and replication monitoring only — no FILE, no SUPER, no writes. Connect to production as this account
        and the server itself refuses any write.
      </p>
      <div className="row">
        <label>
          <span>User</span>
          <input aria-label="Account user" value={params.user} onChange={(e) => editAccount({ user: e.target.value })} />
        </label>
        <label>
          <span>Host</span>
          <input aria-label="Account host" value={params.host} onChange={(e) => editAccount({ host: e.target.value })} />
        </label>
        <label>
          <span>Password</span>
          <input
            className="account-password"
            aria-label="Account password"
            value={params.password}
            onChange={(e) => editAccount({ password: e.target.value })}
          />
        </label>
        <button className="ghost" onClick={() => editAccount({ password: randomPassword() })}>
          New password
        </button>
        <button onClick={() => void previewAccount()} disabled={busy !== null}>
          {busy === 'preview' ? 'Previewing…' : 'Preview plan'}
        </button>
      </div>
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      {preview && <PlanView preview={preview} applied={applied} />}
      {preview && !applied && (
        <ApplyBox
          connection={connection}
          label={`Create ${params.user}@${params.host}`}
          busy={busy !== null}
          applying={busy === 'apply'}
          progress={progress}
          onApply={(confirmation) => void applyAccount(confirmation)}
        />
      )}
      {ok && (
        <p className="ok-text small" data-testid="account-created">
          Created. Add a connection as <code>{params.user}</code> with this password (copy it now: it is not stored) and use that one for production.
        </p>
      )}
    </div>
  );
}
