/** Tuner: server analysis (sample, findings, plan, apply, re-measure) and the offline my.cnf linter. */
import { create } from 'zustand';
import type { AppContract } from '../../../../shared/contract';
import type { PlanRequest } from '../../../../shared/contract/actions';
import type { OutputOf } from '../../../../shared/contract/core';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';

type Analysis = OutputOf<AppContract, 'tuner.analyze'>;
type Lint = OutputOf<AppContract, 'tuner.lintConfig'>;
type Remeasure = OutputOf<AppContract, 'tuner.remeasure'>;
/** The plan request of the ticked findings. */
export type TunerRequest = Extract<PlanRequest, { planner: 'tuner' }>;
/** A lint target. */
export type LintTarget = Lint['target'];

const GIB = 1024 ** 3;

interface TunerState {
  tab: 'server' | 'linter';
  intervalSec: string;
  ramGiB: string;
  cores: string;
  hostFor: string | null;
  /** True once the user edited RAM/cores: only then are they sent (and remembered for a remote host). */
  hostEdited: boolean;
  analysis: Analysis | null;
  /** True while `analysis` is the one-sample first look, before the interval's result replaces it. */
  firstLook: boolean;
  expanded: string[];
  selected: string[];
  /** The plan of the ticked findings, once previewed (its own busy and error). */
  plan: PlanFlow<TunerRequest> | null;
  remeasure: Remeasure | null;
  busy: 'analyze' | 'remeasure' | 'lint' | null;
  progress: { done: number; total: number | null; message: string } | null;
  error: string | null;
  lintText: string;
  /** 'connection': the connected server's release (MySQL 8.4 when none is connected). */
  lintTarget: LintTarget | 'connection';
  /** Empty: the host RAM the tuner knows for the connection. */
  lintRamGiB: string;
  lint: Lint | null;
  setTab(tab: TunerState['tab']): void;
  setField(field: 'intervalSec' | 'ramGiB' | 'cores' | 'lintText' | 'lintRamGiB', value: string): void;
  setLintTarget(t: LintTarget | 'connection'): void;
  loadHost(connectionId: string): Promise<void>;
  analyze(connectionId: string): Promise<void>;
  cancel(): void;
  toggleExpanded(ruleId: string): void;
  toggleSelected(ruleId: string): void;
  runPreview(connectionId: string): Promise<void>;
  apply(connectionId: string, confirmation: string | undefined): Promise<void>;
  runRemeasure(connectionId: string): Promise<void>;
  /** Lints the text; `connectionId` (a MySQL-family connection) fills the target and RAM left open. */
  runLint(connectionId: string | null): Promise<void>;
}

/** The plan request for the ticked findings: each variable once, first finding wins. */
export function tunerRequest(analysis: Analysis | null, selected: readonly string[]): TunerRequest | null {
  if (!analysis) return null;
  const changes: Array<{ name: string; value: string; ruleId: string }> = [];
  for (const f of analysis.findings) {
    if (!selected.includes(f.ruleId)) continue;
    for (const c of f.changes) if (!changes.some((x) => x.name === c.name)) changes.push({ name: c.name, value: c.recommended, ruleId: f.ruleId });
  }
  return changes.length ? { planner: 'tuner', params: { changes } } : null;
}

const num = (text: string): number | undefined => {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
};

/** The tuner store. */
export const useTuner = create<TunerState>()((set, get) => {
  let controller: AbortController | null = null;
  const run = async <T>(busy: NonNullable<TunerState['busy']>, work: (signal: AbortSignal) => Promise<T>, done: (r: T) => Partial<TunerState>) => {
    controller = new AbortController();
    set({ busy, error: null, progress: null });
    try {
      const r = await work(controller.signal);
      set({ ...done(r), busy: null, progress: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null, progress: null });
    } finally {
      controller = null;
    }
  };
  const onProgress = (e: { done: number; total: number | null; message?: string }) =>
    set({ progress: { done: e.done, total: e.total, message: e.message ?? '' } });
  return {
    tab: 'server',
    intervalSec: '60',
    ramGiB: '',
    cores: '',
    hostFor: null,
    hostEdited: false,
    analysis: null,
    firstLook: false,
    expanded: [],
    selected: [],
    plan: null,
    remeasure: null,
    busy: null,
    progress: null,
    error: null,
    lintText: '',
    lintTarget: 'connection',
    lintRamGiB: '',
    lint: null,
    setTab: (tab) => set({ tab }),
    setField: (field, value) => set({ [field]: value, ...(field === 'ramGiB' || field === 'cores' ? { hostEdited: true } : {}) } as Partial<TunerState>),
    setLintTarget: (lintTarget) => set({ lintTarget }),
    async loadHost(connectionId) {
      set({ hostFor: connectionId, hostEdited: false, analysis: null, selected: [], expanded: [], plan: null, remeasure: null, error: null });
      try {
        const h = await api().tuner.hostInfo({ connectionId });
        set({ ramGiB: h.ramBytes ? String(Math.round((h.ramBytes / GIB) * 10) / 10) : '', cores: h.cores ? String(h.cores) : '' });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    async analyze(connectionId) {
      const s = get();
      const ram = s.hostEdited ? num(s.ramGiB) : undefined;
      const cores = s.hostEdited ? num(s.cores) : undefined;
      const input = {
        connectionId,
        intervalSec: num(s.intervalSec) ?? 60,
        ramBytes: ram ? Math.round(ram * GIB) : undefined,
        cores: cores ? Math.round(cores) : undefined,
      };
      set({ plan: null, remeasure: null, selected: [], firstLook: false });
      const full = run(
        'analyze',
        (signal) => api().tuner.analyze(input, { signal, onProgress }),
        (analysis) => ({ analysis, expanded: [], firstLook: false }),
      );
      // First findings from one sample at once (lifetime counters); the interval's result replaces them.
      const { intervalSec: _interval, ...once } = input;
      api()
        .tuner.firstLook(once)
        .then((analysis) => {
          if (get().busy === 'analyze') set({ analysis, expanded: [], firstLook: true });
        })
        .catch(() => undefined);
      await full;
    },
    cancel: () => controller?.abort(),
    toggleExpanded: (id) => set((s) => ({ expanded: s.expanded.includes(id) ? s.expanded.filter((x) => x !== id) : [...s.expanded, id] })),
    toggleSelected: (id) =>
      set((s) => ({
        selected: s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id],
        plan: null,
        remeasure: null,
      })),
    async runPreview(connectionId) {
      const request = tunerRequest(get().analysis, get().selected);
      if (!request) return;
      set({ remeasure: null, error: null });
      await previewFlow(connectionId, request, (plan) => set({ plan }));
    },
    async apply(connectionId, confirmation) {
      const { plan } = get();
      if (!plan) return;
      controller = new AbortController();
      try {
        await applyFlow(connectionId, plan, confirmation, (next) => set({ plan: next, progress: null }), { signal: controller.signal, onProgress });
      } finally {
        controller = null;
        set({ progress: null });
      }
    },
    async runRemeasure(connectionId) {
      const { analysis, selected, intervalSec } = get();
      if (!analysis) return;
      const input = { connectionId, analysisId: analysis.analysisId, ruleIds: selected, intervalSec: num(intervalSec) ?? 60 };
      await run(
        'remeasure',
        (signal) => api().tuner.remeasure(input, { signal, onProgress }),
        (remeasure) => ({ remeasure }),
      );
    },
    async runLint(connectionId) {
      const { lintText, lintTarget, lintRamGiB } = get();
      const ram = num(lintRamGiB);
      const input = {
        text: lintText,
        ...(lintTarget === 'connection' ? {} : { target: lintTarget }),
        // An empty RAM field defers to the connection's host; without a connection it means "unknown".
        ...(ram ? { ramBytes: Math.round(ram * GIB) } : connectionId ? {} : { ramBytes: null }),
        ...(connectionId ? { connectionId } : {}),
      };
      await run(
        'lint',
        () => api().tuner.lintConfig(input),
        (lint) => ({ lint }),
      );
    },
  };
});
