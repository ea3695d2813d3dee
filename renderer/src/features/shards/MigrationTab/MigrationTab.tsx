/**
 * The Migration tab: copies the Shard plan tab's tables from the active connection into a Spider
 * front, range by range with checkpoints, held while a chosen replica lags; preview writes nothing,
 * apply shows each range as it goes, and the per-table counts and checksums on both sides after.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Measurement } from '../../../../../shared/contract/actions';
import { useActiveConnection } from '../../../app/active-connection';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import type { PlanApplied, PlanPreview } from '../../../app/plan/plan-flow';
import { PlanView } from '../../../app/plan/PlanView';
import { useConnections } from '../../connections/connections.store';
import { useMigration } from '../migration.store';
import { useShardPlan } from '../shard-plan.store';

/** One table's state: ranges planned and checkpointed by this run, last range, and the counts and checksums on both sides. */
interface TableState {
  table: string;
  ranges: number;
  done: number;
  lastKey: string;
  rows: string;
  sourceRows: string;
  match: boolean | null;
}

/** `stepsDone`: while an apply runs, the steps it has finished (in plan order). */
function tableStates(preview: PlanPreview, applied: PlanApplied | null, stepsDone: number | null): TableState[] {
  const m = (applied?.after ?? preview.before).metrics;
  const metric = (key: string): Measurement['metrics'][number]['value'] | undefined => m.find((x) => x.key === key)?.value;
  const tables = [...new Set(preview.plan.steps.filter((s) => s.id.startsWith('checkpoint:')).map((s) => s.id.split(':')[1]!))];
  for (const x of m) if (x.key.startsWith('rows:') && !tables.includes(x.key.slice(5))) tables.push(x.key.slice(5));
  return tables.map((table) => {
    const steps = preview.plan.steps.filter((s) => s.id.startsWith(`checkpoint:${table}:`));
    const ok = steps.filter((s) =>
      applied ? applied.outcomes.find((o) => o.stepId === s.id)?.status === 'ok' : stepsDone !== null && preview.plan.steps.indexOf(s) < stepsDone,
    );
    const last = ok[ok.length - 1];
    const src = metric(`source-rows:${table}`);
    const dst = metric(`rows:${table}`);
    return {
      table,
      ranges: steps.length,
      done: ok.length,
      lastKey: last ? (/BETWEEN (-?\d+) AND (-?\d+)/.exec(last.sql)?.[2] ?? '') : '',
      rows: dst === undefined || dst === null ? '—' : Number(dst).toLocaleString('en-US'),
      sourceRows: src === undefined || src === null ? '—' : Number(src).toLocaleString('en-US'),
      match: src === undefined ? null : src === dst && metric(`source-crc:${table}`) === metric(`crc:${table}`),
    };
  });
}

/** The Migration tab of the Shards & replicas panel. */
export function MigrationTab() {
  const connection = useActiveConnection();
  const plan = useShardPlan((s) => s.plan);
  const saved = useConnections((s) => s.list);
  const m = useMigration(
    useShallow((s) => ({
      sourceDatabase: s.sourceDatabase,
      targetId: s.targetId,
      targetDatabase: s.targetDatabase,
      chunkRows: s.chunkRows,
      sleepMs: s.sleepMs,
      replicas: s.replicas,
      maxLagSeconds: s.maxLagSeconds,
      preview: s.preview,
      applied: s.applied,
      busy: s.busy,
      progress: s.progress,
      stepsDone: s.stepsDone,
      error: s.error,
    })),
  );
  const a = useMigration(useShallow((s) => ({ set: s.set, runPreview: s.runPreview, apply: s.apply, stop: s.stop })));
  useEffect(() => {
    if (plan && !m.targetDatabase) a.set({ targetDatabase: `dbw_shard_${plan.root}` });
  }, [plan, m.targetDatabase, a]);

  if (connection?.kind !== 'mysql') return <div className="empty">Choose the source (a MySQL or MariaDB connection) in the top bar.</div>;
  if (!plan) return <div className="empty">Plan the shards first in the Shard plan tab: the migration copies the tables of that plan.</div>;
  const sqlSaved = saved.filter((c) => c.kind === 'mysql' && c.id !== connection.id);
  const target = saved.find((c) => c.id === m.targetId);
  const states = m.preview ? tableStates(m.preview, m.applied, m.busy === 'apply' ? m.stepsDone : null) : [];
  return (
    <div className="split" data-testid="migration-tab">
      <div className="card scroll">
        <form
          style={{ display: 'grid', gap: 8 }}
          onSubmit={(e) => {
            e.preventDefault();
            void a.runPreview(connection.id, plan);
          }}
        >
          <label>
            <span className="muted small">Source database on {connection.name} </span>
            <input aria-label="Source database" value={m.sourceDatabase} onChange={(e) => a.set({ sourceDatabase: e.target.value })} />
          </label>
          <label>
            <span className="muted small">Spider front </span>
            <select aria-label="Spider front" value={m.targetId} onChange={(e) => a.set({ targetId: e.target.value })}>
              <option value="">— choose a saved connection —</option>
              {sqlSaved.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.host}:{c.port})
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="muted small">Target database on the front </span>
            <input aria-label="Target database" value={m.targetDatabase} onChange={(e) => a.set({ targetDatabase: e.target.value })} />
          </label>
          <div className="row">
            <label>
              <span className="muted small">Rows per range </span>
              <input aria-label="Rows per range" type="number" min={1} value={m.chunkRows} onChange={(e) => a.set({ chunkRows: Number(e.target.value) })} />
            </label>
            <label>
              <span className="muted small">Sleep ms </span>
              <input aria-label="Sleep ms" type="number" min={0} value={m.sleepMs} onChange={(e) => a.set({ sleepMs: Number(e.target.value) })} />
            </label>
          </div>
          <fieldset>
            <legend className="muted small">Replicas whose lag holds each range</legend>
            {sqlSaved.length === 0 && <span className="muted small">No other saved connection.</span>}
            {sqlSaved.map((c) => (
              <label key={c.id} className="row">
                <input
                  type="checkbox"
                  checked={m.replicas.includes(c.id)}
                  onChange={(e) => a.set({ replicas: e.target.checked ? [...m.replicas, c.id] : m.replicas.filter((r) => r !== c.id) })}
                />
                {c.name}
              </label>
            ))}
            <label>
              <span className="muted small">Max lag s </span>
              <input aria-label="Max lag" type="number" min={0} value={m.maxLagSeconds} onChange={(e) => a.set({ maxLagSeconds: Number(e.target.value) })} />
            </label>
          </fieldset>
          <button type="submit" className="primary" disabled={m.busy !== null || !m.targetId}>
            {m.busy === 'preview' ? 'Previewing…' : 'Preview the migration'}
          </button>
        </form>
        {m.error && (
          <div className="error" role="alert">
            {m.error}
          </div>
        )}
        {m.progress && (
          <div className="small" role="status" data-testid="migration-progress" style={{ overflowWrap: 'anywhere' }}>
            {m.progress.length > 160 ? `${m.progress.slice(0, 160)}…` : m.progress}
          </div>
        )}
        {m.applied && (
          <div className="small" role="status">
            {m.applied.stoppedAt
              ? `Stopped at ${m.applied.stoppedAt}: ${m.applied.outcomes.find((o) => o.stepId === m.applied!.stoppedAt)?.message ?? ''}`
              : 'Done: every range copied and checkpointed.'}
          </div>
        )}
        {states.length > 0 && (
          <table className="grid" data-testid="migration-tables">
            <thead>
              <tr>
                <th>Table</th>
                <th className="num">Ranges done</th>
                <th className="num">Copied up to</th>
                <th className="num">Rows on the source</th>
                <th className="num">Rows on the shards</th>
                <th>Checksum</th>
              </tr>
            </thead>
            <tbody>
              {states.map((t) => (
                <tr key={t.table}>
                  <td>{t.table}</td>
                  <td className="num">
                    {t.done}/{t.ranges}
                  </td>
                  <td className="num">{t.lastKey || '—'}</td>
                  <td className="num">{t.sourceRows}</td>
                  <td className="num">{t.rows}</td>
                  <td>{t.match === null ? '—' : t.match ? 'match' : 'differs'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card scroll">
        {m.preview && target && (
          <>
            <PlanView preview={m.preview} applied={m.applied} />
            {!m.applied && m.preview.plan.steps.length > 0 && (
              <ApplyBox
                connection={target}
                label={`Copy (${m.preview.plan.steps.filter((s) => s.id.startsWith('copy:')).length} ranges)`}
                busy={m.busy !== null}
                applying={m.busy === 'apply'}
                applyingLabel="Copying…"
                progress={m.progress}
                onApply={(confirmation) => void a.apply(confirmation)}
              >
                {m.busy === 'apply' && (
                  <button type="button" onClick={a.stop}>
                    Stop
                  </button>
                )}
              </ApplyBox>
            )}
          </>
        )}
        {!m.preview && <p className="muted">Preview the migration: its plan (link tables, then per range: empty, copy, checkpoint) shows here.</p>}
      </div>
    </div>
  );
}

export default MigrationTab;
