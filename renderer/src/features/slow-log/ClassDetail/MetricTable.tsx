/** Every numeric attribute of a class with its statistics, and the Yes/No attributes' shares. */
import type { MetricStats, QueryClass } from '../../../../../shared/contract/slow-log';
import { fmtBytes, fmtCount, fmtPct, fmtSeconds, percentileNote } from '../slow-log.format';

const STATS = ['sum', 'min', 'max', 'avg', 'p95', 'p99', 'median', 'stddev'] as const;
const isTime = (name: string) => /_time$|_wait$/i.test(name);
const isBytes = (name: string) => /bytes|_length$/i.test(name);

function fmt(name: string, v: number): string {
  if (isTime(name)) return fmtSeconds(v);
  if (isBytes(name)) return fmtBytes(Math.round(v));
  return fmtCount(v, true);
}

/** The metrics table. */
export function MetricTable({ c, missing, ptCompatible }: { c: QueryClass; missing: readonly string[]; ptCompatible: boolean }) {
  const sorted = Object.keys(c.metrics).sort((a, b) => (a === 'Query_time' ? -1 : b === 'Query_time' ? 1 : a.localeCompare(b)));
  // Attributes that were 0 on every execution (most log_slow_extra counters) are named, not tabled.
  const zero = sorted.filter((n) => n !== 'Query_time' && c.metrics[n]!.sum === 0 && c.metrics[n]!.max === 0);
  const names = sorted.filter((n) => !zero.includes(n));
  const value = (name: string, m: MetricStats, stat: (typeof STATS)[number]) => (missing.includes(`${name}.${stat}`) ? 'n/a' : fmt(name, m[stat]));
  return (
    <div className="sl-metrics">
      <table className="grid" aria-label="Metrics">
        <thead>
          <tr>
            <th>Attribute</th>
            {STATS.map((s) => (
              <th key={s} className="num">
                {s === 'sum' ? 'total' : s}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const m = c.metrics[name]!;
            return (
              <tr key={name}>
                <td className="nowrap">{name}</td>
                {STATS.map((s) => (
                  <td key={s} className="num nowrap">
                    {value(name, m, s)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {zero.length > 0 && <div className="muted small">Always 0: {zero.join(', ')}.</div>}
      {Object.keys(c.bools).length > 0 && (
        <div className="sl-bools small">
          {Object.entries(c.bools).map(([k, b]) => (
            <span key={k} className={b.pctYes > 0 ? 'badge sev-warning' : 'badge'}>
              {k}: {fmtPct(b.pctYes)}
            </span>
          ))}
        </div>
      )}
      {c.metrics.Query_time && !missing.length && percentileNote(c.metrics.Query_time, ptCompatible) && (
        <div className="muted small" data-testid="percentile-note">
          {percentileNote(c.metrics.Query_time, ptCompatible)}
        </div>
      )}
    </div>
  );
}
