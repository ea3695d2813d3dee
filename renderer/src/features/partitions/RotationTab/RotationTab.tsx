/** Tables of a database with size, rows and partitions; the chosen table's partitions on a timeline; rotation and conversion plans with preview and apply. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActiveConnection } from '../../../app/active-connection';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { PlanView } from '../../../app/plan/PlanView';
import { usePartitions } from '../partitions.store';
import { DesignView } from './DesignView';
import { PartitionChart } from './PartitionChart';
import { fmtBytes } from '../../../../../shared/format-bytes';

/** The tables and rotation tab. */
export function RotationTab() {
  const connection = useActiveConnection();
  const p = usePartitions(
    useShallow((s) => ({
      schema: s.schema,
      tables: s.tables,
      table: s.table,
      inspect: s.inspect,
      design: s.design,
      prune: s.prune,
      retention: s.retention,
      premake: s.premake,
      preview: s.plan?.preview ?? null,
      applied: s.plan?.applied ?? null,
      busy: s.busy ?? s.plan?.busy ?? null,
      progress: s.progress,
    })),
  );
  const a = usePartitions(
    useShallow((s) => ({
      setSchema: s.setSchema,
      loadTables: s.loadTables,
      openTable: s.openTable,
      setRotation: s.setRotation,
      previewRotation: s.previewRotation,
      previewConversion: s.previewConversion,
      runDesign: s.runDesign,
      runPrune: s.runPrune,
      apply: s.apply,
    })),
  );
  useEffect(() => {
    if (!p.schema && connection?.kind === 'mysql') a.setSchema(connection.database || '');
  }, [connection?.id, connection?.kind, connection?.database, p.schema, a]);

  if (connection?.kind !== 'mysql') return <div className="empty">Choose a MySQL or MariaDB connection in the top bar to see its tables and partitions.</div>;
  return (
    <div className="split">
      <div className="card scroll">
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void a.loadTables(connection.id);
          }}
        >
          <input aria-label="Database" placeholder="database" value={p.schema} onChange={(e) => a.setSchema(e.target.value)} />
          <button type="submit" disabled={!p.schema || p.busy !== null}>
            {p.busy === 'tables' ? 'Reading…' : 'Show tables'}
          </button>
        </form>
        <table className="grid" data-testid="partition-tables">
          <thead>
            <tr>
              <th>Table</th>
              <th className="num">Rows (est.)</th>
              <th className="num">Data</th>
              <th className="num">Partitions</th>
              <th>Scheme</th>
            </tr>
          </thead>
          <tbody>
            {p.tables.map((t) => (
              <tr key={t.table} className={t.table === p.table ? 'selected' : ''}>
                <td>
                  <button className="link" onClick={() => void a.openTable(connection.id, t.table)}>
                    {t.table}
                  </button>
                </td>
                <td className="num">{t.rows?.toLocaleString('en-US') ?? '—'}</td>
                <td className="num">{fmtBytes(t.dataBytes)}</td>
                <td className="num">{t.partitions || '—'}</td>
                <td className="small muted">{t.method ? `${t.method} ${t.expression ?? ''}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card scroll">
        {p.busy === 'inspect' && <div className="muted">Reading partitions…</div>}
        {p.inspect && (
          <>
            <div className="row between">
              <strong>
                {p.inspect.summary.schema}.{p.inspect.summary.table}
              </strong>
              <span className="muted small">{p.inspect.interval ? `${p.inspect.interval}ly ranges` : (p.inspect.summary.method ?? 'not partitioned')}</span>
            </div>
            {p.inspect.alerts.map((x) => (
              <div key={x} className="part-alert small" role="status">
                {x}
              </div>
            ))}
            {p.inspect.partitions.length > 0 && <PartitionChart partitions={p.inspect.partitions} />}
            {p.inspect.partitions.length === 0 && !p.design && (
              <button onClick={() => void a.runDesign(connection.id)} disabled={p.busy !== null}>
                {p.busy === 'design' ? 'Designing…' : 'Design partitioning'}
              </button>
            )}
            {p.design && (
              <DesignView
                design={p.design}
                busy={p.busy !== null}
                onConvert={(ddl) => void a.previewConversion(connection.id, p.inspect!.summary.table, ddl)}
                prune={p.prune}
                pruning={p.busy === 'prune'}
                onPrune={() => void a.runPrune(connection.id, undefined)}
              />
            )}
            {p.inspect.interval && (
              <div className="row">
                <label>
                  <span className="muted small">Retention </span>
                  <input aria-label="Retention" size={5} value={p.retention} onChange={(e) => a.setRotation(e.target.value, p.premake)} />
                </label>
                <label>
                  <span className="muted small">Premake </span>
                  <input
                    aria-label="Premake"
                    type="number"
                    min={0}
                    max={366}
                    value={p.premake}
                    onChange={(e) => a.setRotation(p.retention, Number(e.target.value))}
                  />
                </label>
                <button onClick={() => void a.previewRotation(connection.id)} disabled={p.busy !== null}>
                  {p.busy === 'preview' ? 'Previewing…' : 'Preview rotation'}
                </button>
              </div>
            )}
          </>
        )}
        {p.preview && (
          <>
            <PlanView preview={p.preview} applied={p.applied} />
            {!p.applied && p.preview.plan.steps.length > 0 && (
              <ApplyBox
                connection={connection}
                label={`Apply ${p.preview.plan.steps.length} step(s)`}
                busy={p.busy !== null}
                applying={p.busy === 'apply'}
                progress={p.progress}
                onApply={(confirmation) => void a.apply(connection.id, confirmation)}
              />
            )}
          </>
        )}
        {!p.inspect && !p.preview && p.busy === null && (
          <p className="muted">Pick a table: its partitions, rows per partition and the rotation plan show here.</p>
        )}
      </div>
    </div>
  );
}
