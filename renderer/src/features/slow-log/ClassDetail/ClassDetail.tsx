/** One class in detail: findings, metrics, histogram and time series, who ran it, tables, the worst sample, actions. */
import { useShallow } from 'zustand/react/shallow';
import type { QueryClass } from '../../../../../shared/contract/slow-log';
import { useActiveConnection } from '../../../app/active-connection';
import { useUi } from '../../../app/ui.store';
import { useAdvisor } from '../../advisor/advisor.store';
import { useEditor } from '../../editor/editor.store';
import { SqlView } from '../SqlView/SqlView';
import { useSlowLog } from '../slow-log.store';
import { fmtSeconds } from '../slow-log.format';
import { Histogram, Series } from './ClassCharts';
import { MetricTable } from './MetricTable';

const NEEDS_CONNECTION = 'EXPLAIN runs on a server: choose a connection first (Open in editor works offline)';

function Values({ title, values }: { title: string; values: { value: string; count: number }[] }) {
  return (
    <div className="sl-values">
      <div className="muted small">{title}</div>
      {values.length === 0 ? (
        <div className="muted small">—</div>
      ) : (
        <ul>
          {values.slice(0, 8).map((v) => (
            <li key={v.value}>
              <span className="sl-ellipsis">{v.value || '(empty)'}</span> <span className="muted">{v.count.toLocaleString('en-US')}</span>
            </li>
          ))}
          {values.length > 8 && <li className="muted small">and {values.length - 8} more</li>}
        </ul>
      )}
    </div>
  );
}

/**
 * One class as an advisor workload statement: a `name | qps | slo` header with the class's rate
 * and average time, then its sample.
 */
export function advisorStatementOf(c: QueryClass): string {
  const avg = c.count ? (c.metrics.Query_time?.sum ?? 0) / c.count : 0;
  return `-- class_${c.queryId} | ${c.qps.toFixed(3)} | ${avg.toFixed(6)}s\n${c.sample.text.trim().replace(/;\s*$/, '')};`;
}

/** The class detail. */
export function ClassDetail() {
  const { current, selected } = useSlowLog(useShallow((x) => ({ current: x.current, selected: x.selected })));
  const { toast, setPanel, connectionId } = useUi(useShallow((x) => ({ toast: x.toast, setPanel: x.setPanel, connectionId: x.activeConnectionId })));
  const sqlConnected = useActiveConnection()?.kind === 'mysql';
  const c = current?.report.classes.find((x) => x.checksum === selected);
  if (!current || !c) return <div className="card muted">Select a class in the profile to see its detail.</div>;
  const missing = current.missing;
  const sampleTime = c.sample.attributes.Query_time;
  const copy = () =>
    navigator.clipboard.writeText(c.sample.text).then(
      () => toast('success', 'Sample copied'),
      () => toast('error', 'The clipboard refused the copy'),
    );
  const title = `#${c.rank} ${c.queryId}`;
  const openInEditor = () => {
    useEditor.getState().openInNewTab(c.sample.text, title);
    setPanel('editor');
  };
  const explain = () => {
    if (!connectionId) return;
    useEditor.getState().openInNewTab(c.sample.text, title, 'explain');
    void useEditor.getState().runExplain(connectionId, c.sample.text, 'json');
    setPanel('editor');
  };
  // The advisor weighs a statement by a "name | qps | time" header: the class's rate and average time.
  // Sent while connected to a SQL server, the advisor reads that server's schema (Advise is then enabled).
  const sendToAdvisor = (all: boolean) => {
    const classes = all ? current.report.classes.filter((x) => x.sample.text.trim()) : [c];
    const advisor = useAdvisor.getState();
    const existing = advisor.workloadKind === 'text' ? advisor.workloadText.trim() : '';
    const statements = classes.map(advisorStatementOf).join('\n\n');
    advisor.setInput({
      workloadKind: 'text',
      workloadText: existing && !all ? `${existing}\n\n${statements}` : statements,
      ...(sqlConnected ? { schemaSource: 'live' as const } : {}),
    });
    toast('success', all ? `${classes.length} classes sent to the index advisor's workload` : `Class ${c.queryId} added to the index advisor's workload`);
    setPanel('advisor');
  };
  return (
    <div className="card sl-detail" aria-label="Class detail" data-testid="class-detail">
      <div className="row between wrap">
        <h3 className="sl-title">
          #{c.rank} <span className="sl-qid">{c.queryId}</span> {c.distillate}
        </h3>
        <div className="row">
          <button onClick={() => void copy()}>Copy</button>
          <button onClick={openInEditor}>Open in editor</button>
          <button onClick={explain} disabled={!connectionId} title={connectionId ? 'EXPLAIN the worst sample on the active connection' : NEEDS_CONNECTION}>
            EXPLAIN
          </button>
          <button onClick={() => sendToAdvisor(false)}>Send to index advisor</button>
          <button
            className="ghost"
            onClick={() => sendToAdvisor(true)}
            title="Every class of this slow log, each weighed by its rate and average time, replaces the advisor's workload"
          >
            Send all {current.report.classes.length} classes
          </button>
        </div>
      </div>
      <div className="muted small">
        {c.count.toLocaleString('en-US')} calls · {fmtSeconds(c.metrics.Query_time?.sum ?? 0)} total · {(c.pctOfOrderBy * 100).toFixed(1)}% of all time
        {c.tsMin ? ` · ${c.tsMin} → ${c.tsMax}` : ''}
      </div>
      {c.findings.length > 0 && (
        <ul className="sl-class-findings">
          {c.findings.map((f) => (
            <li key={f.id}>
              <span className={`badge sev-${f.severity}`}>{f.severity}</span> <strong>{f.title}</strong> — {f.evidence}
            </li>
          ))}
        </ul>
      )}
      <MetricTable c={c} missing={missing} ptCompatible={current?.report.options.ptCompatible ?? false} />
      <div className="sl-charts">
        {missing.includes('histogram') ? (
          <div className="sl-chart muted small">This source keeps no per-execution times: no histogram.</div>
        ) : (
          <Histogram c={c} />
        )}
        <Series c={c} />
      </div>
      <div className="sl-who">
        <Values title="Users" values={c.users} />
        <Values title="Hosts" values={c.hosts} />
        <Values title="Databases" values={c.dbs} />
        <div className="sl-values">
          <div className="muted small">Tables referenced</div>
          <ul>{c.tables.length === 0 ? <li className="muted small">—</li> : c.tables.map((t) => <li key={t}>{t}</li>)}</ul>
        </div>
      </div>
      <div>
        <div className="muted small">
          Worst sample{sampleTime !== undefined ? ` · ${fmtSeconds(Number(sampleTime))}` : ''}
          {c.sample.ts ? ` · ${c.sample.ts}` : ''}
          {c.sample.user ? ` · ${c.sample.user}@${c.sample.host ?? ''}` : ''}
          {c.sample.db ? ` · db ${c.sample.db}` : ''}
        </div>
        {c.sample.text || !current.restored ? (
          <SqlView sql={c.sample.text} label="Worst sample" />
        ) : (
          <p className="muted small" data-testid="sample-dropped">
            The raw sample of this class was not kept across the reload (only the top {current.restored.samplesKept} classes keep theirs, to bound the saved
            size): open the log again to see it.
          </p>
        )}
        {c.sample.explain.length > 0 && <pre className="sql small">{c.sample.explain.join('\n')}</pre>}
      </div>
      <details>
        <summary className="small">Fingerprint</summary>
        <SqlView sql={c.fingerprint} label="Fingerprint" />
      </details>
    </div>
  );
}
