/**
 * Runs a backup-physical-restore plan: re-derives it and refuses it when it changed since the
 * preview (the target, its free space verdict, the port or the backup), asks a production
 * connection's name, then runs its steps in order, each audited: mariadb-backup --copy-back into
 * the new datadir (the backup folder is only read) with byte progress, the option file, and — when
 * asked — mariadbd started on the restored datadir, every table checksummed and compared with the
 * manifest (the verification's own code), and the server shut down. A failed or cancelled step
 * stops the plan and says what is left; nothing the user had is ever deleted (the new datadir is
 * left as it is, for the DBA to inspect or remove).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { actionsContract, Measurement } from '../../shared/contract/actions';
import type { BackupManifest } from '../../shared/contract/backup';
import type { BackupPhysicalRestoreParams } from '../../shared/contract/backup-restore';
import { AppError } from '../../shared/contract/core';
import { fmtBytes } from '../../shared/format-bytes';
import { withMysqlSession } from '../connections/mysql-session';
import type { PhysicalRestorePlan } from '../engines/backup/physical-restore-plan';
import { filesUnder, totalBytes } from '../services/backup/backup.service';
import { checksumRestored, compareRestored } from '../services/backup/physical.service';
import { localServerConfig, withRunningServer } from '../services/backup/scratch-instance';
import { runTool } from '../services/backup/tool-runner';
import type { AuditRepo } from '../store/audit.repo';
import type { ConnectionConfig } from '../store/connections.repo';
import { requireConfirmation, requireSamePlan } from './apply-gates';
import { derivePhysicalRestore, measureDatadir } from './planners/backup-physical-restore.planner';
import { runAuditedSteps } from './step-audit';

type ApplyOut = z.input<(typeof actionsContract)['actions.apply']['output']>;

/** How often the copy's progress is measured (the size of the new datadir). */
const COPY_POLL_MS = 1000;

/** What the physical restore executor needs (a subset of the executor's dependencies). */
export interface PhysicalRestoreExecutorDeps {
  audit: AuditRepo;
  actor: string;
}

async function bytesIn(dir: string): Promise<number> {
  try {
    return totalBytes(await filesUnder(dir));
  } catch {
    return 0; // not created yet
  }
}

/** Runs physical restore plans. */
export class PhysicalRestoreExecutor {
  constructor(private readonly deps: PhysicalRestoreExecutorDeps) {}

  /** Applies the physical restore plan whose hash the user previewed. */
  async apply(
    cfg: ConnectionConfig,
    params: BackupPhysicalRestoreParams,
    planHash: string,
    confirmation: string | undefined,
    signal: AbortSignal,
    progress: (done: number, total: number, message: string) => void,
  ): Promise<ApplyOut> {
    requireConfirmation(cfg, confirmation, 'the restore');
    const planned = await withMysqlSession({ ...cfg, database: '' }, (s) => derivePhysicalRestore(params, s, s.flavor));
    const { plan } = planned;
    requireSamePlan(plan.hash, planHash, 'The restore changed since it was previewed (the target, the port or the backup is different). Preview it again.');
    const before = await measureDatadir(params.datadir);
    const { manifest, datadir } = planned;
    let matching: number | null = null;
    const total = plan.steps.length;
    const { outcomes, stoppedAt } = await runAuditedSteps(
      this.deps,
      cfg,
      plan,
      signal,
      progress,
      async (step, i) => {
        if (step.id === 'copy') return { status: 'ok', message: await this.copy(planned, i, total, signal, progress) };
        if (step.id === 'config') {
          await writeFile(planned.cnfPath, planned.cnfText, { flag: 'wx', mode: 0o644 });
          return { status: 'ok', message: `Wrote ${planned.cnfPath}` };
        }
        if (step.id !== 'verify') throw new AppError('INTERNAL', `Unknown step ${step.id}`);
        const r = await this.verify(cfg, planned, manifest, i, total, signal, progress);
        matching = r.matching;
        return r.differing.length
          ? { status: 'failed', message: `NOT verified: ${r.differing.length} table(s) differ from the manifest: ${r.differing.join(', ')}. ${r.detail}` }
          : { status: 'ok', message: `Verified: ${r.matching} table(s) equal to the manifest (rows and checksum); the server was shut down.` };
      },
      (step) =>
        step.id === 'verify'
          ? ` ${datadir} is restored as copied; the server was stopped. Its log: ${join(datadir, 'error.log')}.`
          : ` Nothing was deleted: ${datadir} may hold a partial copy — inspect it, and remove it before restoring again. The backup folder is unchanged.`,
    );
    let after: Measurement | null = null;
    try {
      after = await measureDatadir(params.datadir);
      if (matching !== null) after.metrics.push({ key: 'matching', label: `Tables equal to the backup (of ${manifest.tables.length})`, value: matching });
    } catch {
      after = null;
    }
    return { plan, outcomes, stoppedAt, before, after };
  }

  /** mariadb-backup --copy-back, with the new datadir's size as progress. */
  private async copy(
    planned: PhysicalRestorePlan,
    i: number,
    total: number,
    signal: AbortSignal,
    progress: (done: number, total: number, message: string) => void,
  ): Promise<string> {
    const { datadir } = planned;
    const size = Number(planned.touches[0]?.details.bytes ?? 0);
    let polling = false;
    const timer = setInterval(() => {
      if (polling) return;
      polling = true;
      void bytesIn(datadir)
        .then((done) =>
          progress(
            i,
            total,
            `Copying into ${datadir}: ${fmtBytes(done)} of ${fmtBytes(size)} (${Math.min(100, Math.round((100 * done) / Math.max(size, 1)))}%)`,
          ),
        )
        .finally(() => {
          polling = false;
        });
    }, COPY_POLL_MS);
    try {
      await runTool(planned.copy, signal);
    } finally {
      clearInterval(timer);
    }
    return `Copied ${fmtBytes(await bytesIn(datadir))} into ${datadir}`;
  }

  /** Starts mariadbd on the restored datadir, checksums the backed-up database, compares it with the manifest, stops it. */
  private async verify(
    cfg: ConnectionConfig,
    planned: PhysicalRestorePlan,
    manifest: BackupManifest,
    i: number,
    total: number,
    signal: AbortSignal,
    progress: (done: number, total: number, message: string) => void,
  ): Promise<{ matching: number; differing: string[]; detail: string }> {
    const { datadir, port, server: cmd } = planned;
    if (port === null || cmd === null) throw new AppError('INTERNAL', 'The verify step needs the server command and its port');
    progress(i, total, `Starting MariaDB on ${datadir} (127.0.0.1:${port})`);
    const server = localServerConfig(cfg, port);
    const actual = await withRunningServer(cmd, server, join(datadir, 'error.log'), signal, () =>
      checksumRestored(server, manifest.database, (e) => progress(i, total, `${e.message ?? ''} (${e.done}/${e.total ?? '?'})`), signal),
    );
    const { tables, differing } = compareRestored(manifest, actual);
    const detail = tables
      .filter((t) => t.status !== 'ok')
      .map((t) => `${t.table}: ${t.reasons.join('; ')}`)
      .join(' · ');
    return { matching: tables.filter((t) => t.status === 'ok').length, differing, detail };
  }
}
