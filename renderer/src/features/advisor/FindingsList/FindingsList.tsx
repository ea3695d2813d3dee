/** Findings by kind (duplicates, unused, low selectivity, secrets, foreign keys, full-text...) and unparsed statements. */
import type { Advice } from '../advisor.store';
import { fmtBytes } from '../format';
import { PlanNote } from '../../../app/plan/PlanNote';

type Finding = Advice['findings'][number];

const sections: Array<{ title: string; kinds: Finding['kind'][] }> = [
  { title: 'Duplicate and redundant indexes', kinds: ['duplicate-index', 'redundant-index', 'clustered-suffix', 'duplicate-foreign-key'] },
  { title: 'Unused indexes', kinds: ['unused-index'] },
  { title: 'Low selectivity', kinds: ['low-selectivity'] },
  { title: 'Secrets in indexes', kinds: ['secret-in-index'] },
  { title: 'Foreign-key columns without an index', kinds: ['fk-without-index'] },
  { title: 'Full-text search', kinds: ['fulltext-suggested'] },
  { title: 'Other', kinds: ['too-many-indexes', 'or-across-columns', 'non-sargable'] },
];

function evidenceText(e: Finding['evidence']): string {
  return Object.entries(e)
    .filter(([k]) => k !== 'sql')
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');
}

/** The findings. */
export function FindingsList({ advice }: { advice: Advice }) {
  return (
    <div className="adv-findings">
      {sections.map((s) => {
        const list = advice.findings.filter((f) => s.kinds.includes(f.kind));
        if (list.length === 0) return null;
        const wasted = list.reduce((n, f) => n + (f.wastedBytes ?? 0), 0);
        return (
          <section key={s.title} aria-label={s.title}>
            <h3>
              {s.title}{' '}
              <span className="muted small">
                ({list.length}
                {wasted > 0 ? `, ${fmtBytes(wasted)} wasted` : ''})
              </span>
            </h3>
            <ul>
              {list.map((f) => (
                <li key={f.id} className={`adv-finding sev-${f.severity === 'critical' ? 'error' : f.severity}`}>
                  <div>
                    <strong>{f.title}</strong> <span className="badge">{f.confidence} confidence</span>
                    {f.wastedBytes !== null && <span className="muted small"> · {fmtBytes(f.wastedBytes)}</span>}
                  </div>
                  <div className="small">{f.detail}</div>
                  <div className="small muted">{evidenceText(f.evidence)}</div>
                  {f.fix && <code className="sql small">{f.fix}</code>}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {advice.unparsed.length > 0 && (
        <section aria-label="Unparsed statements">
          <h3>
            Unparsed statements <span className="muted small">({advice.unparsed.length}, left out of the advice)</span>
          </h3>
          <ul>
            {advice.unparsed.map((u) => (
              <li key={u.index} className="small">
                <code className="sql">{u.sql.slice(0, 300)}</code>
                <div className="error-text">{u.error}</div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {advice.notes.map((n) => (
        <PlanNote key={n} note={n} />
      ))}
    </div>
  );
}
