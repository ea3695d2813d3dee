/**
 * The Purge tab's two calls, for integration tests: the `purge` plan's preview (read back as the
 * dry run's figures) and its apply through the executor (the run's figures), so the tests drive
 * the path the app runs.
 */
import type { actionsContract } from '../../shared/contract/actions';
import type { OutputOf } from '../../shared/contract/core';
import { purgePreviewOf, type PurgePreview, type PurgeRunResult, type PurgeSpecInput } from '../../shared/contract/purge';
import type { Runtime } from '../services/runtime';
import { invoke } from './harness';

/** An apply's answer. */
export type PurgeApplied = OutputOf<typeof actionsContract, 'actions.apply'>;

/** Previews the purge `spec` on the connection and returns the dry run's figures. */
export async function previewPurge(rt: Runtime, connectionId: string, spec: PurgeSpecInput): Promise<PurgePreview> {
  const preview = await invoke<OutputOf<typeof actionsContract, 'actions.preview'>>(rt, 'actions.preview', {
    connectionId,
    request: { planner: 'purge', params: spec },
  });
  const dry = purgePreviewOf(preview);
  if (!dry) throw new Error(`The purge preview has no chunk step: ${JSON.stringify(preview.plan.steps.map((s) => s.id))}`);
  return dry;
}

/** Applies the purge previewed with `planHash` and returns the run's figures. */
export async function applyPurge(rt: Runtime, connectionId: string, spec: PurgeSpecInput, planHash: string, confirmation?: string): Promise<PurgeRunResult> {
  const applied = await invoke<PurgeApplied>(rt, 'actions.apply', { connectionId, request: { planner: 'purge', params: spec }, planHash, confirmation });
  if (!applied.purge) throw new Error(`The purge apply returned no run: ${JSON.stringify(applied.outcomes)}`);
  return applied.purge;
}
