/**
 * The Redis panel's state: one analysis (with progress, cancel and resume), the options and
 * design it ran with, and the plan a finding or a pattern row proposes (preview → apply).
 */
import { create } from 'zustand';
import type { AppContract } from '../../../../shared/contract';
import { AppError, type OutputOf } from '../../../../shared/contract/core';
import type { RedisAnalysis } from '../../../../shared/contract/redis';
import { api, errorMessage } from '../../lib/api';

type Preview = OutputOf<AppContract, 'actions.preview'>;
type Applied = OutputOf<AppContract, 'actions.apply'>;

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
  busy: 'analyze' | 'preview' | 'apply' | null;
  error: string | null;
  useDesign: boolean;
  sample: string;
  pauseMs: string;
  choice: KeyPlanChoice | null;
  preview: Preview | null;
  applied: Applied | null;
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

const request = (c: KeyPlanChoice) => ({ planner: 'redis-keys' as const, params: { ...c, batch: 500, pauseMs: 0 } });

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
  choice: null,
  preview: null,
  applied: null,
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
      choice: null,
      preview: null,
      applied: null,
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
    set({ choice, preview: null, applied: null, busy: 'preview', error: null });
    try {
      set({ preview: await api().actions.preview({ connectionId, request: request(choice) }), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  async apply(confirmation) {
    const { connectionId, preview, choice } = get();
    if (!connectionId || !preview || !choice) return;
    set({ busy: 'apply', error: null, planProgress: 'Starting…' });
    try {
      const applied = await api().actions.apply(
        { connectionId, request: request(choice), planHash: preview.plan.hash, confirmation },
        { onProgress: (e) => set({ planProgress: e.message ?? `${e.done}/${e.total}` }) },
      );
      set({ applied, busy: null, planProgress: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null, planProgress: null });
    }
  },
  closePlan() {
    set({ choice: null, preview: null, applied: null });
  },
}));
