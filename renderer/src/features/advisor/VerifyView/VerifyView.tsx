/** Per query: EXPLAIN before/after (type, key, rows) and timings (median, p95). */
import type { Verified } from '../advisor.store';
import { fmtNum } from '../format';

type Row = Verified['results'][number]['before'][number];

function Explain({ rows }: { rows: Row[] }) {
  return (
    <table className="grid small adv-explain">
      <thead>
        <tr>
          <th>table</th>
          <th>type</th>
          <th>key</th>
          <th className="num">rows</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className={r.accessType === 'ALL' ? 'adv-scan' : ''}>
            <td>{r.table ?? '—'}</td>
            <td>{r.accessType ?? '—'}</td>
            <td>{r.key ?? '—'}</td>
            <td className="num">{fmtNum(r.rows)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const timing = (t: Verified['results'][number]['timingBefore']) =>
  t ? `median ${t.medianMs.toFixed(2)} ms · p95 ${t.p95Ms.toFixed(2)} ms (${t.runs} runs)` : 'not timed';

/** What each verdict rests on, in the words the panel shows. */
const basisLabel: Record<Verified['results'][number]['evidence']['basis'], string> = {
  'rows-read': 'Judged on rows read',
  timing: 'Judged on timing (significant)',
  estimate: 'Judged on EXPLAIN estimates',
  none: 'Nothing to judge on',
};

/** The verification. */
export function VerifyView({ verified }: { verified: Verified }) {
  return (
    <div data-testid="verify-view" className="adv-verify">
      <div className="muted small">
        {verified.method === 'invisible-session'
          ? 'Compared in one session with use_invisible_indexes=on'
          : 'Before = baseline measured before apply; after = now'}
      </div>
      {verified.results.map((r) => (
        <div key={r.query} className="adv-verify-query" data-testid="verify-query">
          <div className="row between">
            <strong>{r.query}</strong>
            <span className={`badge ${r.verdict === 'improved' ? 'ok' : r.verdict === 'worse' ? 'risk-high' : ''}`}>{r.verdict}</span>
          </div>
          <div className="adv-before-after">
            <div>
              <div className="small muted">Before · {timing(r.timingBefore)}</div>
              <Explain rows={r.before} />
            </div>
            <div>
              <div className="small muted">After · {timing(r.timingAfter)}</div>
              <Explain rows={r.after} />
            </div>
          </div>
          <div className="small" data-testid="verify-evidence">
            <span className="muted">{basisLabel[r.evidence.basis]}:</span> {r.evidence.summary}
          </div>
          {r.evidence.parameters && <div className="small muted">Parameters {r.evidence.parameters}</div>}
          {r.newIndexesUsed.length > 0 && <div className="small ok-text">uses {r.newIndexesUsed.join(', ')}</div>}
        </div>
      ))}
      {verified.notes.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
    </div>
  );
}
