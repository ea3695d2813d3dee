/** The Replication tab: where the active server sits (source → it → replicas), each channel's threads, lag and GTIDs, errors and filters, findings, and the lag chart while watching. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ReplicationChannelState, ReplicationStatus } from '../../../../../shared/contract/replication';
import { useActiveConnection } from '../../../app/active-connection';
import { useConnections } from '../../connections/connections.store';
import { useReplication, WATCH_INTERVAL_MS } from '../replication.store';
import { LagChart } from './LagChart';
import '../replication.css';

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : String(v));

function ThreadState({ value }: { value: string | null }) {
  const cls = value === 'Yes' ? 'repl-state-yes' : value === 'No' ? 'repl-state-no' : 'repl-state-other';
  return <span className={cls}>{dash(value)}</span>;
}

function Topology({ s }: { s: ReplicationStatus }) {
  return (
    <div className="repl-topology" aria-label="Topology" data-testid="repl-topology">
      {s.channels.map((c) => (
        <div key={`src-${c.channel}`} className="repl-node">
          <div className="small muted">source{c.channel ? ` · ${c.channel}` : ''}</div>
          <strong>
            {dash(c.sourceHost)}:{dash(c.sourcePort)}
          </strong>
          <div className="small muted">server {dash(c.sourceServerId)}</div>
        </div>
      ))}
      {s.channels.length > 0 && <span className="repl-arrow">→</span>}
      <div className="repl-node self">
        <div className="small muted">this server</div>
        <strong>server {dash(s.server.serverId)}</strong>
        <div className="small muted">read_only {s.server.readOnly === null ? '—' : s.server.readOnly ? 'ON' : 'OFF'}</div>
      </div>
      {s.replicas.length > 0 && <span className="repl-arrow">→</span>}
      {s.replicas.map((r) => (
        <div key={`r-${r.serverId}`} className="repl-node">
          <div className="small muted">replica</div>
          <strong>
            {r.host || '?'}:{r.port}
          </strong>
          <div className="small muted">server {r.serverId}</div>
        </div>
      ))}
    </div>
  );
}

function Channel({ c }: { c: ReplicationChannelState }) {
  return (
    <div className="card" data-testid={`repl-channel-${c.channel || 'default'}`}>
      <div className="row between">
        <strong>Channel {c.channel ? `'${c.channel}'` : '(default)'}</strong>
        <span className="small muted">GTID {dash(c.usingGtid)}</span>
      </div>
      <table className="grid">
        <tbody>
          <tr>
            <th>IO thread</th>
            <td>
              <ThreadState value={c.ioRunning} /> <span className="muted small">{dash(c.ioState)}</span>
            </td>
          </tr>
          <tr>
            <th>SQL thread</th>
            <td>
              <ThreadState value={c.sqlRunning} /> <span className="muted small">{dash(c.sqlState)}</span>
            </td>
          </tr>
          <tr>
            <th>Lag</th>
            <td data-testid="repl-lag">
              {c.lagSeconds === null ? '—' : `${c.lagSeconds} s`}{' '}
              <span className="muted small">
                {c.lagBasis === 'reported'
                  ? 'as reported'
                  : c.lagBasis === 'stalled-backlog'
                    ? 'reported NULL: time since the backlog was first seen'
                    : 'not reported'}
              </span>
            </td>
          </tr>
          <tr>
            <th>Not applied</th>
            <td data-testid="repl-backlog">{c.gtidBacklog === null ? '—' : `${c.gtidBacklog} transaction(s)`}</td>
          </tr>
          <tr>
            <th>Behind source</th>
            <td>
              {c.gtidBehindSource === null ? <span className="muted small">choose the source below to count</span> : `${c.gtidBehindSource} transaction(s)`}
            </td>
          </tr>
          <tr>
            <th>Received</th>
            <td className="repl-gtid">{dash(c.receivedGtid)}</td>
          </tr>
          <tr>
            <th>Applied</th>
            <td className="repl-gtid">{dash(c.executedGtid)}</td>
          </tr>
          <tr>
            <th>Binlog read / applied</th>
            <td className="repl-gtid">
              {dash(c.readPosition)} / {dash(c.executedPosition)}
            </td>
          </tr>
          {c.filters.map((f) => (
            <tr key={f.name}>
              <th>{f.name}</th>
              <td className="repl-gtid">{f.value}</td>
            </tr>
          ))}
          {c.sqlDelay ? (
            <tr>
              <th>Delay</th>
              <td>{c.sqlDelay} s</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {[c.ioError && (['IO', c.ioError] as const), c.sqlError && (['SQL', c.sqlError] as const)].filter(Boolean).map((x) => {
        const [kind, e] = x as readonly ['IO' | 'SQL', NonNullable<ReplicationChannelState['ioError']>];
        return (
          <div key={kind} className="error-text small" role="alert">
            {kind} error {e.errno}: {e.message} {e.at ? `(${e.at})` : ''}
          </div>
        );
      })}
    </div>
  );
}

/** The Replication tab. */
export default function ReplicationTab() {
  const connection = useActiveConnection();
  const others = useConnections(useShallow((s) => s.list.filter((c) => c.kind === 'mysql' && c.id !== connection?.id)));
  const r = useReplication(
    useShallow((s) => ({
      status: s.status,
      history: s.history,
      watching: s.watching,
      busy: s.busy,
      error: s.error,
      forConnection: s.connectionId,
      sourceId: s.sourceConnectionId,
    })),
  );
  const actions = useReplication(useShallow((s) => ({ refresh: s.refresh, setWatching: s.setWatching, setSource: s.setSource })));
  const id = connection?.kind === 'mysql' ? connection.id : null;

  useEffect(() => {
    if (id && r.forConnection !== id) void actions.refresh(id);
  }, [id, r.forConnection, actions]);
  useEffect(() => {
    if (!id || !r.watching) return;
    const t = setInterval(() => void actions.refresh(id), WATCH_INTERVAL_MS);
    return () => clearInterval(t);
  }, [id, r.watching, actions]);
  useEffect(() => () => actions.setWatching(false), [actions]);

  if (!connection) return <div className="empty">Choose a MySQL or MariaDB connection to see its replication.</div>;
  if (connection.kind !== 'mysql') return <div className="empty">Replication is read from MySQL and MariaDB servers.</div>;
  const s = r.status;
  return (
    <section className="panel" aria-label="Replication">
      <div className="panel-head">
        <h2>Replication · {connection.name}</h2>
        <span className="row">
          <label className="small">
            Source{' '}
            <select aria-label="Source connection" value={r.sourceId ?? ''} onChange={(e) => actions.setSource(e.target.value || null)}>
              <option value="">(not read)</option>
              {others.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button className="ghost" onClick={() => void actions.refresh(connection.id)} disabled={r.busy}>
            Refresh
          </button>
          <button onClick={() => actions.setWatching(!r.watching)}>{r.watching ? 'Stop watching' : 'Watch lag'}</button>
        </span>
      </div>
      <div className="muted small" data-testid="repl-status-line">
        {r.watching
          ? `watching · every ${WATCH_INTERVAL_MS / 1000} s · ${r.history.length} point(s)`
          : r.busy
            ? 'reading…'
            : s
              ? `read at ${new Date(s.capturedAt).toLocaleTimeString()}`
              : ''}
      </div>
      {r.error && (
        <div className="error-text" role="alert">
          {r.error}
        </div>
      )}
      {s && (
        <>
          <Topology s={s} />
          <div className="card" aria-label="Findings">
            <strong>Findings</strong>
            {s.findings.length === 0 && <div className="ok-text small">Nothing wrong found.</div>}
            {s.findings.map((f, i) => (
              <div key={i} className={`repl-finding small ${f.severity}`} data-testid={`repl-finding-${f.id}`}>
                [{f.severity}] {f.message}
              </div>
            ))}
            {s.warnings.map((w, i) => (
              <div key={`w${i}`} className="muted small">
                {w}
              </div>
            ))}
          </div>
          {s.channels.length === 0 ? (
            <div className="card muted small">
              Not a replica: no replication channel. Binlog {s.server.binlog ? `${s.server.binlog.file}:${s.server.binlog.position}` : 'off'}, executed GTIDs{' '}
              <span className="repl-gtid">{dash(s.server.gtidExecuted)}</span>.
            </div>
          ) : (
            <div className="repl-grid">
              <div>
                {s.channels.map((c) => (
                  <Channel key={c.channel} c={c} />
                ))}
              </div>
              <div className="card">{r.history.length ? <LagChart history={r.history} /> : <div className="muted small">Watch lag to chart it.</div>}</div>
            </div>
          )}
          <details className="small muted">
            <summary>Statements run</summary>
            <ul>
              {s.statements.map((st) => (
                <li key={st} className="repl-gtid">
                  {st}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}
