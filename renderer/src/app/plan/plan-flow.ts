/**
 * The one preview → apply flow of the renderer: what a panel holds for a plan (the request, the
 * preview, the applied outcome, what is busy, the error) and the two calls that move it on. Each
 * feature store keeps one `PlanFlow` per plan it shows and moves it with `previewFlow` and
 * `applyFlow`, instead of repeating the same state and try/catch around the executor's calls.
 */
import type { AppContract } from '../../../../shared/contract';
import type { PlanRequest } from '../../../../shared/contract/actions';
import { AppError, type OutputOf } from '../../../../shared/contract/core';
import { api, errorMessage } from '../../lib/api';
import type { CallOptions } from '../../lib/client';

/** A preview's answer. */
export type PlanPreview = OutputOf<AppContract, 'actions.preview'>;
/** An apply's answer. */
export type PlanApplied = OutputOf<AppContract, 'actions.apply'>;

/** One plan as a panel shows it. */
export interface PlanFlow<R extends PlanRequest = PlanRequest> {
  request: R;
  preview: PlanPreview | null;
  applied: PlanApplied | null;
  /** What is running: the preview, the apply, or nothing. */
  busy: 'preview' | 'apply' | null;
  error: string | null;
}

/** A flow that has not been previewed yet. */
export function startFlow<R extends PlanRequest>(request: R): PlanFlow<R> {
  return { request, preview: null, applied: null, busy: 'preview', error: null };
}

/**
 * Previews `request` on the connection: `put` receives the flow at each change (busy, then the
 * preview or the error). Resolves to the final flow.
 */
export async function previewFlow<R extends PlanRequest>(connectionId: string, request: R, put: (flow: PlanFlow<R>) => void): Promise<PlanFlow<R>> {
  const flow = startFlow(request);
  put(flow);
  let next: PlanFlow<R>;
  try {
    next = { ...flow, preview: await api().actions.preview({ connectionId, request }), busy: null };
  } catch (err) {
    next = { ...flow, busy: null, error: errorMessage(err) };
  }
  put(next);
  return next;
}

/**
 * Applies a previewed flow through the executor (the plan hash of its preview, the typed
 * production confirmation): `put` receives busy, then the outcome or the error. A flow without a
 * preview, already applied, or busy, is returned unchanged. `opts` carries the step progress and
 * the cancel signal of a long plan; a cancelled apply ends with what ran before the stop.
 */
export async function applyFlow<R extends PlanRequest>(
  connectionId: string,
  flow: PlanFlow<R>,
  confirmation: string | undefined,
  put: (flow: PlanFlow<R>) => void,
  opts?: CallOptions,
): Promise<PlanFlow<R>> {
  if (!flow.preview || flow.applied || flow.busy) return flow;
  const running: PlanFlow<R> = { ...flow, busy: 'apply', error: null };
  put(running);
  let next: PlanFlow<R>;
  try {
    const applied = await api().actions.apply({ connectionId, request: flow.request, planHash: flow.preview.plan.hash, confirmation }, opts);
    next = { ...running, applied, busy: null };
  } catch (err) {
    // A stopped apply still reports what ran before the stop (a purge's committed chunks, the steps done).
    const stopped = err instanceof AppError && err.code === 'CANCELLED' ? (err.details as { applied?: PlanApplied } | undefined)?.applied : undefined;
    next = stopped ? { ...running, applied: stopped, busy: null } : { ...running, busy: null, error: errorMessage(err) };
  }
  put(next);
  return next;
}
