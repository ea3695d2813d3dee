/** The tuner panel: a live server's variables and counters (Server tab), or a my.cnf offline (Linter tab). */
import { useShallow } from 'zustand/react/shallow';
import { LinterTab } from '../LinterTab/LinterTab';
import { ServerTab } from '../ServerTab/ServerTab';
import { useTuner } from '../tuner.store';

/** The tuner panel. */
export default function TunerPanel() {
  const { tab, setTab } = useTuner(useShallow((s) => ({ tab: s.tab, setTab: s.setTab })));
  return (
    <section className="panel" aria-label="Tuner">
      <div className="panel-head">
        <h2>Tuner</h2>
        <div className="tuner-tabs" role="tablist">
          <button role="tab" aria-selected={tab === 'server'} className={tab === 'server' ? 'active' : 'ghost'} onClick={() => setTab('server')}>
            Server
          </button>
          <button role="tab" aria-selected={tab === 'linter'} className={tab === 'linter' ? 'active' : 'ghost'} onClick={() => setTab('linter')}>
            Linter
          </button>
        </div>
        <span className="muted">
          {tab === 'server' ? 'Findings with the numbers behind them; changes only through a previewed plan.' : 'Lint a my.cnf for the release it will run on.'}
        </span>
      </div>
      {tab === 'server' ? <ServerTab /> : <LinterTab />}
    </section>
  );
}
