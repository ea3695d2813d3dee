/**
 * Add / edit a connection. The password field is write-only: empty means "keep the saved one",
 * except when the saved one can no longer be opened: then it must be entered again.
 */
import { useState } from 'react';
import type { ConnectionInfo, ConnectionInput } from '../../../../../shared/contract/connections';

type TlsMode = 'disabled' | 'preferred' | 'required' | 'verify-ca' | 'verify-full';

interface Props {
  initial: ConnectionInfo | null;
  onSubmit(input: ConnectionInput): Promise<void>;
  onCancel(): void;
}

/** The connection form. */
export function ConnectionForm({ initial, onSubmit, onCancel }: Props) {
  const [kind, setKind] = useState<'mysql' | 'redis'>(initial?.kind ?? 'mysql');
  const [name, setName] = useState(initial?.name ?? '');
  const [host, setHost] = useState(initial?.host ?? '127.0.0.1');
  const [port, setPort] = useState(String(initial?.port ?? 3306));
  const [user, setUser] = useState(initial?.user ?? 'root');
  const [password, setPassword] = useState('');
  const [database, setDatabase] = useState(initial?.database ?? '');
  const [socket, setSocket] = useState(initial?.socket ?? '');
  const [tlsMode, setTlsMode] = useState<TlsMode>(initial?.tls.mode ?? 'preferred');
  const [ca, setCa] = useState('');
  const [cert, setCert] = useState('');
  const [key, setKey] = useState('');
  const [production, setProduction] = useState(initial?.production ?? false);
  const [readTimeout, setReadTimeout] = useState(String((initial?.readTimeoutMs ?? 30_000) / 1000));
  const [busy, setBusy] = useState(false);
  const reenter = initial?.secretUnreadable ?? false;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSubmit({
        id: initial?.id,
        name,
        kind,
        host,
        port: Number(port),
        user,
        password: password === '' && initial?.hasPassword ? undefined : password,
        database,
        socket,
        tls: { mode: tlsMode, ca: ca || undefined, cert: cert || undefined, key: key || undefined },
        production,
        readTimeoutMs: Math.round(Number(readTimeout) * 1000),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-label="Connection settings">
      <h3>{initial ? (reenter ? `Re-enter the password of ${initial.name}` : `Edit ${initial.name}`) : 'New connection'}</h3>
      {reenter && (
        <p className="reenter-note" data-testid="reenter-note">
          The saved {unreadableWhat(initial)} of this connection cannot be opened with this app&apos;s key (it was removed or changed). Enter it again; the
          other settings are kept.
        </p>
      )}
      <div className="grid2">
        <label>
          Name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required placeholder="orders-primary" />
        </label>
        <label>
          Kind
          <select
            name="kind"
            value={kind}
            onChange={(e) => {
              const k = e.target.value as 'mysql' | 'redis';
              setKind(k);
              setPort(k === 'redis' ? '6379' : '3306');
              setUser(k === 'redis' ? '' : 'root');
            }}
          >
            <option value="mysql">MySQL / MariaDB / Percona</option>
            <option value="redis">Redis</option>
          </select>
        </label>
        <label>
          Host
          <input name="host" value={host} onChange={(e) => setHost(e.target.value)} />
        </label>
        <label>
          Port
          <input name="port" value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" />
        </label>
        <label>
          User
          <input name="user" value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            autoFocus={reenter}
            required={reenter && initial?.hasPassword}
            placeholder={reenter ? 'enter the password again' : initial?.hasPassword ? '(saved — leave empty to keep)' : ''}
          />
        </label>
        <label>
          {kind === 'redis' ? 'Database number' : 'Default database'}
          <input name="database" value={database} onChange={(e) => setDatabase(e.target.value)} />
        </label>
        <label>
          Unix socket (instead of host/port)
          <input name="socket" value={socket} onChange={(e) => setSocket(e.target.value)} placeholder="/run/mysqld/mysqld.sock" />
        </label>
        <label>
          TLS
          <select name="tls" value={tlsMode} onChange={(e) => setTlsMode(e.target.value as TlsMode)}>
            <option value="disabled">disabled</option>
            <option value="preferred">preferred (TLS if the server offers it)</option>
            <option value="required">required (no certificate check)</option>
            <option value="verify-ca">verify CA</option>
            <option value="verify-full">verify CA and host name</option>
          </select>
        </label>
        <label>
          Read time limit (s)
          <input name="readTimeout" value={readTimeout} onChange={(e) => setReadTimeout(e.target.value)} inputMode="decimal" />
        </label>
      </div>
      {(tlsMode === 'verify-ca' || tlsMode === 'verify-full' || tlsMode === 'required') && (
        <div className="grid3">
          <label>
            CA certificate (PEM){initial?.tls.hasCa ? ' — saved' : ''}
            <textarea value={ca} onChange={(e) => setCa(e.target.value)} rows={3} />
          </label>
          <label>
            Client certificate (PEM){initial?.tls.hasCert ? (reenter ? ' — enter again' : ' — saved') : ''}
            <textarea value={cert} onChange={(e) => setCert(e.target.value)} rows={3} />
          </label>
          <label>
            Client key (PEM){initial?.tls.hasKey ? (reenter ? ' — enter again' : ' — saved') : ''}
            <textarea value={key} onChange={(e) => setKey(e.target.value)} rows={3} />
          </label>
        </div>
      )}
      <label className="check">
        <input type="checkbox" name="production" checked={production} onChange={(e) => setProduction(e.target.checked)} />
        Production: reads run with the time limit, every write needs the connection's name typed to confirm
      </label>
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** What a connection had sealed, in words: "password", "TLS client certificate/key", or both. */
function unreadableWhat(c: ConnectionInfo | null): string {
  const parts = [c?.hasPassword ? 'password' : '', c?.tls.hasKey || c?.tls.hasCert ? 'TLS client certificate/key' : ''].filter(Boolean);
  return parts.join(' and ') || 'secrets';
}
