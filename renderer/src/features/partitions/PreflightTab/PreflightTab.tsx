/** Preflight: the DDL with inline markers on the left; each statement's verdict, findings and fix on the right. */
import { useShallow } from 'zustand/react/shallow';
import { useActiveConnection } from '../../../app/active-connection';
import { useUi } from '../../../app/ui.store';
import { usePartitions, type Flavor } from '../partitions.store';
import { DdlEditor } from './DdlEditor';

/** The preflight tab. */
export function PreflightTab() {
  const connection = useActiveConnection();
  const dark = useUi((s) => s.theme === 'dark');
  const p = usePartitions(
    useShallow((s) => ({
      ddl: s.ddl,
      flavor: s.flavor,
      live: s.live,
      check: s.check,
      selected: s.selected,
      busy: s.busy ?? s.plan?.busy ?? null,
      schema: s.schema,
      schemaSql: s.schemaSql,
    })),
  );
  const a = usePartitions(
    useShallow((s) => ({
      setDdl: s.setDdl,
      setFlavor: s.setFlavor,
      setLive: s.setLive,
      select: s.select,
      loadExample: s.loadExample,
      runCheck: s.runCheck,
      previewConversion: s.previewConversion,
      setTab: s.setTab,
    })),
  );
  const canLive = connection?.kind === 'mysql';
  const st = p.check?.statements[p.selected] ?? null;
  return (
    <div className="split part-preflight">
      <div className="card">
        <div className="row">
          <button className="ghost" onClick={() => void a.loadExample()} disabled={p.busy !== null}>
            Load the seed example
          </button>
          <label>
            <span className="muted small">Flavor </span>
            <select aria-label="Preflight flavor" value={p.flavor} onChange={(e) => a.setFlavor(e.target.value as Flavor)} disabled={p.live}>
              <option value="mariadb-10.11">MariaDB 10.11</option>
              <option value="mysql-8.4">MySQL 8.4</option>
              <option value="mysql-9.7">MySQL 9.7</option>
            </select>
          </label>
          <label className="small">
            <input
              type="checkbox"
              aria-label="Check against the live tables"
              checked={p.live && canLive}
              disabled={!canLive}
              onChange={(e) => a.setLive(e.target.checked)}
            />{' '}
            live tables{canLive ? ` (${connection.name}${p.schema ? `/${p.schema}` : ''})` : ''}
          </label>
          <button className="primary" onClick={() => void a.runCheck(connection?.id ?? null)} disabled={!p.ddl.trim() || p.busy !== null}>
            {p.busy === 'check' ? 'Checking…' : 'Check'}
          </button>
        </div>
        <div className="muted small">
          {p.live && canLive
            ? 'Checked against SHOW CREATE TABLE of the named tables (read-only).'
            : p.schemaSql
              ? 'Checked against the example schema text.'
              : 'No schema: keys and types are not checked.'}
        </div>
        <DdlEditor value={p.ddl} onChange={a.setDdl} check={p.check} dark={dark} />
      </div>
      <div className="card scroll" data-testid="preflight-results">
        {!p.check && (
          <p className="muted">
            Paste partitioning DDL (or load the example) and check it: each statement gets the error the server would give, and a fix that runs.
          </p>
        )}
        {p.check && (
          <>
            <ol className="part-statements">
              {p.check.statements.map((s) => (
                <li key={s.index}>
                  <button className={s.index === p.selected ? 'active' : 'ghost'} onClick={() => a.select(s.index)} data-testid={`statement-${s.index}`}>
                    <span className={`badge ${s.predictedErrno ? 'risk-high' : s.findings.length ? 'risk-medium' : 'ok'}`}>
                      {s.predictedErrno ? `ERROR ${s.predictedErrno}` : s.findings.length ? 'runs, but' : 'runs'}
                    </span>{' '}
                    {s.table ?? s.kind} <span className="muted small">{s.sql.split('\n')[0]!.slice(0, 60)}</span>
                  </button>
                </li>
              ))}
            </ol>
            {st && (
              <div data-testid="statement-detail">
                {st.findings.map((f, i) => (
                  <div key={i} className={`part-finding sev-${f.severity}`}>
                    <strong>
                      {f.severity}
                      {f.errno ? ` ${f.errno}` : ''}
                    </strong>{' '}
                    {f.message}{' '}
                    <a href={f.docUrl} target="_blank" rel="noreferrer">
                      manual
                    </a>
                  </div>
                ))}
                {st.fix && (
                  <div className="part-fix" data-testid="statement-fix">
                    <div className="row between">
                      <strong>Fix</strong>
                      <span className="row">
                        <button className="ghost" onClick={() => a.setDdl(st.fix!)}>
                          Put the fix in the editor
                        </button>
                        {canLive && st.table && (
                          <button
                            onClick={() => {
                              a.setTab('tables');
                              void a.previewConversion(connection.id, st.table!, st.fix!);
                            }}
                          >
                            Convert with the fix…
                          </button>
                        )}
                      </span>
                    </div>
                    <pre className="sql">{st.fix}</pre>
                    {st.fixNotes.map((n) => (
                      <p key={n} className="small muted">
                        {n}
                      </p>
                    ))}
                  </div>
                )}
              </div>
            )}
            {p.check.notes.map((n) => (
              <p key={n} className="muted small">
                {n}
              </p>
            ))}
          </>
        )}
      </div>
    </div>
  );
}
