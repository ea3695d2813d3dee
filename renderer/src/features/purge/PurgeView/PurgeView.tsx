/**
 * The Purge tab: a purge job (or one of the co-writing schema's cleanups), its dry run (the
 * `purge` plan's preview: exact count, the statements of one chunk; writes nothing), then the run
 * (its apply) with progress, per-chunk latency, a Stop button and its statistics.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fmtBytes } from '../../../../../shared/format-bytes';
import { purgePreviewOf } from '../../../../../shared/contract/purge';
import { PlanNote } from '../../../app/plan/PlanNote';
import { useActiveConnection } from '../../../app/active-connection';
import { ApplyBox } from '../../../app/plan/ApplyBox';
import { usePurge, type PurgeForm } from '../purge.store';
import { ChunkLatencyChart } from './ChunkLatencyChart';

const fmt = (n: number) => n.toLocaleString('en-US');

const END_TEXT = {
  done: 'Done',
  stopped: 'Stopped',
  'critical-load': 'Stopped: critical load',
  'gate-timeout': 'Stopped: a gate held too long',
  error: 'Stopped by an error',
};

function Field({ label, field, width }: { label: string; field: keyof Omit<PurgeForm, 'resume'>; width?: number }) {
  const value = usePurge((s) => s.form[field]);
  const setField = usePurge((s) => s.setField);
  return (
    <label>
      {label}
      <input aria-label={label} value={value} style={width ? { width } : undefined} onChange={(e) => setField(field, e.target.value)} />
    </label>
  );
}

/** The tab. */
export default function PurgeView() {
  const connection = useActiveConnection();
  const s = usePurge(
    useShallow((x) => ({
      form: x.form,
      presets: x.presets,
      flow: x.flow,
      live: x.live,
      progress: x.progress,
      loading: x.loading,
      error: x.error,
    })),
  );
  const a = usePurge(
    useShallow((x) => ({ setField: x.setField, loadPresets: x.loadPresets, usePreset: x.usePreset, runDry: x.runDry, run: x.run, stop: x.stop })),
  );
  const dryRun = s.flow?.preview ? purgePreviewOf(s.flow.preview) : null;
  const result = s.flow?.applied?.purge ?? null;
  const busy = s.loading ? 'presets' : (s.flow?.busy ?? null);
  const error = s.error ?? s.flow?.error ?? null;

  useEffect(() => {
    if (connection?.kind === 'mysql' && !s.form.schema && connection.database) a.setField('schema', connection.database);
  }, [connection?.id, connection?.kind, connection?.database, s.form.schema, a]);

  if (connection?.kind !== 'mysql') return <div className="empty">Purges run on MySQL-family connections.</div>;
  const running = busy === 'apply';
  const chunks = result?.chunkLog.length ? result.chunkLog : s.live;
  const pct = s.progress && s.progress.total ? Math.min(100, (100 * s.progress.done) / s.progress.total) : null;

  return (
    <section className="panel" aria-label="Purge">
      <div className="panel-head">
        <h2>Maintenance · Purge</h2>
        <span className="muted">
          Deletes in committed primary-key chunks with lag and load gates and a checkpoint, like pt-archiver --purge. The dry run writes nothing.
        </span>
      </div>
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      <div className="split">
        <div className="card form">
          <div className="row">
            <Field label="Database" field="schema" width={160} />
            <button className="ghost" disabled={!s.form.schema || busy !== null} onClick={() => void a.loadPresets(s.form.schema)}>
              Co-writing cleanups
            </button>
            {s.presets.length > 0 && (
              <select
                aria-label="Preset"
                value={s.presets.find((p) => p.table === s.form.table && p.where === s.form.where)?.id ?? ''}
                onChange={(e) => a.usePreset(e.target.value)}
              >
                <option value="" disabled>
                  Choose a cleanup…
                </option>
                {s.presets.map((p) => (
                  <option key={p.id} value={p.id} title={p.description}>
                    {p.title}
                  </option>
                ))}
              </select>
            )}
          </div>
          <Field label="Table" field="table" />
          <label>
            Condition (SQL expression, without WHERE)
            <textarea aria-label="Condition" rows={3} value={s.form.where} onChange={(e) => a.setField('where', e.target.value)} spellCheck={false} />
          </label>
          <div className="grid3">
            <Field label="Rows per chunk" field="chunk" />
            <Field label="Sleep (ms)" field="sleepMs" />
            <Field label="Sleep × chunk time" field="sleepCoef" />
            <Field label="Max replica lag (s)" field="maxLagSeconds" />
            <Field label="Pause at Threads_running" field="pauseThreadsRunning" />
            <Field label="Stop at Threads_running" field="abortThreadsRunning" />
          </div>
          <Field label="Archive to table (db.table, optional)" field="archiveTable" />
          <>
            <Field label="Or archive to file (absolute path; %D %t %Y %m %d %H %i %s)" field="archiveFile" />
            <label>
              File format
              <select
                aria-label="File format"
                value={s.form.archiveFormat}
                onChange={(e) => a.setField('archiveFormat', e.target.value as 'tsv' | 'csv' | 'jsonl')}
              >
                <option value="tsv">TSV (LOAD DATA INFILE)</option>
                <option value="csv">CSV with header</option>
                <option value="jsonl">JSON lines</option>
              </select>
            </label>
          </>
          <label className="check">
            <input type="checkbox" checked={s.form.resume} onChange={(e) => a.setField('resume', e.target.checked)} /> Resume after the job&apos;s last
            committed chunk
          </label>
          <div className="row">
            <button onClick={() => void a.runDry(connection.id)} disabled={busy !== null || !s.form.table || !s.form.where.trim()}>
              {busy === 'preview' ? 'Counting…' : 'Dry run'}
            </button>
          </div>
        </div>
        <div className="card scroll">
          {!dryRun && !result && (
            <p className="muted">Describe the rows to delete and run the dry run: it counts exactly what the purge would delete and changes nothing.</p>
          )}
          {dryRun && (
            <div data-testid="purge-dry-run">
              <h3>
                {fmt(dryRun.rows)} rows in {fmt(dryRun.chunks)} chunk{dryRun.chunks === 1 ? '' : 's'}
              </h3>
              <p className="muted small">
                of ~{fmt(dryRun.tableRows)} rows, walking <code>{dryRun.keyColumn}</code>
                {dryRun.resumeAfter ? ` after checkpoint ${dryRun.resumeAfter}` : ''} · job {dryRun.jobId} · plan {dryRun.planHash.slice(0, 12)}
              </p>
              {dryRun.archiveFile && (
                <p className="small" data-testid="purge-archive-file">
                  Deleted rows go to <code>{dryRun.archiveFile}</code>, fsync&apos;d before each chunk commits.
                </p>
              )}
              <div className="muted small">Each chunk runs:</div>
              <pre className="sql small" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {dryRun.chunkSql}
              </pre>
              <p className="muted small">Counted exactly through a read-only session: nothing was written.</p>
              <p className="muted small">Each chunk first runs: {dryRun.boundSql}</p>
              {s.flow?.preview?.plan.notes.map((n) => (
                <PlanNote key={n} note={n} />
              ))}
              {!result && (
                <ApplyBox
                  connection={connection}
                  label={`Purge ${fmt(dryRun.rows)} rows`}
                  applyingLabel="Purging…"
                  busy={busy !== null}
                  applying={running}
                  disabled={dryRun.rows === 0}
                  onApply={(confirmation) => void a.run(confirmation)}
                >
                  {running && (
                    <button className="ghost danger" onClick={a.stop}>
                      Stop
                    </button>
                  )}
                </ApplyBox>
              )}
            </div>
          )}
          {s.progress && (
            <div className="sl-progress" data-testid="purge-progress">
              <div className={`sl-bar${pct === null ? ' indeterminate' : ''}`}>
                <div style={{ width: `${pct ?? 30}%` }} />
              </div>
              <span className="muted small">
                {fmt(s.progress.done)} / {s.progress.total === null ? '?' : fmt(s.progress.total)} rows · {s.progress.message}
              </span>
            </div>
          )}
          {result && (
            <div data-testid="purge-result">
              <h3>
                {END_TEXT[result.end]}: {fmt(result.rows)} rows in {fmt(result.chunks)} chunks
              </h3>
              <table className="grid">
                <tbody>
                  <tr>
                    <td>Time</td>
                    <td className="num">{(result.elapsedMs / 1000).toFixed(2)} s</td>
                    <td>Rows/s</td>
                    <td className="num">{fmt(result.rowsPerSec)}</td>
                  </tr>
                  <tr>
                    <td>Chunk p50 / p95</td>
                    <td className="num">
                      {result.latency.p50Ms} / {result.latency.p95Ms} ms
                    </td>
                    <td>Chunk max</td>
                    <td className="num">{result.latency.maxMs} ms</td>
                  </tr>
                  <tr>
                    <td>Waited on lag / load</td>
                    <td className="num">
                      {fmt(result.waits.lagMs)} / {fmt(result.waits.loadMs)} ms
                    </td>
                    <td>Slept</td>
                    <td className="num">{fmt(result.waits.sleepMs)} ms</td>
                  </tr>
                </tbody>
              </table>
              {result.archiveFile && (
                <p className="small" data-testid="purge-archived">
                  Archived {fmt(result.archived)} rows to <code>{result.archiveFile.path}</code> ({result.archiveFile.format},{' '}
                  {fmtBytes(result.archiveFile.bytes)})
                </p>
              )}
              <p className="muted small">{result.message}</p>
              {result.auditId !== null && <p className="muted small">Recorded in the audit log (#{result.auditId}).</p>}
            </div>
          )}
          {chunks.length > 0 && <ChunkLatencyChart chunks={chunks} />}
        </div>
      </div>
    </section>
  );
}
