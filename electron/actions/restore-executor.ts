/**
 * Runs a backup-restore plan: re-derives it and refuses it when it changed since the preview, asks
 * a production connection's name, then runs its steps in order — the CREATE DATABASE through the
 * write path, the load with the dump tool's own client (mariadb reading the dump, gunzipped on the
 * way) with byte progress, killed when the signal fires — each step audited, and measures the target
 * again after (how many tables equal the manifest).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import type { z } from 'zod';
import type { actionsContract, Measurement } from '../../shared/contract/actions';
import type { BackupRestoreParams } from '../../shared/contract/backup-restore';
import { withMysqlSession } from '../connections/mysql-session';
import { openMysqlWriter, type MysqlWriter } from '../connections/mysql-writer';
import { fmtBytes } from '../../shared/format-bytes';
import { dumpCompressionOf } from '../../shared/backup-text';
import { loadCommand } from '../engines/backup/tool-args';
import { runTool, withToolEndpoint } from '../services/backup/tool-runner';
import { decompressor } from '../services/backup/compression';
import type { AuditRepo } from '../store/audit.repo';
import type { ConnectionConfig } from '../store/connections.repo';
import { requireConfirmation, requireSamePlan } from './apply-gates';
import { backupRestorePlanner, restorableBackup } from './planners/backup-restore.planner';
import { runAuditedSteps } from './step-audit';

type ApplyOut = z.input<(typeof actionsContract)['actions.apply']['output']>;

/** What the restore executor needs (a subset of the executor's dependencies). */
export interface RestoreExecutorDeps {
  audit: AuditRepo;
  actor: string;
  lockWaitSeconds: number;
  openWriter?: (cfg: ConnectionConfig, lockWaitSeconds: number) => Promise<MysqlWriter>;
}

/** Runs restore plans. */
export class RestoreExecutor {
  constructor(private readonly deps: RestoreExecutorDeps) {}

  /** Applies the restore plan whose hash the user previewed. */
  async apply(
    cfg: ConnectionConfig,
    params: BackupRestoreParams,
    planHash: string,
    confirmation: string | undefined,
    signal: AbortSignal,
    progress: (done: number, total: number, message: string) => void,
  ): Promise<ApplyOut> {
    requireConfirmation(cfg, confirmation, 'the restore');
    const { plan, before } = await withMysqlSession(cfg, async (s) => ({
      plan: (await backupRestorePlanner.derive(params, s, s.flavor)).plan,
      before: await backupRestorePlanner.measure(params, s, s.flavor),
    }));
    requireSamePlan(plan.hash, planHash, 'The restore changed since it was previewed (the target or the backup is different). Preview it again.');
    const { dumpFile, manifest } = await restorableBackup(params.dir);
    const total = plan.steps.length;
    const { outcomes, stoppedAt } = await runAuditedSteps(
      this.deps,
      cfg,
      plan,
      signal,
      progress,
      async (step, i) => {
        if (step.id === 'load') {
          const size = (await stat(dumpFile)).size;
          let read = 0;
          let last = 0;
          const counter = new Transform({
            transform(chunk: Buffer, _enc, cb) {
              read += chunk.length;
              if (read - last > 1 << 20 || read === size) {
                last = read;
                progress(
                  i,
                  total,
                  `Loading ${manifest.database} into ${params.into}: ${fmtBytes(read)} of ${fmtBytes(size)} (${Math.round((100 * read) / Math.max(size, 1))}%)`,
                );
              }
              cb(null, chunk);
            },
          });
          const source = createReadStream(dumpFile);
          const compression = dumpCompressionOf(manifest);
          await withToolEndpoint(cfg, (e) =>
            runTool(loadCommand(e, params.into), signal, { stdin: compression ? [source, counter, decompressor(compression)] : [source, counter] }),
          );
          return { status: 'ok', message: `Loaded ${fmtBytes(size)} of dump` };
        }
        const writer = await (this.deps.openWriter ?? openMysqlWriter)(cfg, this.deps.lockWaitSeconds);
        try {
          return { status: 'ok', message: await writer.execute(step.sql) };
        } finally {
          await writer.close();
        }
      },
      (step) => (step.id === 'load' ? ` ${params.into} may hold a partial load: check it, or drop it if the plan created it.` : ''),
    );
    let after: Measurement | null = null;
    try {
      after = await withMysqlSession(cfg, (s) => backupRestorePlanner.measure(params, s, s.flavor));
    } catch {
      after = null;
    }
    return { plan, outcomes, stoppedAt, before, after };
  }
}
