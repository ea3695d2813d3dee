/**
 * sysbench from the Benchmark panel: pick an oltp_* workload and its size, preview what gets
 * created (a scratch database and account, as the executor's dry run), run it, and read the
 * figures and charts next to the server's own counters; keep a run as "before" to overlay the next.
 */
import { useShallow } from 'zustand/react/shallow';
import { sysbenchWorkloads, type SysbenchResult } from '../../../../../shared/contract/sysbench';
import { fmtBytes } from '../../../../../shared/format-bytes';
import type { ConnectionInfo } from '../../../../../shared/contract/connections';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { PlanView } from '../../../app/plan/PlanView';
import { useBenchmark, type SysbenchForm } from '../benchmark.store';
import { SysbenchCharts } from './SysbenchCharts';

const NUMBERS: Array<[Exclude<keyof SysbenchForm, 'workload'>, string, number, number]> = [
  ['tables', 'Tables', 1, 16],
  ['tableSize', 'Rows per table', 1, 1_000_000],
  ['threads', 'Threads', 1, 64],
  ['timeSec', 'Seconds', 1, 600],
  ['rate', 'Rate (tps, 0 = max)', 0, 1_000_000],
];

/** The sysbench card. */
export function SysbenchSection({ connection }: { connection: ConnectionInfo | null }) {
  const sb = useBenchmark((s) => s.sysbench);
  const a = useBenchmark(useShallow((s) => ({ set: s.setSysbench, preview: s.previewSysbench, run: s.runSysbench, keep: s.keepSysbenchBefore })));
  const sql = connection?.kind === 'mysql';
  return (
    <section className="card sysbench-form" aria-label="sysbench">
      <h3>sysbench</h3>
      <p className="muted small">
        Runs Debian’s sysbench in a new scratch database <code>dbw_sb_…</code> with an account of the same name (created and dropped through the executor;
        sysbench gets the account’s random password in an option file). Nothing else on the server is written.
      </p>
      <div className="row">
        <label>
          Workload{' '}
          <select aria-label="Workload" value={sb.form.workload} onChange={(e) => a.set({ workload: e.target.value as SysbenchForm['workload'] })}>
            {sysbenchWorkloads.map((w) => (
              <option key={w}>{w}</option>
            ))}
          </select>
        </label>
        {NUMBERS.map(([key, label, min, max]) => (
          <label key={key}>
            {label}{' '}
            <input type="number" aria-label={label} min={min} max={max} value={sb.form[key]} onChange={(e) => a.set({ [key]: Number(e.target.value) })} />
          </label>
        ))}
        <button onClick={() => connection && void a.preview(connection.id)} disabled={!sql || sb.busy !== null}>
          {sb.busy === 'preview' ? 'Previewing…' : 'Preview sysbench run'}
        </button>
      </div>
      {sb.error && (
        <div className="error-text" role="alert">
          {sb.error}
        </div>
      )}
      {sb.preview && connection && (
        <div className="sysbench-preview">
          <PlanView preview={sb.preview.preview} applied={null} />
          <div className="muted small">
            {sb.preview.sysbenchVersion}; about {fmtBytes(sb.preview.estimatedBytes)} of tables while it runs.
          </div>
          <ApplyBox
            connection={connection}
            label="Run sysbench"
            busy={sb.busy !== null}
            applying={sb.busy === 'run'}
            applyingLabel="Running sysbench…"
            progress={sb.progress}
            onApply={(confirmation) => void a.run(connection.id, confirmation)}
          />
        </div>
      )}
      {!sb.preview && sb.busy === 'run' && <div className="muted small">{sb.progress}</div>}
      {sb.result && (
        <>
          <table className="grid bench-figures" aria-label="sysbench figures">
            <thead>
              <tr>
                <th />
                <th>Workload</th>
                <th className="num">TPS</th>
                <th className="num">QPS</th>
                <th className="num">p95 ms</th>
                <th className="num">min / avg / max ms</th>
                <th className="num">Errors</th>
                <th className="num">Queries</th>
                <th className="num">Server counted</th>
              </tr>
            </thead>
            <tbody>
              {sb.before && <SysbenchRow label="before" r={sb.before} />}
              <SysbenchRow label="this run" r={sb.result} />
            </tbody>
          </table>
          <div className="row">
            <button className="ghost" onClick={a.keep} disabled={sb.busy !== null}>
              Keep sysbench run as “before”
            </button>
            <span className="muted small">
              {sb.result.spec.threads} thread(s), {sb.result.spec.tables} × {sb.result.spec.tableSize} rows ({fmtBytes(sb.result.preparedBytes)}) in{' '}
              {sb.result.scratch}, {sb.result.dropped ? 'dropped after' : 'NOT dropped: drop it and its account by hand'}
            </span>
          </div>
          <SysbenchCharts result={sb.result} before={sb.before} />
          {sb.result.notes.map((n) => (
            <div key={n} className="muted small">
              {n}
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function SysbenchRow({ label, r }: { label: string; r: SysbenchResult }) {
  const { totals: t, latency: l } = r.report;
  return (
    <tr>
      <td>{label}</td>
      <td>{r.spec.workload}</td>
      <td className="num">{t.tps.toLocaleString('en-US')}</td>
      <td className="num">{t.qps.toLocaleString('en-US')}</td>
      <td className="num">{l.p95Ms}</td>
      <td className="num">
        {l.minMs} / {l.avgMs} / {l.maxMs}
      </td>
      <td className="num">{t.ignoredErrors}</td>
      <td className="num">{t.queries.toLocaleString('en-US')}</td>
      <td
        className="num"
        title="Statements performance_schema counted for the run's account: sysbench's queries plus the statements that failed with an ignored error"
      >
        {r.server.statements?.toLocaleString('en-US') ?? '—'}
      </td>
    </tr>
  );
}
