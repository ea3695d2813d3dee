/** A backup on a schedule: the Backups tab's dump with its manifest, verified by a restore into a scratch database when asked, with retention. */
import { backupSpec } from '../../../../shared/contract/backup';
import { AppError } from '../../../../shared/contract/core';
import { join } from 'node:path';
import { BackupCatalogRepo } from '../../../store/backup-catalog.repo';
import { executorScratchRunner, runBackup } from '../../backup/backup.service';
import { jobKind } from '../job-kind';

/** Backs up one database; a run counts as ok only when the backup exists and, with `verify`, verified. */
export const backupJob = jobKind({
  id: 'backup',
  title: 'Backup (verified)',
  description:
    'Dumps one database with a manifest of row counts and checksums, restores it into a scratch database to verify it when asked, and applies the retention',
  spec: backupSpec,
  example: { database: 'cowrite', tool: 'mysqldump', verify: true, retention: { keep: 7 } },
  async run(ctx, spec, onProgress, signal) {
    const cfg = ctx.deps.connections.config(ctx.connectionId);
    if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; backups are of MySQL and MariaDB databases`);
    const r = await runBackup(
      {
        cfg,
        connectionId: ctx.connectionId,
        runScratch: executorScratchRunner(ctx.deps.executor, ctx.connectionId, ctx.confirmation, signal),
        catalog: new BackupCatalogRepo(ctx.deps.db),
      },
      { ...spec, outDir: spec.outDir || join(ctx.deps.workspaceDir, 'backups') },
      (p) => onProgress(p.done, p.total, p.message ?? p.phase),
      signal,
    );
    const bad = r.verification?.differing ?? [];
    const ok = !spec.verify || r.verified;
    return {
      status: ok ? 'ok' : 'failed',
      summary: `${spec.database} → ${r.dir}${spec.verify ? (r.verified ? ' · verified' : ` · NOT verified${bad.length ? `: ${bad.join(', ')} differ` : ''}`) : ' · not verified (verify off)'}`,
      output: [
        `${r.manifest.tables.length} tables, ${r.manifest.bytes} bytes, ${Math.round(r.manifest.durationMs)} ms with ${r.manifest.tool} (${r.manifest.toolVersion})`,
        ...r.removed.map((d) => `removed by retention: ${d}`),
      ],
      details: { dir: r.dir, verified: r.verified },
    };
  },
});
