/** The monitor panel: live dashboard, activity (locks, transactions, kills), alerts, pool advice. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActiveConnection } from '../../../app/active-connection';
import { Activity } from '../Activity/Activity';
import { Alerts } from '../Alerts/Alerts';
import { Dashboard } from '../Dashboard/Dashboard';
import { Pool } from '../Pool/Pool';
import { useMonitor, type MonitorTab } from '../monitor.store';
import '../monitor.css';

const TABS: Array<{ id: MonitorTab; label: string }> = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'activity', label: 'Activity' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'pool', label: 'Pool' },
];

/** The monitor panel. */
export default function MonitorPanel() {
  const connection = useActiveConnection();
  const m = useMonitor(
    useShallow((s) => ({ tab: s.tab, forConnection: s.connectionId, error: s.error ?? s.killPlan?.error ?? null, active: s.active, recent: s.recent })),
  );
  const a = useMonitor(useShallow((s) => ({ setTab: s.setTab, open: s.open })));

  useEffect(() => {
    if (connection?.kind === 'mysql' && m.forConnection !== connection.id) void a.open(connection.id);
  }, [connection?.id, connection?.kind, m.forConnection, a]);

  if (connection?.kind === 'redis') return <div className="empty">The monitor watches MySQL and MariaDB servers.</div>;

  return (
    <section className="panel" aria-label="Monitor">
      <div className="panel-head">
        <h2>Monitor</h2>
        <div className="tuner-tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.id} role="tab" aria-selected={m.tab === t.id} className={m.tab === t.id ? 'active' : 'ghost'} onClick={() => a.setTab(t.id)}>
              {t.label}
              {t.id === 'alerts' && m.active.length > 0 ? ` (${m.active.length})` : ''}
            </button>
          ))}
        </div>
        <span className="muted">{connection ? `${connection.name} · ${connection.lastFlavor?.label ?? ''}` : ''}</span>
      </div>
      {m.active.length > 0 && (
        <div className="mon-banner" role="alert" data-testid="alert-banner">
          {m.active.map((x) => (
            <span key={x.ruleId}>
              <span className={`badge sev-${x.severity}`}>{x.severity}</span> {x.summary} ({x.ruleId})
            </span>
          ))}
          {m.recent[0] && <span className="muted small">{m.recent[0].message}</span>}
        </div>
      )}
      {m.error && (
        <div className="error-text" role="alert">
          {m.error}
        </div>
      )}
      {m.tab === 'dashboard' && <Dashboard />}
      {m.tab === 'activity' && <Activity />}
      {m.tab === 'alerts' && <Alerts />}
      {m.tab === 'pool' && <Pool />}
    </section>
  );
}
