/** Workload and schema sources of the advice, with the co-writing example loader. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAdvisor, type WorkloadKind } from '../advisor.store';

interface Props {
  /** The active MySQL-family connection, if any. */
  connection: { id: string; name: string } | null;
}

const workloadKinds: Array<{ kind: WorkloadKind; label: string; live: boolean }> = [
  { kind: 'text', label: 'Paste queries', live: false },
  { kind: 'slowlog', label: 'Paste a slow log', live: false },
  { kind: 'performance_schema', label: 'performance_schema', live: true },
];

/** The source form. */
export function SourceForm({ connection }: Props) {
  const s = useAdvisor(
    useShallow((x) => ({
      workloadKind: x.workloadKind,
      workloadText: x.workloadText,
      schemaSource: x.schemaSource,
      schemaDdl: x.schemaDdl,
      busy: x.busy,
      progress: x.progress,
    })),
  );
  const setInput = useAdvisor((x) => x.setInput);
  const runAdvise = useAdvisor((x) => x.runAdvise);
  const loadExample = useAdvisor((x) => x.loadExample);
  const [withSeed, setWithSeed] = useState(false);
  const live = connection !== null && s.schemaSource === 'live';
  const canRun = s.busy === null && (s.workloadKind === 'performance_schema' ? connection !== null : true) && (live || s.schemaDdl.trim() !== '');

  return (
    <div className="card adv-sources" aria-label="Advisor sources">
      <div className="adv-source">
        <div className="row between">
          <strong>Workload</strong>
          <span className="row" role="radiogroup" aria-label="Workload source">
            {workloadKinds.map((w) => (
              <label key={w.kind} className="small nowrap">
                <input
                  type="radio"
                  name="adv-workload"
                  checked={s.workloadKind === w.kind}
                  disabled={w.live && !connection}
                  onChange={() => setInput({ workloadKind: w.kind })}
                />
                {w.label}
              </label>
            ))}
          </span>
        </div>
        {s.workloadKind !== 'performance_schema' ? (
          <textarea
            aria-label="Workload"
            spellCheck={false}
            placeholder={s.workloadKind === 'text' ? '-- name | qps | slo\nSELECT … ;' : '# Time: …\n# Query_time: …'}
            value={s.workloadText}
            onChange={(e) => setInput({ workloadText: e.target.value })}
          />
        ) : null}
        {s.workloadKind === 'text' ? (
          <p className="muted small" data-testid="workload-legend">
            <code>-- name | qps | slo</code> above a statement weighs it: <strong>qps</strong> its peak executions per second, <strong>slo</strong> the time
            each may take (<code>50ms</code>, <code>0.2s</code>). Without one a statement counts as one execution of one second.
          </p>
        ) : s.workloadKind !== 'performance_schema' ? null : (
          <p className="muted small">Statement digests of {connection?.name ?? 'the connection'} (events_statements_summary_by_digest), heaviest first.</p>
        )}
      </div>
      <div className="adv-source">
        <div className="row between">
          <strong>Schema</strong>
          <span className="row" role="radiogroup" aria-label="Schema source">
            <label className="small nowrap">
              <input type="radio" name="adv-schema" checked={live} disabled={!connection} onChange={() => setInput({ schemaSource: 'live' })} />
              Live{connection ? ` (${connection.name})` : ''}
            </label>
            <label className="small nowrap">
              <input type="radio" name="adv-schema" checked={!live} onChange={() => setInput({ schemaSource: 'ddl' })} />
              Pasted CREATE TABLEs
            </label>
          </span>
        </div>
        {!live ? (
          <textarea
            aria-label="Schema DDL"
            spellCheck={false}
            placeholder="CREATE TABLE … ;"
            value={s.schemaDdl}
            onChange={(e) => setInput({ schemaDdl: e.target.value })}
          />
        ) : (
          <p className="muted small">Tables, indexes, statistics and index usage are read from the connection&apos;s database (read-only).</p>
        )}
      </div>
      <div className="row">
        <button className="primary" disabled={!canRun} onClick={() => void runAdvise(connection?.id ?? null)}>
          {s.busy === 'advise' ? 'Advising…' : 'Advise'}
        </button>
        <button className="ghost" onClick={() => void loadExample(withSeed)}>
          Load the co-writing example
        </button>
        <label className="small nowrap">
          <input type="checkbox" checked={withSeed} onChange={(e) => setWithSeed(e.target.checked)} />
          with its seed indexes
        </label>
        {s.busy === 'advise' && s.progress && <span className="muted small">{s.progress}</span>}
      </div>
    </div>
  );
}
