/** The Benchmark panel: run a SELECT N times at concurrency C with parameters sampled from the data; keep a run as "before", change something, run again, and read the verdict. */
import { useShallow } from 'zustand/react/shallow';
import type { BenchResult } from '../../../../../shared/contract/bench';
import { useActiveConnection } from '../../../app/active-connection';
import { useBenchmark } from '../benchmark.store';
import { LatencyCharts } from './LatencyCharts';
import { SysbenchSection } from './SysbenchSection';
import '../benchmark.css';

const FIGURES: Array<[keyof BenchResult['summary'], string]> = [
  ['runs', 'Runs'],
  ['errors', 'Errors'],
  ['qps', 'QPS'],
  ['p50Ms', 'p50 ms'],
  ['p95Ms', 'p95 ms'],
  ['p99Ms', 'p99 ms'],
  ['maxMs', 'max ms'],
  ['stddevMs', 'stddev ms'],
  ['madMs', 'MAD ms'],
];

/** The Benchmark panel. */
export default function BenchmarkPanel() {
  const connection = useActiveConnection();
  const b = useBenchmark(
    useShallow((s) => ({
      sql: s.sql,
      runs: s.runs,
      concurrency: s.concurrency,
      warmup: s.warmup,
      result: s.result,
      before: s.before,
      comparison: s.comparison,
      notes: s.notes,
      busy: s.busy,
      progress: s.progress,
      error: s.error,
    })),
  );
  const actions = useBenchmark(useShallow((s) => ({ set: s.set, run: s.run, keep: s.keepAsBefore, clear: s.clearBefore })));
  const sql = connection?.kind === 'mysql';
  return (
    <section className="panel" aria-label="Benchmark">
      <div className="panel-head">
        <h2>Benchmark</h2>
        <span className="muted">Reads only. Placeholders (?) take values that exist in the data, sampled from the column each is compared with.</span>
      </div>
      {b.error && (
        <div className="error-text" role="alert">
          {b.error}
        </div>
      )}
      <div className="card bench-form">
        <textarea
          aria-label="Statement"
          rows={4}
          spellCheck={false}
          value={b.sql}
          placeholder="SELECT … FROM … WHERE col = ? LIMIT ?"
          onChange={(e) => actions.set({ sql: e.target.value })}
        />
        <div className="row">
          <label>
            Runs <input type="number" min={1} max={20000} value={b.runs} onChange={(e) => actions.set({ runs: Number(e.target.value) })} />
          </label>
          <label>
            Concurrency <input type="number" min={1} max={64} value={b.concurrency} onChange={(e) => actions.set({ concurrency: Number(e.target.value) })} />
          </label>
          <label>
            Warm-up <input type="number" min={0} max={5000} value={b.warmup} onChange={(e) => actions.set({ warmup: Number(e.target.value) })} />
          </label>
          <button onClick={() => connection && void actions.run(connection.id)} disabled={!sql || b.busy || !b.sql.trim()}>
            {b.busy ? 'Running…' : 'Run benchmark'}
          </button>
          {b.result && !b.busy && (
            <button className="ghost" onClick={actions.keep}>
              Keep as “before”
            </button>
          )}
          {b.before && (
            <button className="ghost" onClick={actions.clear}>
              Forget “before”
            </button>
          )}
          {b.progress && <span className="muted">{b.progress}</span>}
        </div>
        {!sql && <span className="muted">Choose a MySQL or MariaDB connection in the top bar.</span>}
      </div>
      {b.comparison && (
        <div className={`card bench-verdict ${b.comparison.verdict.replace(' ', '-')}`} role="status" aria-label="Verdict">
          <strong>{b.comparison.verdict === 'within noise' ? 'No change beyond noise' : b.comparison.verdict === 'faster' ? 'Faster' : 'Slower'}</strong> —{' '}
          {b.comparison.explanation}
        </div>
      )}
      {b.result && (
        <div className="card">
          <table className="grid bench-figures" aria-label="Figures">
            <thead>
              <tr>
                <th />
                {FIGURES.map(([, label]) => (
                  <th key={label} className="num">
                    {label}
                  </th>
                ))}
                <th className="num">Server count</th>
              </tr>
            </thead>
            <tbody>
              {b.before && <FigureRow label="before" r={b.before} />}
              <FigureRow label="this run" r={b.result} />
            </tbody>
          </table>
          <LatencyCharts result={b.result} before={b.before} />
          {b.result.errorSamples.map((e) => (
            <div key={e} className="error-text">
              {e}
            </div>
          ))}
          {b.notes.map((n) => (
            <div key={n} className="muted">
              {n}
            </div>
          ))}
        </div>
      )}
      <SysbenchSection connection={connection} />
    </section>
  );
}

function FigureRow({ label, r }: { label: string; r: BenchResult }) {
  return (
    <tr>
      <td>{label}</td>
      {FIGURES.map(([k]) => (
        <td key={k} className="num">
          {r.summary[k].toLocaleString('en-US')}
        </td>
      ))}
      <td className="num">{r.serverCount ?? '—'}</td>
    </tr>
  );
}
