/**
 * The parts of the restore card for a physical backup: where the new datadir goes, whether MariaDB
 * is started on it to verify every table, and what the preview measured — the bytes to copy
 * against the free space, and the tables the check compares (the option file is its config step).
 */
import { useShallow } from 'zustand/react/shallow';
import type { PlanPreview } from '../../app/plan/plan-flow';
import { fmtBytes } from '../../../../shared/format-bytes';
import { useBackup } from './backup.store';

/** The target datadir, start and verify, and the port. */
export function PhysicalRestoreFields() {
  const f = useBackup(useShallow((s) => ({ datadir: s.restoreDatadir, start: s.restoreStart, port: s.restorePort, busy: Boolean(s.restore?.busy) })));
  const a = useBackup(useShallow((s) => ({ set: s.setPhysicalRestore, preview: s.previewRestore })));
  return (
    <div className="row form">
      <label>
        Into a new datadir (on this machine)
        <input aria-label="Restore into datadir" value={f.datadir} size={70} onChange={(e) => a.set({ restoreDatadir: e.target.value })} />
      </label>
      <label className="check" title="Start MariaDB on the restored datadir, compare every table with the manifest, then shut it down">
        <input type="checkbox" aria-label="Start and verify" checked={f.start} onChange={(e) => a.set({ restoreStart: e.target.checked })} /> start and verify
      </label>
      <label>
        Port
        <input aria-label="Restore port" placeholder="first free" size={8} value={f.port} onChange={(e) => a.set({ restorePort: e.target.value })} />
      </label>
      <button disabled={!f.datadir || f.busy} onClick={() => void a.preview()}>
        Preview restore
      </button>
    </div>
  );
}

/** What the physical restore copies and what its check compares, as the preview measured them. */
export function PhysicalRestoreTable({ preview }: { preview: PlanPreview }) {
  const copy = preview.steps.find((t) => t.stepId === 'copy');
  const tables = preview.steps.filter((t) => t.stepId === 'verify');
  return (
    <>
      {copy && (
        <table className="grid" data-testid="restore-space">
          <thead>
            <tr>
              <th>New datadir</th>
              <th className="num">Files</th>
              <th className="num">To copy</th>
              <th className="num">Needed</th>
              <th className="num">Free there</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{copy.touches}</td>
              <td className="num">{Number(copy.details.files).toLocaleString('en-US')}</td>
              <td className="num">{fmtBytes(Number(copy.details.bytes))}</td>
              <td className="num">{fmtBytes(Number(copy.details.needBytes))}</td>
              <td className="num">{fmtBytes(Number(copy.details.freeBytes))}</td>
            </tr>
          </tbody>
        </table>
      )}
      {tables.length > 0 && (
        <table className="grid" data-testid="restore-tables">
          <thead>
            <tr>
              <th>Table checked after the start</th>
              <th className="num">Rows in the backup</th>
              <th>Checksum in the manifest</th>
            </tr>
          </thead>
          <tbody>
            {tables.map((t) => (
              <tr key={t.touches}>
                <td>{t.touches}</td>
                <td className="num">{Number(t.details.rows).toLocaleString('en-US')}</td>
                <td className="small">{String(t.details.checksum)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
