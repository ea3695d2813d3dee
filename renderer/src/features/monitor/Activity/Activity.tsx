/**
 * What runs now: the lock-wait tree (root blockers first), long transactions, sessions with
 * filters, metadata locks. Killing a statement or a session is a plan: preview (says exactly
 * what ends and what rolls back), confirmation on production, apply through the executor, audit.
 */
import { useShallow } from 'zustand/react/shallow';
import type { LockNode } from '../../../../../shared/contract/monitor';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { PlanView } from '../../../app/plan/PlanView';
import { useActiveConnection } from '../../../app/active-connection';
import { fmtAge } from '../format';
import { useMonitor, type KillTarget } from '../monitor.store';

function KillButtons({ id, onKill }: { id: number; onKill: (t: KillTarget) => void }) {
  return (
    <span className="row mon-kill">
      <button className="ghost small" aria-label={`Kill query ${id}`} onClick={() => onKill({ processId: id, scope: 'query' })}>
        Kill query
      </button>
      <button className="ghost small danger" aria-label={`Kill connection ${id}`} onClick={() => onKill({ processId: id, scope: 'connection' })}>
        Kill connection
      </button>
    </span>
  );
}

function Node({ node, depth, onKill }: { node: LockNode; depth: number; onKill: (t: KillTarget) => void }) {
  return (
    <li className={depth === 0 ? 'mon-lock root' : 'mon-lock'} data-testid={`lock-node-${node.thread}`}>
      <div className="row between">
        <span>
          {depth === 0 ? <span className="badge risk-high">root blocker</span> : <span className="badge risk-medium">waits {node.waitSec ?? '?'} s</span>}{' '}
          <strong>session {node.thread}</strong> {node.lockedTable && depth > 0 ? <span className="muted">on {node.lockedTable}</span> : null}
        </span>
        {depth === 0 && <KillButtons id={node.thread} onKill={onKill} />}
      </div>
      <code className="sql small">{node.query ?? (depth === 0 ? 'idle in transaction (no statement running: it holds locks from earlier ones)' : '—')}</code>
      {node.waiters.length > 0 && (
        <ul>
          {node.waiters.map((w) => (
            <Node key={w.thread} node={w} depth={depth + 1} onKill={onKill} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The activity tab. */
export function Activity() {
  const connection = useActiveConnection();
  const m = useMonitor(
    useShallow((s) => ({
      activity: s.activity,
      filter: s.filter,
      autoRefresh: s.autoRefresh,
      kill: s.killPlan?.request.params ?? null,
      preview: s.killPlan?.preview ?? null,
      applied: s.killPlan?.applied ?? null,
      busy: s.killPlan?.busy ?? s.busy,
    })),
  );
  const a = useMonitor(
    useShallow((s) => ({
      loadActivity: s.loadActivity,
      setFilter: s.setFilter,
      setAutoRefresh: s.setAutoRefresh,
      previewKill: s.previewKill,
      applyKill: s.applyKill,
      cancelKill: s.cancelKill,
    })),
  );
  const act = m.activity;
  const onKill = (t: KillTarget) => void a.previewKill(t);
  return (
    <div className="mon-activity">
      <div className="row mon-controls">
        <button onClick={() => void a.loadActivity()} disabled={m.busy === 'activity'}>
          Refresh
        </button>
        <label className="row">
          <input type="checkbox" checked={m.autoRefresh} onChange={(e) => a.setAutoRefresh(e.target.checked)} /> every 3 s
        </label>
        <label className="row">
          <input
            type="checkbox"
            aria-label="Hide idle sessions"
            checked={m.filter.hideIdle ?? true}
            onChange={(e) => a.setFilter({ hideIdle: e.target.checked })}
          />{' '}
          hide idle
        </label>
        <input
          aria-label="Filter user"
          placeholder="user"
          defaultValue={m.filter.user ?? ''}
          onBlur={(e) => a.setFilter({ user: e.target.value || undefined })}
          style={{ width: 90 }}
        />
        <input
          aria-label="Filter database"
          placeholder="database"
          defaultValue={m.filter.db ?? ''}
          onBlur={(e) => a.setFilter({ db: e.target.value || undefined })}
          style={{ width: 100 }}
        />
        <input
          aria-label="Minimum seconds"
          placeholder="min s"
          type="number"
          min={0}
          defaultValue={m.filter.minTimeSec || ''}
          onBlur={(e) => a.setFilter({ minTimeSec: Number(e.target.value) || 0 })}
          style={{ width: 70 }}
        />
        <input
          aria-label="Filter statement"
          placeholder="statement contains…"
          defaultValue={m.filter.text ?? ''}
          onBlur={(e) => a.setFilter({ text: e.target.value || undefined })}
        />
        {act && <span className="muted small">read {new Date(act.at).toLocaleTimeString()}</span>}
      </div>
      {act?.warnings.map((w) => (
        <div key={w} className="muted small">
          {w}
        </div>
      ))}
      <div className="mon-split">
        <div className="scroll">
          <section className="card" aria-label="Lock waits" data-testid="lock-tree">
            <strong>Lock waits</strong>
            {act && act.lockTree.length === 0 && <p className="muted">No transaction is waiting for a row lock.</p>}
            <ul className="mon-tree">
              {act?.lockTree.map((n) => (
                <Node key={n.thread} node={n} depth={0} onKill={onKill} />
              ))}
            </ul>
          </section>
          <section className="card" aria-label="Transactions" data-testid="transactions">
            <strong>Open transactions (oldest first)</strong>
            <table className="grid">
              <thead>
                <tr>
                  <th>Session</th>
                  <th>State</th>
                  <th className="num">Age</th>
                  <th className="num">Rows locked</th>
                  <th className="num">Rows modified (undo)</th>
                  <th>Statement</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {act?.transactions.map((t) => (
                  <tr key={t.trxId} className={t.ageSec >= 60 ? 'mon-old' : undefined}>
                    <td>{t.threadId ?? '—'}</td>
                    <td>{t.state}</td>
                    <td className="num">{fmtAge(t.ageSec)}</td>
                    <td className="num">{t.rowsLocked}</td>
                    <td className="num">{t.rowsModified}</td>
                    <td>
                      <code className="small">{t.query ?? '—'}</code>
                    </td>
                    <td>{t.threadId !== null && <KillButtons id={t.threadId} onKill={onKill} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {act && act.transactions.length === 0 && <p className="muted">No open InnoDB transaction.</p>}
          </section>
          <section className="card" aria-label="Sessions" data-testid="sessions">
            <strong>Sessions ({act?.sessions.length ?? 0})</strong>
            <table className="grid">
              <thead>
                <tr>
                  <th>Id</th>
                  <th>User</th>
                  <th>Host</th>
                  <th>Db</th>
                  <th>Command</th>
                  <th className="num">Time</th>
                  <th>State</th>
                  <th>Statement</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {act?.sessions.map((s) => (
                  <tr key={s.id}>
                    <td>{s.id}</td>
                    <td>{s.user}</td>
                    <td>{s.host}</td>
                    <td>{s.db ?? ''}</td>
                    <td>{s.command}</td>
                    <td className="num">{fmtAge(s.timeSec)}</td>
                    <td>{s.state ?? ''}</td>
                    <td>
                      <code className="small">{s.info ?? ''}</code>
                    </td>
                    <td>
                      <KillButtons id={s.id} onKill={onKill} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" aria-label="Metadata locks">
            <strong>Metadata locks</strong>
            {act && act.metadataLocks.length === 0 && <p className="muted">None recorded.</p>}
            {act && act.metadataLocks.length > 0 && (
              <table className="grid">
                <thead>
                  <tr>
                    <th>Session</th>
                    <th>Object</th>
                    <th>Lock</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {act.metadataLocks.map((l, i) => (
                    <tr key={i} className={l.status === 'PENDING' ? 'mon-old' : undefined}>
                      <td>{l.thread ?? '—'}</td>
                      <td>
                        {l.objectType} {[l.schema, l.name].filter(Boolean).join('.')}
                      </td>
                      <td>{l.lockType}</td>
                      <td>{l.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
        <div className="card scroll" aria-label="Kill plan">
          {m.kill && m.busy === 'preview' && <p className="muted">Reading session {m.kill.processId}…</p>}
          {m.preview ? (
            <>
              <div className="mon-what" data-testid="kill-what">
                <strong>What this ends</strong>
                <p>{m.preview.plan.steps[0]?.description}</p>
                <table className="grid">
                  <tbody>
                    {Object.entries(m.preview.steps[0]?.details ?? {}).map(([k, v]) => (
                      <tr key={k}>
                        <td className="muted">{k}</td>
                        <td>{v === null ? '—' : k === 'statement' ? <code className="small">{String(v)}</code> : String(v)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <PlanView preview={m.preview} applied={m.applied} />
              {!m.applied ? (
                <ApplyBox
                  connection={connection ?? { name: '', production: false }}
                  label={m.kill?.scope === 'connection' ? 'Kill the session' : 'Kill the statement'}
                  applyingLabel="Killing…"
                  busy={m.busy !== null}
                  applying={m.busy === 'apply'}
                  onApply={(confirmation) => void a.applyKill(confirmation)}
                >
                  <button className="ghost" onClick={a.cancelKill}>
                    Cancel
                  </button>
                </ApplyBox>
              ) : (
                <button className="ghost" onClick={a.cancelKill}>
                  Close
                </button>
              )}
            </>
          ) : (
            !m.kill && <p className="muted">Choose Kill query or Kill connection on a session to preview what it ends. Nothing runs until you apply.</p>
          )}
        </div>
      </div>
    </div>
  );
}
