/** The before/after table of a plan's measurements (PlanView, and ANALYZE of a write after its rollback). */

interface Metric {
  readonly key: string;
  readonly label: string;
  readonly value: string | number | null;
}

interface Props {
  before: readonly Metric[];
  /** The re-measurement, or null before the plan ran (the column is then left out). */
  after: readonly Metric[] | null;
  afterLabel?: string;
  /** Write "✓ unchanged" / "≠ changed" after each value (for a run that must change nothing). */
  verdict?: boolean;
}

/** One row per measurement: before, and after when there is an after. */
export function MetricsTable({ before, after, afterLabel = 'After', verdict = false }: Props) {
  const byKey = new Map((after ?? []).map((m) => [m.key, m.value]));
  return (
    <table className="grid small">
      <thead>
        <tr>
          <th>Measured</th>
          <th>Before</th>
          {after && <th>{afterLabel}</th>}
        </tr>
      </thead>
      <tbody>
        {before.map((m) => {
          const a = byKey.get(m.key);
          return (
            <tr key={m.key}>
              <td>{m.label}</td>
              <td>{String(m.value ?? '—')}</td>
              {after && (
                <td className={verdict || a === m.value ? '' : 'changed'}>
                  {String(a ?? '—')}
                  {verdict && (a === m.value ? ' ✓ unchanged' : ' ≠ changed')}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
