/**
 * The Backups tab: take a backup (mariadb-dump or mydumper) with progress, see whether it was
 * verified — restored into a scratch database and compared table by table with its manifest —
 * and the catalog of backups with their last verification, each verifiable again.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActiveConnection } from '../../app/active-connection';
import type { BackupTool, VerifyReport } from '../../../../shared/contract/backup';
import { binlogText, consistencyText, storageText } from '../../../../shared/backup-text';
import { ApplyBox } from '../../app/plan/ApplyBox';
import { PlanView } from '../../app/plan/PlanView';
import { fmtBytes } from '../advisor/format';
import { compressionFor, useBackup, type CompressionChoice } from './backup.store';
import { PhysicalRestoreFields, PhysicalRestoreTable } from './PhysicalRestore';

const PHYSICAL_ON_MYSQL =
  'A physical backup of MySQL needs Percona XtraBackup or MySQL Enterprise Backup, neither available here; mariadb-backup copies MariaDB files only.';

/**
 * The restore plan of one catalog entry: the target (a database for a logical backup, a new datadir
 * for a physical one), the preview (what is created, overwritten, kept and lost; or what is copied,
 * the space it needs and the tables checked), apply, and the re-measure.
 */
function RestoreCard({ connection }: { connection: { name: string; production: boolean } }) {
  const r = useBackup(useShallow((s) => ({ of: s.restoreOf, into: s.restoreInto, datadir: s.restoreDatadir, flow: s.restore, progress: s.progress })));
  const a = useBackup(
    useShallow((s) => ({ setInto: s.setRestoreInto, preview: s.previewRestore, apply: s.applyRestore, close: s.closeRestore, cancel: s.cancel })),
  );
  if (!r.of) return null;
  const p = r.flow?.preview;
  const applied = r.flow?.applied ?? null;
  const matching = applied?.after?.metrics.find((x) => x.key === 'matching');
  const physical = r.of.tool === 'mariadb-backup';
  const target = physical ? r.datadir : r.into;
  return (
    <div className="card restore-card" data-testid="restore-card">
      <div className="row between">
        <strong>
          Restore {r.of.database} · {r.of.startedAt.replace('T', ' ').slice(0, 19)} · {r.of.tool}
        </strong>
        <button className="ghost" onClick={a.close}>
          Close
        </button>
      </div>
      {physical ? (
        <PhysicalRestoreFields />
      ) : (
        <div className="row">
          <label>
            Into database
            <input aria-label="Restore into" value={r.into} onChange={(e) => a.setInto(e.target.value)} />
          </label>
          <button disabled={!r.into || Boolean(r.flow?.busy)} onClick={() => void a.preview()}>
            Preview restore
          </button>
        </div>
      )}
      {r.flow?.busy === 'preview' && <div className="muted">Reading the backup and the target…</div>}
      {r.flow?.error && (
        <div className="error-text" role="alert">
          {r.flow.error}
        </div>
      )}
      {p && (
        <>
          <PlanView preview={p} applied={applied} />
          {physical ? (
            <PhysicalRestoreTable preview={p} />
          ) : (
            <table className="grid" data-testid="restore-tables">
              <thead>
                <tr>
                  <th>Table</th>
                  <th>Restore</th>
                  <th className="num">Rows in the backup</th>
                  <th className="num">Rows lost</th>
                  <th className="num">Size now</th>
                </tr>
              </thead>
              <tbody>
                {p.steps.map((t) => (
                  <tr key={t.touches}>
                    <td>{t.touches}</td>
                    <td>
                      <span className={t.details.action === 'overwrite' ? 'badge prod' : 'badge'}>{t.details.action}</span>
                    </td>
                    <td className="num">{t.details.backupRows === null ? '—' : Number(t.details.backupRows).toLocaleString('en-US')}</td>
                    <td className="num">{Number(t.details.rowsLost).toLocaleString('en-US')}</td>
                    <td className="num">{t.details.action === 'create' ? '—' : fmtBytes(Number(t.details.bytesNow))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {!applied && (
            <ApplyBox
              connection={connection}
              label={`Restore into ${target}`}
              busy={r.flow?.busy !== null}
              applying={r.flow?.busy === 'apply'}
              applyingLabel="Restoring…"
              progress={r.flow?.busy === 'apply' ? (r.progress?.message ?? null) : null}
              onApply={(c) => void a.apply(c)}
            >
              {r.flow?.busy === 'apply' && (
                <button className="ghost" onClick={() => a.cancel()}>
                  Cancel
                </button>
              )}
            </ApplyBox>
          )}
          {applied && (matching || physical) && (
            <div className={applied.stoppedAt ? 'error-text' : 'ok-text'} data-testid="restore-outcome">
              {applied.stoppedAt ? `Stopped at ${applied.stoppedAt}. ` : physical ? `Restored into ${target}. ` : 'Restored. '}
              {matching ? `${matching.label}: ${matching.value}` : physical && !applied.stoppedAt ? 'Not started (no check asked).' : ''}
            </div>
          )}
        </>
      )}
    </div>
  );
}

const fmtMs = (ms: number) => (ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`);

function Verdict({ verified }: { verified: boolean | null }) {
  if (verified === null) return <span className="badge">not verified</span>;
  return verified ? <span className="badge ok">verified</span> : <span className="badge prod">differs</span>;
}

function ReportCard({ report, dir }: { report: VerifyReport; dir: string | null }) {
  const bad = report.tables.filter((t) => t.status !== 'ok');
  return (
    <div className="card" data-testid="backup-report">
      <div className="row between">
        <strong>
          Verification <Verdict verified={report.verified} />
        </strong>
        <span className="muted small">
          restored into {report.scratch} in {fmtMs(report.restoreMs)}, checksums {fmtMs(report.checksumMs)}, scratch{' '}
          {report.dropped ? 'dropped' : 'NOT dropped'}
        </span>
      </div>
      {dir && <div className="muted small">{dir}</div>}
      {report.verified ? (
        <div className="ok-text">Every table's rows, checksum and definition match the manifest: this backup restores.</div>
      ) : (
        <div className="error-text" role="alert">
          {bad.length} table(s) differ: {report.differing.join(', ')}
        </div>
      )}
      {report.caveat && (
        <div className="warn-text small" data-testid="backup-report-caveat">
          {report.caveat}
        </div>
      )}
      <table className="grid">
        <thead>
          <tr>
            <th>Table</th>
            <th className="num">Rows (manifest)</th>
            <th className="num">Rows (restored)</th>
            <th>Checksum</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {[...bad, ...report.tables.filter((t) => t.status === 'ok')].map((t) => (
            <tr key={t.table} data-testid={`verdict-${t.table}`}>
              <td>{t.table}</td>
              <td className="num">{t.expectedRows?.toLocaleString('en-US') ?? '—'}</td>
              <td className="num">{t.actualRows?.toLocaleString('en-US') ?? '—'}</td>
              <td className="small">{t.status === 'ok' ? t.expectedChecksum : t.reasons.join('; ')}</td>
              <td>{t.status === 'ok' ? <span className="badge ok">ok</span> : <span className="badge prod">{t.status}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The Backups tab of the Maintenance panel. */
export default function BackupsView() {
  const connection = useActiveConnection();
  const b = useBackup(
    useShallow((s) => ({
      forConnection: s.connectionId,
      databases: s.databases,
      database: s.database,
      tool: s.tool,
      compression: s.compression,
      verify: s.verify,
      outDir: s.outDir,
      busy: s.busy,
      progress: s.progress,
      result: s.result,
      report: s.report,
      reportDir: s.reportDir,
      catalog: s.catalog,
      error: s.error,
    })),
  );
  const actions = useBackup(
    useShallow((s) => ({ load: s.load, setField: s.setField, run: s.run, verifyDir: s.verifyDir, openRestore: s.openRestore, cancel: s.cancel })),
  );
  const [confirmation, setConfirmation] = useState('');

  useEffect(() => {
    if (connection?.kind === 'mysql' && b.forConnection !== connection.id) void actions.load(connection.id);
  }, [connection?.id, connection?.kind, b.forConnection, actions]);

  if (!connection) return <div className="empty">Pick a MySQL or MariaDB connection to back up.</div>;
  if (connection.kind !== 'mysql') return <div className="empty">Backups are of MySQL-family databases.</div>;
  const confirm = connection.production ? confirmation : undefined;
  const m = b.result?.manifest;
  const mariadb = connection.lastFlavor?.product === 'mariadb';

  return (
    <section className="panel" aria-label="Backups">
      <div className="panel-head">
        <h2>Maintenance · Backups</h2>
        <span className="muted">A backup counts as verified only after it is restored into a scratch database and every table matches.</span>
      </div>
      {b.error && (
        <div className="error-text" role="alert">
          {b.error}
        </div>
      )}
      <div className="card form">
        <div className="row">
          <label>
            Database
            <select aria-label="Database to back up" value={b.database} onChange={(e) => actions.setField({ database: e.target.value })}>
              {b.databases.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </label>
          <label>
            Tool
            <select aria-label="Backup tool" value={b.tool} onChange={(e) => actions.setField({ tool: e.target.value as BackupTool })}>
              <option value="mysqldump">mariadb-dump (one consistent file)</option>
              <option value="mydumper">mydumper (parallel)</option>
              <option value="mariadb-backup" disabled={!mariadb} title={mariadb ? undefined : PHYSICAL_ON_MYSQL}>
                mariadb-backup (physical){mariadb ? '' : ' — MariaDB only'}
              </option>
            </select>
          </label>
          <label>
            Folder
            <input
              aria-label="Backup folder"
              placeholder="the workspace's backups folder"
              value={b.outDir}
              onChange={(e) => actions.setField({ outDir: e.target.value })}
            />
          </label>
          <label title={b.tool === 'mariadb-backup' ? 'A physical copy is kept uncompressed: it must start as a server as it is' : undefined}>
            Compression
            <select
              aria-label="Compression"
              value={compressionFor(b.tool, b.compression)}
              disabled={b.tool === 'mariadb-backup'}
              onChange={(e) => actions.setField({ compression: e.target.value as CompressionChoice })}
            >
              <option value="auto">{b.tool === 'mydumper' ? 'gzip (mydumper)' : 'zstd, or gzip without zstd'}</option>
              <option value="zstd" disabled={b.tool === 'mydumper'}>
                zstd
              </option>
              <option value="gzip">gzip</option>
              <option value="none">none</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" aria-label="Verify after the backup" checked={b.verify} onChange={(e) => actions.setField({ verify: e.target.checked })} />{' '}
            verify (restore into a scratch database)
          </label>
          {connection.production && (
            <label>
              Type {connection.name} to confirm
              <input aria-label="Production confirmation" value={confirmation} onChange={(e) => setConfirmation(e.target.value)} />
            </label>
          )}
          <button disabled={!b.database || b.busy !== null} onClick={() => void actions.run(confirm)}>
            Back up
          </button>
        </div>
        {!mariadb && <div className="muted small">{PHYSICAL_ON_MYSQL}</div>}
        {b.tool === 'mariadb-backup' && (
          <div className="muted small">
            Copies the database and the mysql schema with mariadb-backup, prepares the copy, and reads every table's checksum from it started as a scratch
            server on 127.0.0.1; verify starts a fresh copy and compares again.
          </div>
        )}
        {b.progress && (b.busy === 'run' || b.busy === 'verify') && (
          <div className="row" data-testid="backup-progress">
            <span className="spinner" /> <strong>{b.progress.phase}</strong> {b.progress.message}
            {b.progress.total ? <progress max={b.progress.total} value={b.progress.done} /> : null}
            <button className="ghost" onClick={() => actions.cancel()}>
              Cancel
            </button>
          </div>
        )}
      </div>
      {m && b.result && (
        <div className="card" data-testid="backup-result">
          <div className="row between">
            <strong>
              {m.database} · {m.tool} <Verdict verified={b.result.verification ? b.result.verified : null} />
            </strong>
            <span className="muted small">{b.result.dir}</span>
          </div>
          <div>
            {m.tables.length} tables, {m.tables.reduce((s, t) => s + t.rows, 0).toLocaleString('en-US')} rows, {fmtBytes(m.bytes)} ({storageText(m)}) in{' '}
            {fmtMs(m.durationMs)} · {m.server.flavor} · {binlogText(m.binlog)}
            {m.binlog.gtid ? ` · GTID ${m.binlog.gtid}` : ''} · {m.routines} routines, {m.triggers} triggers, {m.events} events
          </div>
          {m.consistency && (
            <div className={m.consistency.checksums === 'dump-snapshot' ? 'muted small' : 'warn-text small'} data-testid="backup-consistency">
              {consistencyText(m.consistency)}
            </div>
          )}
          {b.result.removed.length > 0 && <div className="muted small">Retention removed {b.result.removed.length} older backup(s).</div>}
        </div>
      )}
      {b.report && <ReportCard report={b.report} dir={b.reportDir} />}
      <RestoreCard connection={connection} />
      <div className="card scroll">
        <strong>Catalog</strong>
        {b.catalog.length === 0 && <div className="muted">No backups taken from this workspace yet.</div>}
        {b.catalog.length > 0 && (
          <table className="grid" data-testid="backup-catalog">
            <thead>
              <tr>
                <th>Taken</th>
                <th>Database</th>
                <th>Tool</th>
                <th className="num">Size</th>
                <th className="num">Tables</th>
                <th className="num">Rows</th>
                <th>Verification</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {b.catalog.map((c) => (
                <tr key={c.id}>
                  <td className="nowrap">{c.startedAt.replace('T', ' ').slice(0, 19)}</td>
                  <td>{c.database}</td>
                  <td>{c.tool}</td>
                  <td className="num">{fmtBytes(c.bytes)}</td>
                  <td className="num">{c.tables}</td>
                  <td className="num">{c.rows.toLocaleString('en-US')}</td>
                  <td>
                    <Verdict verified={c.verified} /> {c.differing.length > 0 && <span className="small">{c.differing.join(', ')}</span>}
                  </td>
                  <td>
                    {c.present ? (
                      <>
                        <button className="ghost" disabled={b.busy !== null} onClick={() => void actions.verifyDir(c.dir, confirm)}>
                          Verify
                        </button>{' '}
                        <button
                          className="ghost"
                          disabled={b.busy !== null || c.tool === 'mydumper'}
                          title={
                            c.tool === 'mariadb-backup'
                              ? 'Preview restoring this physical backup into a new datadir (never over a running server)'
                              : c.tool === 'mydumper'
                                ? 'Restore a mydumper backup with myloader'
                                : 'Preview restoring this backup into a database'
                          }
                          onClick={() => actions.openRestore(c)}
                        >
                          Restore
                        </button>
                      </>
                    ) : (
                      <span className="muted small">folder gone</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
