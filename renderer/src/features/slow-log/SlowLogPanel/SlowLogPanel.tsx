/** The slow-log panel: where the time goes in a slow log (pasted, opened, the demo, or live from a server). */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useConnections } from '../../connections/connections.store';
import { ClassDetail } from '../ClassDetail/ClassDetail';
import { ComparePanel } from '../ComparePanel/ComparePanel';
import { Findings } from '../Findings/Findings';
import { ProfileTable } from '../ProfileTable/ProfileTable';
import { FilterBar } from '../SourceBar/FilterBar';
import { RunProgress } from '../SourceBar/RunProgress';
import { SourceBar } from '../SourceBar/SourceBar';
import { Totals } from '../SourceBar/Totals';
import { useSlowLog } from '../slow-log.store';

/** The panel. */
export default function SlowLogPanel() {
  const s = useSlowLog(useShallow((x) => ({ current: x.current, running: x.running, error: x.error, comparison: x.comparison })));
  const { loadDemo, openFile } = useSlowLog(useShallow((x) => ({ loadDemo: x.loadDemo, openFile: x.openFile })));
  const { list, loaded } = useConnections(useShallow((x) => ({ list: x.list, loaded: x.loaded })));
  const [dragging, setDragging] = useState(false);
  const autoDemo = useRef(false);

  // First start: nothing to analyse and no server yet, so show what the panel does on the demo.
  useEffect(() => {
    if (autoDemo.current || !loaded) return;
    autoDemo.current = true;
    if (list.length === 0 && !useSlowLog.getState().current && !useSlowLog.getState().running) void loadDemo();
  }, [loaded, list.length, loadDemo]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void openFile(file);
  };

  return (
    <section
      className={dragging ? 'panel slowlog dropping' : 'panel slowlog'}
      aria-label="Slow log"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="panel-head">
        <h2>Slow-log digest</h2>
        <span className="muted">Where the time goes: query classes ranked by total time, with the evidence. Drop a log file anywhere here.</span>
      </div>
      <SourceBar />
      {s.running && <RunProgress />}
      {s.error && (
        <div className="error-text" role="alert">
          {s.error}
        </div>
      )}
      {s.current ? (
        <>
          {s.current.input.kind === 'demo' && (
            <div className="sl-banner" data-testid="demo-banner">
              <strong>{s.current.label}</strong>
              <span>
                A generated sample of the co-writing platform's workload on its shipped schema (primary keys only). Paste or open your own slow log above to
                analyse it.
              </span>
            </div>
          )}
          <Totals />
          <Findings />
          <FilterBar />
          {s.comparison && <ComparePanel />}
          <div className={s.running ? 'sl-results sl-stale' : 'sl-results'} aria-busy={s.running !== null}>
            <ProfileTable />
            <ClassDetail />
          </div>
        </>
      ) : (
        !s.running && (
          <div className="empty">
            <h3>No slow log yet</h3>
            <p>Paste a slow log, open a file (MySQL, MariaDB or Percona format), or look at the demo analysis first.</p>
            <button onClick={() => void loadDemo()}>Show demo</button>
          </div>
        )
      )}
    </section>
  );
}
