/**
 * The Redis panel's state: one analysis (with progress, cancel and resume), the options and
 * design it ran with, and the plan a finding or a pattern row proposes (preview → apply).
 */
import { create } from 'zustand';
import type { PlanRequest } from '../../../../shared/contract/actions';
import { AppError } from '../../../../shared/contract/core';
import type { RedisAnalysis } from '../../../../shared/contract/redis';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';

type KeysRequest = Extract<PlanRequest, { planner: 'redis-keys' }>;

/** What a plan acts on. */
export interface KeyPlanChoice {
  action: 'expire' | 'delete';
  pattern: string;
  ttlSeconds?: number;
}

interface RedisState {
  connectionId: string | null;
  analysis: RedisAnalysis | null;
  /** A stopped analysis that can be resumed. */
  resumeId: string | null;
  progress: { done: number; total: number | null } | null;
  /** The analysis is running. */
  busy: 'analyze' | null;
  /** Why the analysis failed or stopped. */
  error: string | null;
  useDesign: boolean;
  sample: string;
  pauseMs: string;
  /** The plan a finding or a pattern row proposes (its own busy and error). */
  plan: PlanFlow<KeysRequest> | null;
  planProgress: string | null;
  setUseDesign(on: boolean): void;
  setSample(v: string): void;
  setPauseMs(v: string): void;
  analyze(connectionId: string, resume?: boolean): Promise<void>;
  cancel(): void;
  choosePlan(choice: KeyPlanChoice): Promise<void>;
  apply(confirmation: string | undefined): Promise<void>;
  closePlan(): void;
}

let controller: AbortController | null = null;

const request = (c: KeyPlanChoice): KeysRequest => ({ planner: 'redis-keys', params: { ...c, batch: 500, pauseMs: 0 } });

/** The Redis store. Nothing persists: an analysis is a snapshot of a live server. */
export const useRedis = create<RedisState>()((set, get) => ({
  connectionId: null,
  analysis: null,
  resumeId: null,
  progress: null,
  busy: null,
  error: null,
  useDesign: true,
  sample: '',
  pauseMs: '0',
  plan: null,
  planProgress: null,
  setUseDesign: (useDesign) => set({ useDesign }),
  setSample: (sample) => set({ sample }),
  setPauseMs: (pauseMs) => set({ pauseMs }),
  async analyze(connectionId, resume = false) {
    controller?.abort();
    const ac = new AbortController();
    controller = ac;
    const { sample, pauseMs, useDesign, resumeId } = get();
    const fresh = get().connectionId !== connectionId;
    set({
      connectionId,
      busy: 'analyze',
      error: null,
      progress: { done: 0, total: null },
      ...(fresh ? { analysis: null } : {}),
      plan: null,
    });
    try {
      const analysis = await api().redis.analyze(
        {
          connectionId,
          options: { sample: sample ? Number(sample) : undefined, pauseMs: Number(pauseMs) || 0, pauseEvery: 10 },
          useExampleDesign: useDesign,
          resumeId: resume && resumeId ? resumeId : undefined,
        },
        { signal: ac.signal, onProgress: (e) => set({ progress: { done: e.done, total: e.total } }) },
      );
      set({ analysis, busy: null, progress: null, resumeId: analysis.complete ? null : analysis.analysisId });
    } catch (err) {
      const id = err instanceof AppError && err.code === 'CANCELLED' ? (err.details as { resumeId?: string } | undefined)?.resumeId : undefined;
      set({ busy: null, progress: null, error: errorMessage(err), resumeId: id ?? null });
    } finally {
      if (controller === ac) controller = null;
    }
  },
  cancel() {
    controller?.abort();
  },
  async choosePlan(choice) {
    const { connectionId } = get();
    if (!connectionId) return;
    await previewFlow(connectionId, request(choice), (plan) => set({ plan }));
  },
  async apply(confirmation) {
    const { connectionId, plan } = get();
    if (!connectionId || !plan) return;
    set({ planProgress: 'Starting…' });
    await applyFlow(connectionId, plan, confirmation, (next) => set({ plan: next }), {
      onProgress: (e) => set({ planProgress: e.message ?? `${e.done}/${e.total}` }),
    });
    set({ planProgress: null });
  },
  closePlan() {
    set({ plan: null });
  },
}));
