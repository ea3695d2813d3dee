/**
 * The CLI's way to change a server: the app's executor over the user's workspace, so a
 * `dbw … --apply` is audited exactly like the app's Apply button (and seen in its audit log).
 */
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '../../../../shared/contract/plan';
import { Executor } from '../../../actions/executor';
import type { PlannerRegistry } from '../../../actions/planner';
import { AuditRepo } from '../../../store/audit.repo';
import { ConnectionsRepo } from '../../../store/connections.repo';
import type { ConnectionConfig } from '../../../store/connections.repo';
import type { SecretBox } from '../../../store/secret-box';
import { AppError } from '../../../../shared/contract/core';
import { openWorkspace } from '../../../store/workspace.store';
import { defaultWorkspaceDir } from '../paths';

/** Result of running a plan from the CLI: the failing step's index and message, or null when every step ran. */
export type CliPlanResult = { index: number; error: string } | null;

/** Runs a freshly derived plan through the executor, auditing into the workspace at `workspaceDir`. */
export async function runPlanWithExecutor(
  cfg: ConnectionConfig,
  plan: Plan,
  onStep: (i: number) => void,
  workspaceDir = defaultWorkspaceDir(),
): Promise<CliPlanResult> {
  // A derived plan runs as it is (applyDerived consults no planner): none is loaded, nor their SQL parser.
  return withExecutor({}, workspaceDir, async (executor) => {
    const { outcomes } = await executor.applyDerived(urlTarget(cfg), plan, new AbortController().signal, (done, total) => {
      if (done < total) onStep(done);
    });
    const failed = outcomes.findIndex((o) => o.status === 'failed' || o.status === 'unknown');
    return failed < 0 ? null : { index: failed, error: outcomes[failed]!.message };
  });
}

/**
 * A URL connection carries its own password, so the CLI opens no saved secret; it must not create
 * a key file either (a new key beside the app's sealed passwords would hide that the old one went missing).
 */
const noSavedSecrets: SecretBox = {
  description: 'none (the command line uses the password in its connection URL)',
  keySource: 'none',
  createdKey: false,
  seal: () => {
    throw new AppError('UNSUPPORTED', 'The command line does not save secrets');
  },
  open: () => {
    throw new AppError('UNSUPPORTED', 'The command line does not open saved secrets');
  },
};

/** Runs `fn` with the app's executor over the user's workspace (its audit log), for commands that drive the executor themselves. */
export async function withWorkspaceExecutor<T>(fn: (executor: Executor) => Promise<T>, workspaceDir = defaultWorkspaceDir()): Promise<T> {
  const { defaultPlanners } = await import('../../../actions/planners');
  return withExecutor(defaultPlanners, workspaceDir, fn);
}

/** An executor with `planners` over the workspace at `workspaceDir` (created 0700 when missing), closed after `fn`. */
async function withExecutor<T>(planners: PlannerRegistry, workspaceDir: string, fn: (executor: Executor) => Promise<T>): Promise<T> {
  mkdirSync(workspaceDir, { recursive: true, mode: 0o700 });
  const db = openWorkspace(join(workspaceDir, 'workspace.sqlite'));
  try {
    return await fn(
      new Executor({
        connections: new ConnectionsRepo(db, noSavedSecrets),
        audit: new AuditRepo(db),
        planners,
        actor: userInfo().username,
        lockWaitSeconds: 10,
      }),
    );
  } finally {
    db.close();
  }
}

/** A URL connection named by its endpoint, as the audit log shows it. */
export function urlTarget(cfg: ConnectionConfig): ConnectionConfig {
  return { ...cfg, id: `url:${cfg.host}:${cfg.port}`, name: `${cfg.user}@${cfg.host}:${cfg.port}${cfg.database ? `/${cfg.database}` : ''}` };
}
