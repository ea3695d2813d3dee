/** Recommendations grouped by table: evidence, the queries each helps, size and write cost, a checkbox. */
import { useShallow } from 'zustand/react/shallow';
import { useAdvisor, type Advice } from '../advisor.store';
import { fmtBytes, fmtNum, fmtSec, indexColumnText } from '../format';

/** What "period" means in the advisor's figures, shown as a tooltip on them. */
const PERIOD_HELP =
  "period: the workload's weight period. For a script weighted with `-- name | qps | slo` it is one second (qps executions, each within slo); for a slow log or performance_schema digests it is the whole window they measured. 'saves' is workload time the index should save in it; 'write cost' the time spent maintaining the index on writes; 'exec' executions in it.";

type Rec = Advice['recommendations'][number];

/** The recommendations. */
export function Recommendations({ advice }: { advice: Advice }) {
  const ticked = useAdvisor(useShallow((s) => s.ticked));
  const toggle = useAdvisor((s) => s.toggle);
  const weight = new Map(advice.queries.map((q) => [q.name, q.weight]));
  const byTable = new Map<string, Rec[]>();
  for (const r of advice.recommendations) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
  if (advice.recommendations.length === 0) return <p className="muted">No new index would help this workload.</p>;
  return (
    <div className="adv-recs" aria-label="Recommendations">
      {[...byTable].map(([table, recs]) => {
        const t = advice.tables.find((x) => x.name === table);
        const over = t !== undefined && t.indexCountAfter > advice.maxIndexes;
        return (
          <section key={table} className="adv-table" data-testid={`adv-table-${table}`}>
            <h3>
              {table}{' '}
              <span className="muted small">
                {t?.rows != null ? `~${fmtNum(t.rows)} rows` : 'rows unknown'} · indexes {t?.indexCount ?? '?'} → {t?.indexCountAfter ?? '?'}{' '}
                <span className={over ? 'badge risk-high' : 'badge ok'}>guideline ≤ {advice.maxIndexes}</span>
              </span>
            </h3>
            {t && <IndexSizes table={t} />}
            {recs.map((r) => (
              <div key={r.id} className="adv-rec">
                <label className="row">
                  <input type="checkbox" aria-label={`Tick ${r.name}`} checked={ticked.includes(r.id)} onChange={() => toggle(r.id)} />
                  <code>
                    {r.kind === 'FULLTEXT' ? 'FULLTEXT ' : ''}
                    {r.name} ({r.columns.map(indexColumnText).join(', ')})
                  </code>
                  {r.columns.some((c) => c.subPart !== null) && (
                    <span className="badge" title="Only the first N characters of these columns are indexed">
                      prefix {r.columns.flatMap((c) => (c.subPart !== null ? [`${c.name}(${c.subPart})`] : [])).join(', ')}
                    </span>
                  )}
                  {r.covering && <span className="badge ok">covering</span>}
                  {r.replaces && <span className="badge">replaces {r.replaces}</span>}
                </label>
                <div className="small adv-evidence" title={PERIOD_HELP}>
                  saves ~{fmtSec(r.savedTimeSec)}/period · size ~{fmtBytes(r.sizeBytes)} · write cost{' '}
                  {r.writeRate !== null ? `~${fmtSec(r.writeCostSec)}/period (${fmtNum(r.writeRate, 1)} writes/period)` : 'unknown'} · score{' '}
                  {fmtNum(r.score, 2)}
                </div>
                {r.writeSource && <div className="small muted adv-writes">writes: {r.writeSource}</div>}
                <ul className="small adv-queries">
                  {r.queries.map((q) => {
                    const w = weight.get(q);
                    return (
                      <li key={q}>
                        {q}
                        {w && (
                          <span className="muted" title="Executions of this query, and the time they take, in one weight period (see 'period' above)">
                            {' '}
                            — {fmtNum(w.count, 1)} exec, {fmtSec(w.totalTimeSec)} total
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
                {r.reasons.length > 0 && (
                  <ul className="small muted adv-reasons">
                    {r.reasons.map((x) => (
                      <li key={x}>{x}</li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}

/** Existing indexes with their measured sizes, and the new ones' estimate, so a DBA sees what the change adds. */
function IndexSizes({ table }: { table: Advice['tables'][number] }) {
  const measured = table.indexSizes.filter((i) => i.sizeBytes !== null);
  return (
    <div className="small muted adv-sizes" data-testid={`adv-sizes-${table.name}`}>
      {measured.length > 0
        ? `index sizes measured (innodb_index_stats): ${measured.map((i) => `${i.name} ${fmtBytes(i.sizeBytes)}`).join(', ')}`
        : 'index sizes not measured (offline or no persistent statistics)'}
      {table.newIndexBytes > 0 ? ` · new indexes ~${fmtBytes(table.newIndexBytes)} (estimated)` : ''}
    </div>
  );
}
