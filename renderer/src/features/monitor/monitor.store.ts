/**
 * Monitor: the live dashboard (polls `monitor.sample` every interval, merges with the kept or
 * Prometheus history for the chosen range), the activity view with kill plans through the
 * executor, alert rules and history with desktop notifications, and pool advice.
 */
import { create } from 'zustand';
import type { AppContract } from '../../../../shared/contract';
import type { InputOf, OutputOf } from '../../../../shared/contract/core';
import type { PlanRequest } from '../../../../shared/contract/actions';
import type { AlertEvent, MonitorSample } from '../../../../shared/contract/monitor';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';
import { notifyAlert } from './notify';

type Activity = OutputOf<AppContract, 'monitor.activity'>;
type Rules = OutputOf<AppContract, 'monitor.rules'>;
type AlertHistory = OutputOf<AppContract, 'monitor.alertHistory'>;
type Active = OutputOf<AppContract, 'monitor.sample'>['active'];
type PoolAdvice = OutputOf<AppContract, 'monitor.poolAdvice'>;
type KillRequest = Extract<PlanRequest, { planner: 'kill-session' }>;
type Filter = NonNullable<InputOf<AppContract, 'monitor.activity'>['filter']>;
type Pool = InputOf<AppContract, 'monitor.poolAdvice'>['pool'];

/** The panel's tabs. */
export type MonitorTab = 'dashboard' | 'activity' | 'alerts' | 'pool';
/** The ranges the dashboard offers, seconds. */
export const RANGES = [
  { label: '5 min', sec: 300 },
  { label: '15 min', sec: 900 },
  { label: '1 h', sec: 3600 },
  { label: '6 h', sec: 21_600 },
  { label: '24 h', sec: 86_400 },
  { label: '7 days', sec: 604_800 },
] as const;

/** A kill the user asked for: which session and how much of it. */
export interface KillTarget {
  processId: number;
  scope: 'query' | 'connection';
}

interface MonitorState {
  connectionId: string | null;
  tab: MonitorTab;
  intervalSec: number;
  rangeSec: number;
  source: 'workspace' | 'prometheus';
  prometheusUrl: string;
  live: boolean;
  samples: MonitorSample[];
  bucketSec: number;
  missing: string[];
  active: Active;
  /** Firing events of this session, newest first (the in-app banner). */
  recent: AlertEvent[];
  activity: Activity | null;
  filter: Filter;
  autoRefresh: boolean;
  /** The kill the user asked for, as a plan (its request names the session and the scope). */
  killPlan: PlanFlow<KillRequest> | null;
  rules: Rules | null;
  prometheusYaml: string | null;
  alertHistory: AlertHistory;
  pool: Pool;
  cores: string;
  disks: string;
  poolAdvice: PoolAdvice | null;
  busy: 'history' | 'activity' | 'rules' | 'pool' | null;
  error: string | null;
  setTab(tab: MonitorTab): void;
  open(connectionId: string): Promise<void>;
  setInterval(sec: number): void;
  setRange(sec: number): Promise<void>;
  setSource(source: MonitorState['source'], url?: string): Promise<void>;
  loadHistory(): Promise<void>;
  startLive(): void;
  stopLive(): void;
  sampleOnce(): Promise<void>;
  setFilter(patch: Partial<Filter>): void;
  loadActivity(): Promise<void>;
  setAutoRefresh(on: boolean): void;
  previewKill(target: KillTarget): Promise<void>;
  applyKill(confirmation: string | undefined): Promise<void>;
  cancelKill(): void;
  loadRules(): Promise<void>;
  /** Saves rules edited as JSON text ({"rules": [...]} or a list); an empty list restores the defaults. */
  saveRulesText(text: string): Promise<boolean>;
  exportRules(): Promise<void>;
  loadAlertHistory(): Promise<void>;
  setPool(patch: Partial<Pool>): void;
  setPoolField(field: 'cores' | 'disks', value: string): void;
  adviseRun(): Promise<void>;
}

/** Keeps samples in the range, oldest first, one per timestamp. */
export function mergeSamples(old: readonly MonitorSample[], add: readonly MonitorSample[], rangeSec: number, nowMs: number): MonitorSample[] {
  const byAt = new Map<string, MonitorSample>();
  for (const s of [...old, ...add]) byAt.set(s.at, s);
  const from = nowMs - rangeSec * 1000;
  return [...byAt.values()].filter((s) => Date.parse(s.at) >= from).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

let timer: ReturnType<typeof setTimeout> | null = null;
let activityTimer: ReturnType<typeof setInterval> | null = null;

/** The monitor store. */
export const useMonitor = create<MonitorState>()((set, get) => {
  const fail = (err: unknown) => set({ error: errorMessage(err), busy: null });
  const killRequest = (k: KillTarget): KillRequest => ({ planner: 'kill-session', params: { processId: k.processId, scope: k.scope } });

  const tick = async () => {
    const { connectionId, live, source } = get();
    if (!connectionId || !live) return;
    const started = Date.now();
    try {
      const r = await api().monitor.sample({ connectionId });
      if (get().connectionId !== connectionId) return;
      const fired = r.events.filter((e) => e.state === 'firing');
      for (const e of r.events) if (e.notify) notifyAlert(e);
      set((s) => ({
        // Live samples join the chart only when it shows the app's own history.
        samples: source === 'workspace' ? mergeSamples(s.samples, [r.sample], s.rangeSec, Date.now()) : s.samples,
        active: r.active,
        recent: fired.length ? [...fired.reverse(), ...s.recent].slice(0, 20) : s.recent,
        error: null,
      }));
    } catch (err) {
      set({ error: errorMessage(err) });
    }
    if (get().live) timer = setTimeout(() => void tick(), Math.max(0, get().intervalSec * 1000 - (Date.now() - started)));
  };

  return {
    connectionId: null,
    tab: 'dashboard',
    intervalSec: 2,
    rangeSec: 300,
    source: 'workspace',
    prometheusUrl: 'http://127.0.0.1:19090',
    live: false,
    samples: [],
    bucketSec: 0,
    missing: [],
    active: [],
    recent: [],
    activity: null,
    filter: { hideIdle: true, minTimeSec: 0 },
    autoRefresh: false,
    killPlan: null,
    rules: null,
    prometheusYaml: null,
    alertHistory: [],
    pool: { instances: 1, poolSize: 20, maxOverflow: 30, poolRecycleSec: 3600, prePing: true },
    cores: '',
    disks: '1',
    poolAdvice: null,
    busy: null,
    error: null,
    setTab(tab) {
      set({ tab });
      if (tab === 'activity') void get().loadActivity();
      if (tab === 'alerts') {
        void get().loadRules();
        void get().loadAlertHistory();
      }
    },
    async open(connectionId) {
      get().stopLive();
      get().setAutoRefresh(false);
      set({ connectionId, samples: [], active: [], recent: [], activity: null, killPlan: null, poolAdvice: null, error: null });
      await get().loadHistory();
    },
    setInterval(sec) {
      set({ intervalSec: sec });
    },
    async setRange(sec) {
      set({ rangeSec: sec });
      await get().loadHistory();
    },
    async setSource(source, url) {
      set({ source, ...(url !== undefined ? { prometheusUrl: url } : {}), samples: [] });
      await get().loadHistory();
    },
    async loadHistory() {
      const { connectionId, rangeSec, source, prometheusUrl } = get();
      if (!connectionId) return;
      set({ busy: 'history', error: null });
      try {
        if (source === 'prometheus') {
          const r = await api().monitor.prometheusHistory({ source: { url: prometheusUrl }, rangeSec });
          set({ samples: r.samples, bucketSec: r.bucketSec, missing: r.missing, busy: null });
        } else {
          const r = await api().monitor.history({ connectionId, rangeSec });
          set((s) => ({
            samples: mergeSamples(r.samples, s.live ? s.samples.slice(-2) : [], rangeSec, Date.now()),
            bucketSec: r.bucketSec,
            missing: [],
            busy: null,
          }));
        }
      } catch (err) {
        fail(err);
      }
    },
    startLive() {
      if (get().live) return;
      set({ live: true });
      void tick();
    },
    stopLive() {
      set({ live: false });
      if (timer) clearTimeout(timer);
      timer = null;
    },
    async sampleOnce() {
      set({ live: true });
      await tick();
      get().stopLive();
    },
    setFilter(patch) {
      set((s) => ({ filter: { ...s.filter, ...patch } }));
      void get().loadActivity();
    },
    async loadActivity() {
      const { connectionId, filter } = get();
      if (!connectionId) return;
      set({ busy: get().busy ?? 'activity' });
      try {
        const activity = await api().monitor.activity({ connectionId, filter });
        set((s) => ({ activity, busy: s.busy === 'activity' ? null : s.busy, error: null }));
      } catch (err) {
        fail(err);
      }
    },
    setAutoRefresh(on) {
      if (activityTimer) clearInterval(activityTimer);
      activityTimer = on ? setInterval(() => void get().loadActivity(), 3000) : null;
      set({ autoRefresh: on });
    },
    async previewKill(target) {
      const { connectionId } = get();
      if (!connectionId) return;
      await previewFlow(connectionId, killRequest(target), (killPlan) => set({ killPlan }));
    },
    async applyKill(confirmation) {
      const { connectionId, killPlan } = get();
      if (!connectionId || !killPlan) return;
      const done = await applyFlow(connectionId, killPlan, confirmation, (next) => set({ killPlan: next }));
      if (!done.applied) return;
      await get().loadActivity();
      // A killed session rolls its transaction back after KILL returns, so the waits it caused end
      // a moment later: look again shortly, rather than leave the tree as it was at the kill.
      for (const ms of [1000, 3000]) setTimeout(() => void get().loadActivity(), ms);
    },
    cancelKill() {
      set({ killPlan: null });
    },
    async loadRules() {
      try {
        set({ rules: await api().monitor.rules({}) });
      } catch (err) {
        fail(err);
      }
    },
    async saveRulesText(text) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        set({ error: `The rules are not JSON: ${errorMessage(err)}` });
        return false;
      }
      const rules = Array.isArray(parsed) ? parsed : (parsed as { rules?: unknown }).rules;
      if (!Array.isArray(rules)) {
        set({ error: 'Write {"rules": [...]} or a list of rules' });
        return false;
      }
      set({ busy: 'rules', error: null });
      try {
        // The host validates each rule (expression, params, ranges) and says which one is wrong.
        set({ rules: await api().monitor.saveRules({ rules: rules as Rules['rules'] }), busy: null, prometheusYaml: null });
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    },
    async exportRules() {
      try {
        set({ prometheusYaml: (await api().monitor.exportRules({})).yaml });
      } catch (err) {
        fail(err);
      }
    },
    async loadAlertHistory() {
      const { connectionId } = get();
      try {
        set({ alertHistory: await api().monitor.alertHistory({ connectionId: connectionId ?? undefined, limit: 200 }) });
      } catch (err) {
        fail(err);
      }
    },
    setPool(patch) {
      set((s) => ({ pool: { ...s.pool, ...patch } }));
    },
    setPoolField(field, value) {
      set({ [field]: value } as Pick<MonitorState, typeof field>);
    },
    async adviseRun() {
      const { connectionId, pool, cores, disks } = get();
      if (!connectionId) return;
      set({ busy: 'pool', error: null });
      try {
        const c = Number(cores);
        const poolAdvice = await api().monitor.poolAdvice({
          connectionId,
          pool,
          cores: cores.trim() && Number.isInteger(c) && c > 0 ? c : undefined,
          disks: Math.max(1, Math.round(Number(disks) || 1)),
        });
        set({ poolAdvice, busy: null });
      } catch (err) {
        fail(err);
      }
    },
  };
});
