/**
 * `dbw backup restore DIR --connection URL --into DB [--apply [--yes]] [--json]`: the restore
 * plan of a backup (the app's planner), printed as a preview that writes nothing; with --apply it
 * runs through the app's restore executor over the workspace's audit log, exactly as the Backups
 * tab's Restore button does.
 */
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Measurement } from '../../../../shared/contract/actions';
import { backupRestorePlanRequest } from '../../../../shared/contract/backup-restore';
import { backupRestorePlanner } from '../../../actions/planners/backup-restore.planner';
import { RestoreExecutor } from '../../../actions/restore-executor';
import { withMysqlSession } from '../../../connections/mysql-session';
import { AuditRepo } from '../../../store/audit.repo';
import { openWorkspace } from '../../../store/workspace.store';
import { defaultWorkspaceDir } from '../paths';
import { confirm } from './advise.command';
import type { CliIO } from './command';
import { urlTarget } from './executor-runner';
import { parseFlags, UsageError } from './flags';
import { parseConnectionUrl } from './tune.command';

const metricText = (m: Measurement | null): string => (m ? m.metrics.map((x) => `${x.label}: ${x.value ?? '—'}`).join('; ') : 'not measured');

/** Runs `dbw backup restore`; exit 0 done (or previewed), 1 a step failed or not confirmed. */
export async function restoreBackup(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, { connection: 'string', into: 'string', apply: 'boolean', yes: 'boolean', json: 'boolean', help: 'boolean' });
  const [dir, extra] = f._;
  if (!dir || extra !== undefined || !f.connection || !f.into) throw new UsageError('backup restore needs one backup folder, --connection URL and --into DB');
  const parsed = backupRestorePlanRequest.shape.params.safeParse({ dir, into: f.into });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const params = parsed.data;
  const cfg = urlTarget(parseConnectionUrl(f.connection));
  const preview = await withMysqlSession({ ...cfg, database: '' }, async (s) => ({
    ...(await backupRestorePlanner.derive(params, s, s.flavor)),
    before: await backupRestorePlanner.measure(params, s, s.flavor),
  }));
  const lines = [`${preview.plan.title}`, ...preview.plan.notes.map((n) => `  ${n}`), 'Steps:'];
  for (const s of preview.plan.steps)
    lines.push(`  [${s.risk}] ${s.sql}`, `      ${s.description} ${s.estimate}.`, ...(s.noRollback ? [`      Undo: ${s.noRollback}`] : []));
  lines.push('Tables:');
  for (const t of preview.touches) lines.push(`  ${t.touches}: ${t.details.action}${Number(t.details.rowsLost) ? `, loses ${t.details.rowsLost} row(s)` : ''}`);
  if (!f.apply) {
    io.stdout.write(
      f.json
        ? `${JSON.stringify({ plan: preview.plan, steps: preview.touches, before: preview.before, applied: false }, null, 2)}\n`
        : `${lines.join('\n')}\nPreview only: nothing was written. Add --apply to restore.\n`,
    );
    return 0;
  }
  if (!f.json) io.stdout.write(`${lines.join('\n')}\n`);
  if (!f.yes && !(await confirm(io, `Type "yes" to restore into ${params.into} on ${cfg.host}:${cfg.port}: `))) {
    io.stderr.write('Not confirmed: nothing was written.\n');
    return 1;
  }
  const workspaceDir = defaultWorkspaceDir();
  mkdirSync(workspaceDir, { recursive: true, mode: 0o700 });
  const db = openWorkspace(join(workspaceDir, 'workspace.sqlite'));
  try {
    const executor = new RestoreExecutor({ audit: new AuditRepo(db), actor: userInfo().username, lockWaitSeconds: 10 });
    let lastMessage = '';
    const r = await executor.apply(cfg, params, preview.plan.hash, undefined, new AbortController().signal, (_d, _t, message) => {
      if (message !== lastMessage) io.stderr.write(`${message}\n`);
      lastMessage = message;
    });
    const failed = r.outcomes.find((o) => o.status !== 'ok');
    io.stdout.write(
      f.json
        ? `${JSON.stringify({ ...r, applied: !failed }, null, 2)}\n`
        : `${r.outcomes.map((o) => `${o.status}: ${o.stepId} — ${o.message}`).join('\n')}\nAfter: ${metricText(r.after)}\n`,
    );
    return failed ? 1 : 0;
  } finally {
    db.close();
  }
}
