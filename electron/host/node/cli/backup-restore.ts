/**
 * `dbw backup restore DIR --connection URL (--into DB | --datadir PATH [--start] [--port N])
 * [--apply [--yes]] [--json]`: the restore plan of a backup (the app's planner) — a logical backup
 * into a database, a physical one into a new datadir — printed as a preview that writes nothing;
 * with --apply it runs through the app's restore executors over the workspace's audit log, exactly
 * as the Backups tab's Restore button does.
 */
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Measurement } from '../../../../shared/contract/actions';
import { backupPhysicalRestorePlanRequest, backupRestorePlanRequest } from '../../../../shared/contract/backup-restore';
import { fmtBytes } from '../../../../shared/format-bytes';
import { backupRestorePlanner } from '../../../actions/planners/backup-restore.planner';
import { backupPhysicalRestorePlanner } from '../../../actions/planners/backup-physical-restore.planner';
import { PhysicalRestoreExecutor } from '../../../actions/physical-restore-executor';
import type { Derived } from '../../../actions/planner';
import { RestoreExecutor } from '../../../actions/restore-executor';
import { withMysqlSession } from '../../../connections/mysql-session';
import { AuditRepo } from '../../../store/audit.repo';
import type { ConnectionConfig } from '../../../store/connections.repo';
import { openWorkspace } from '../../../store/workspace.store';
import { defaultWorkspaceDir } from '../paths';
import { confirm, type CliIO } from './command';
import { urlTarget } from './executor-runner';
import { parseFlags, UsageError, parseConnectionUrl } from './flags';
import { issuesText } from '../../../../shared/zod-issues';

const metricText = (m: Measurement | null): string => (m ? m.metrics.map((x) => `${x.label}: ${x.value ?? '—'}`).join('; ') : 'not measured');

/** A restore plan as the CLI prints and applies it. */
interface CliRestore {
  readonly preview: Derived & { before: Measurement };
  readonly target: string;
  readonly touchLine: (t: Derived['touches'][number]) => string;
  readonly apply: (
    executorDeps: { audit: AuditRepo; actor: string },
    planHash: string,
    progress: (d: number, t: number, m: string) => void,
  ) => Promise<ApplyOut>;
}

type ApplyOut = Awaited<ReturnType<RestoreExecutor['apply']>>;

async function logicalRestore(cfg: ConnectionConfig, dir: string, into: string): Promise<CliRestore> {
  const parsed = backupRestorePlanRequest.shape.params.safeParse({ dir, into });
  if (!parsed.success) throw new UsageError(issuesText(parsed.error));
  const params = parsed.data;
  const preview = await withMysqlSession({ ...cfg, database: '' }, async (s) => ({
    ...(await backupRestorePlanner.derive(params, s, s.flavor)),
    before: await backupRestorePlanner.measure(params, s, s.flavor),
  }));
  return {
    preview,
    target: `database ${params.into} on ${cfg.host}:${cfg.port}`,
    touchLine: (t) => `${t.touches}: ${t.details.action}${Number(t.details.rowsLost) ? `, loses ${t.details.rowsLost} row(s)` : ''}`,
    apply: (deps, planHash, progress) =>
      new RestoreExecutor({ ...deps, lockWaitSeconds: 10 }).apply(cfg, params, planHash, undefined, new AbortController().signal, progress),
  };
}

async function physicalRestore(cfg: ConnectionConfig, dir: string, datadir: string, start: boolean, port: string | undefined): Promise<CliRestore> {
  if (port !== undefined && !/^\d+$/.test(port)) throw new UsageError(`--port takes a port number, not ${port}`);
  const parsed = backupPhysicalRestorePlanRequest.shape.params.safeParse({
    dir,
    datadir: resolve(datadir),
    start,
    port: port === undefined ? undefined : Number(port),
  });
  if (!parsed.success) throw new UsageError(issuesText(parsed.error));
  const params = parsed.data;
  const preview = await withMysqlSession({ ...cfg, database: '' }, async (s) => ({
    ...(await backupPhysicalRestorePlanner.derive(params, s, s.flavor)),
    before: await backupPhysicalRestorePlanner.measure(params, s, s.flavor),
  }));
  return {
    preview,
    target: `the new datadir ${params.datadir}`,
    touchLine: (t) =>
      t.stepId === 'copy'
        ? `${t.touches}: ${fmtBytes(Number(t.details.bytes))} to copy (${t.details.files} files), ${fmtBytes(Number(t.details.needBytes))} needed, ${fmtBytes(Number(t.details.freeBytes))} free`
        : `${t.touches}: ${t.details.rows} row(s), checksum ${t.details.checksum}`,
    apply: (deps, planHash, progress) => new PhysicalRestoreExecutor(deps).apply(cfg, params, planHash, undefined, new AbortController().signal, progress),
  };
}

/** Runs `dbw backup restore`; exit 0 done (or previewed), 1 a step failed or not confirmed. */
export async function restoreBackup(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, {
    connection: 'string',
    into: 'string',
    datadir: 'string',
    start: 'boolean',
    port: 'string',
    apply: 'boolean',
    yes: 'boolean',
    json: 'boolean',
    help: 'boolean',
  });
  const [dir, extra] = f._;
  if (!dir || extra !== undefined || !f.connection || Boolean(f.into) === Boolean(f.datadir))
    throw new UsageError('backup restore needs one backup folder, --connection URL, and --into DB (a logical backup) or --datadir PATH (a physical one)');
  if (!f.datadir && (f.start || f.port !== undefined)) throw new UsageError('--start and --port go with --datadir (a physical restore)');
  const cfg = urlTarget(parseConnectionUrl(f.connection));
  const r = f.datadir ? await physicalRestore(cfg, dir, f.datadir, f.start ?? false, f.port) : await logicalRestore(cfg, dir, f.into!);
  const { preview } = r;
  const lines = [`${preview.plan.title}`, ...preview.plan.notes.map((n) => `  ${n.replace(/\n/g, '\n    ')}`), 'Steps:'];
  for (const s of preview.plan.steps)
    lines.push(`  [${s.risk}] ${s.sql}`, `      ${s.description} ${s.estimate}.`, ...(s.noRollback ? [`      Undo: ${s.noRollback}`] : []));
  lines.push(f.datadir ? 'Copies and checks:' : 'Tables:');
  for (const t of preview.touches) lines.push(`  ${r.touchLine(t)}`);
  if (!f.apply) {
    io.stdout.write(
      f.json
        ? `${JSON.stringify({ plan: preview.plan, steps: preview.touches, before: preview.before, applied: false }, null, 2)}\n`
        : `${lines.join('\n')}\nPreview only: nothing was written. Add --apply to restore.\n`,
    );
    return 0;
  }
  if (!f.json) io.stdout.write(`${lines.join('\n')}\n`);
  if (!f.yes && !(await confirm(io, `Type "yes" to restore into ${r.target}: `))) {
    io.stderr.write('Not confirmed: nothing was written.\n');
    return 1;
  }
  const workspaceDir = defaultWorkspaceDir();
  mkdirSync(workspaceDir, { recursive: true, mode: 0o700 });
  const db = openWorkspace(join(workspaceDir, 'workspace.sqlite'));
  try {
    let lastMessage = '';
    const out = await r.apply({ audit: new AuditRepo(db), actor: userInfo().username }, preview.plan.hash, (_d, _t, message) => {
      if (message !== lastMessage) io.stderr.write(`${message}\n`);
      lastMessage = message;
    });
    const failed = out.outcomes.find((o) => o.status !== 'ok');
    io.stdout.write(
      f.json
        ? `${JSON.stringify({ ...out, applied: !failed }, null, 2)}\n`
        : `${out.outcomes.map((o) => `${o.status}: ${o.stepId} — ${o.message}`).join('\n')}\nAfter: ${metricText(out.after)}\n`,
    );
    return failed ? 1 : 0;
  } finally {
    db.close();
  }
}
