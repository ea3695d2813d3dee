/** The Partitions panel: preflight of partitioning DDL (Preflight tab), and a database's tables with their partitions, rotation and conversion plans (Tables tab). */
import { useShallow } from 'zustand/react/shallow';
import { PreflightTab } from '../PreflightTab/PreflightTab';
import { RotationTab } from '../RotationTab/RotationTab';
import { usePartitions } from '../partitions.store';

/** The partitions panel. */
export default function PartitionsPanel() {
  const { tab, setTab, error } = usePartitions(useShallow((s) => ({ tab: s.tab, setTab: s.setTab, error: s.error ?? s.plan?.error ?? null })));
  return (
    <section className="panel" aria-label="Partitions">
      <div className="panel-head">
        <h2>Partitions</h2>
        <div className="tuner-tabs" role="tablist">
          <button role="tab" aria-selected={tab === 'preflight'} className={tab === 'preflight' ? 'active' : 'ghost'} onClick={() => setTab('preflight')}>
            Preflight
          </button>
          <button role="tab" aria-selected={tab === 'tables'} className={tab === 'tables' ? 'active' : 'ghost'} onClick={() => setTab('tables')}>
            Tables &amp; rotation
          </button>
        </div>
        <span className="muted">
          {tab === 'preflight'
            ? 'What the server would refuse, before anything runs, and a fix that works.'
            : 'Rows per partition, the rotation timeline, and plans you preview before they run.'}
        </span>
      </div>
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      {tab === 'preflight' ? <PreflightTab /> : <RotationTab />}
    </section>
  );
}
