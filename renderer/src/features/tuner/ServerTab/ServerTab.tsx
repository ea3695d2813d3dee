/** Server tab: sample a live server, list findings by area with evidence, plan the ticked ones. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActiveConnection } from '../../../app/active-connection';
import { FindingCard } from '../FindingCard/FindingCard';
import { fmtBytes } from '../format';
import { PlanBox } from '../PlanBox/PlanBox';
import { useTuner } from '../tuner.store';

/** The Server tab. */
export function ServerTab() {
  const connection = useActiveConnection();
  const t = useTuner(
    useShallow((s) => ({
      intervalSec: s.intervalSec,
      firstLook: s.firstLook,
      ramGiB: s.ramGiB,
      cores: s.cores,
      hostFor: s.hostFor,
      analysis: s.analysis,
      expanded: s.expanded,
      selected: s.selected,
      busy: s.busy ?? s.plan?.busy ?? null,
      progress: s.progress,
      error: s.error ?? s.plan?.error ?? null,
    })),
  );
  const act = useTuner(
    useShallow((s) => ({
      setField: s.setField,
      loadHost: s.loadHost,
      analyze: s.analyze,
      cancel: s.cancel,
      toggleExpanded: s.toggleExpanded,
      toggleSelected: s.toggleSelected,
    })),
  );

  useEffect(() => {
    if (connection?.kind === 'mysql' && t.hostFor !== connection.id) void act.loadHost(connection.id);
  }, [connection?.kind, connection?.id, t.hostFor, act]);

  if (!connection || connection.kind !== 'mysql') {
    return (
      <div className="empty" data-testid="tuner-choose-connection">
        <h3>Choose a connection</h3>
        <p className="muted">
          Pick a MySQL or MariaDB connection in the top bar to analyze its variables and status counters. The Linter tab works without one.
        </p>
      </div>
    );
  }
  const a = t.analysis?.connectionId === connection.id ? t.analysis : null;
  const areas = a ? [...new Set(a.findings.map((f) => f.area))] : [];
  const pct = t.progress?.total ? Math.min(100, (100 * t.progress.done) / t.progress.total) : 0;

  return (
    <>
      <div className="card row tuner-controls">
        <label>
          Interval (s){' '}
          <input aria-label="Interval seconds" type="number" min={1} value={t.intervalSec} onChange={(e) => act.setField('intervalSec', e.target.value)} />
        </label>
        <label>
          Host RAM (GiB){' '}
          <input aria-label="Host RAM GiB" type="number" min={0} step="0.5" value={t.ramGiB} onChange={(e) => act.setField('ramGiB', e.target.value)} />
        </label>
        <label>
          Cores <input aria-label="Host cores" type="number" min={1} value={t.cores} onChange={(e) => act.setField('cores', e.target.value)} />
        </label>
        <button className="primary" onClick={() => void act.analyze(connection.id)} disabled={t.busy !== null}>
          {t.busy === 'analyze' ? 'Analyzing…' : 'Analyze'}
        </button>
        {t.busy === 'analyze' && (
          <>
            <progress className="tuner-progress" max={100} value={pct} aria-label="Sampling progress" />
            <span className="muted small">{t.progress?.message ?? 'Connecting…'}</span>
            <button onClick={act.cancel}>Cancel</button>
          </>
        )}
      </div>
      {t.error && (
        <div className="error-text" role="alert">
          {t.error}
        </div>
      )}
      {!a && t.busy !== 'analyze' && (
        <p className="muted">
          Analyze samples SHOW GLOBAL STATUS twice, the interval apart, so rates describe now rather than the average since startup. It only reads.
        </p>
      )}
      {a && t.firstLook && (
        <div className="card small" role="status" data-testid="tuner-first-look">
          First look from one sample: rates are lifetime averages since startup. The findings are refined when the {t.intervalSec} s interval ends.
        </div>
      )}
      {a && (
        <div className="muted small" data-testid="tuner-summary">
          {a.server.version} · uptime {Math.round(a.uptimeSeconds / 3600)} h · sampled over {a.intervalSeconds.toFixed(1)} s · host RAM{' '}
          {fmtBytes(a.host.ramBytes)}, {a.host.cores ?? '?'} cores ({a.host.source}) · data {fmtBytes(a.dataBytes)} · {a.findings.length} finding(s)
          {a.warnings.map((w) => (
            <div key={w}>⚠ {w}</div>
          ))}
          {a.ruleErrors.map((e) => (
            <div key={e.ruleId} className="error-text">
              Rule {e.ruleId} failed: {e.message}
            </div>
          ))}
        </div>
      )}
      {a && (
        <div className="split tuner-split">
          <div className="tuner-findings">
            {areas.map((area) => (
              <section key={area} aria-label={`Area ${area}`}>
                <h3 className="tuner-area">{area}</h3>
                <ul className="cards">
                  {a.findings
                    .filter((f) => f.area === area)
                    .map((f) => (
                      <FindingCard
                        key={f.ruleId}
                        finding={f}
                        expanded={t.expanded.includes(f.ruleId)}
                        selected={t.selected.includes(f.ruleId)}
                        onToggleExpanded={() => act.toggleExpanded(f.ruleId)}
                        onToggleSelected={() => act.toggleSelected(f.ruleId)}
                      />
                    ))}
                </ul>
              </section>
            ))}
            {a.findings.length === 0 && <p className="muted">No findings: every rule measured within its thresholds.</p>}
          </div>
          <PlanBox connection={connection} />
        </div>
      )}
    </>
  );
}
