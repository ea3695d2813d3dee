/**
 * The SQL editor's state: tabs (persisted: titles and texts only), the last run's results with a
 * page cache per result (only pages near the viewport stay), EXPLAIN, rewrites and plans.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { AppContract } from '../../../../shared/contract';
import type { OutputOf } from '../../../../shared/contract/core';
import type { ExplainOutcome, HistoryEntry, SchemaInfo, SqlCell, SqlResult } from '../../../../shared/contract/sql.calls';
import { api, errorMessage } from '../../lib/api';
import { analyzeOutputOf } from './analyze-write';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import type { z } from 'zod';
import type { explainAnalyzePlanRequest, sqlPlanRequest } from '../../../../shared/contract/sql.calls';

type SqlPlanRequest = z.infer<typeof sqlPlanRequest>;
type ExplainAnalyzePlanRequest = z.infer<typeof explainAnalyzePlanRequest>;

/** Rows per page fetched from the host. */
export const PAGE_SIZE = 200;
/** Rows a query without LIMIT keeps unless the user changes the cap. */
export const DEFAULT_ROW_CAP = 10_000;
/** Pages kept on each side of the visible one. */
const KEEP_PAGES = 8;

/** An editor tab. */
export interface Tab {
  id: string;
  title: string;
  text: string;
}
/** Live counts of a result still streaming in. */
export interface ResultTotals {
  total: number;
  complete: boolean;
  truncated: boolean;
  elapsedMs: number;
  /** Why the rows stopped before the end (a cap, the host's result memory, a lost connection), or null. */
  note: string | null;
}
/** Server-side sort of a result: the statement re-run wrapped in ORDER BY. */
export interface SortState {
  column: number;
  dir: 'asc' | 'desc';
}
type Compare = OutputOf<AppContract, 'explain.compareRewrite'>;

interface EditorState {
  tabs: Tab[];
  activeTab: string;
  running: string | null;
  runStartedAt: number | null;
  results: SqlResult[];
  activeResult: number;
  totals: Record<string, ResultTotals>;
  pages: Record<string, Record<number, SqlCell[][]>>;
  sort: SortState | null;
  /** Rows kept of a query without LIMIT (the LIMIT guard), or null for none; persisted. */
  rowCap: number | null;
  setRowCap(rowCap: number | null): void;
  lastSql: { sql: string; connectionId: string; database?: string } | null;
  error: string | null;
  schemaInfo: SchemaInfo | null;
  schemaFor: string | null;
  history: HistoryEntry[];
  explain: ExplainOutcome | null;
  explainBusy: boolean;
  compare: Compare | null;
  compareBusy: boolean;
  /** A write statement as a plan (the app's one preview → apply flow). */
  plan: PlanFlow<SqlPlanRequest> | null;
  /** ANALYZE of a write: its rolled-back plan, previewed, then confirmed. */
  analyzeWrite: PlanFlow<ExplainAnalyzePlanRequest> | null;
  addTab(): void;
  /** Opens `text` in a new tab (hand-off from another panel); `view` is the lower pane to show first. */
  openInNewTab(text: string, title: string, view?: 'results' | 'explain'): void;
  /** The lower pane another panel asked for; the editor takes it once when it mounts. */
  pendingView: 'results' | 'explain' | null;
  takePendingView(): 'results' | 'explain' | null;
  closeTab(id: string): void;
  selectTab(id: string): void;
  setText(text: string): void;
  run(connectionId: string, sql: string, database?: string, sort?: SortState | null): Promise<void>;
  cancel(): Promise<void>;
  selectResult(i: number): void;
  ensureRows(resultId: string, from: number, to: number): Promise<void>;
  sortBy(column: number): Promise<void>;
  loadSchema(connectionId: string, refresh?: boolean): Promise<void>;
  loadHistory(connectionId: string | null, search: string): Promise<void>;
  format(dialect: 'mysql' | 'mariadb'): Promise<void>;
  runExplain(connectionId: string, sql: string, mode: 'json' | 'json-v2' | 'tree' | 'analyze'): Promise<void>;
  parseExplain(text: string, sql: string): Promise<void>;
  compareRewrite(connectionId: string, sql: string, rewrite: string): Promise<void>;
  applyRewrite(sql: string): void;
  previewPlan(connectionId: string, sql: string): Promise<void>;
  applyPlan(connectionId: string, confirmation?: string): Promise<void>;
  closePlan(): void;
  previewAnalyzeWrite(connectionId: string, sql: string): Promise<void>;
  applyAnalyzeWrite(connectionId: string, confirmation?: string): Promise<void>;
  closeAnalyzeWrite(): void;
}

const newTab = (n: number, text = ''): Tab => ({ id: `t${Date.now().toString(36)}${n}`, title: `Query ${n}`, text });
const first = newTab(1, 'SELECT 1;');
const inflight = new Set<string>();

/** Sorting happens on the server: the statement is wrapped so ORDER BY sees every row, not just the loaded pages. */
export function sortedSql(sql: string, sort: SortState | null): string {
  if (!sort) return sql;
  return `SELECT * FROM (\n${sql.trim().replace(/;\s*$/, '')}\n) AS sorted_result ORDER BY ${sort.column + 1} ${sort.dir === 'asc' ? 'ASC' : 'DESC'}`;
}

/** Newer counts win: pages can come back out of order while rows stream in. */
function mergeTotals(known: ResultTotals | undefined, page: OutputOf<AppContract, 'sql.page'>): ResultTotals {
  if (known?.complete) return known;
  return {
    total: Math.max(known?.total ?? 0, page.totalRows),
    complete: page.complete,
    truncated: page.truncated,
    elapsedMs: page.elapsedMs,
    note: page.error?.message ?? page.truncatedReason,
  };
}

/** Follows a result that is still streaming: each call returns once 5 000 more rows (or the end) are buffered. */
async function trackTotals(resultId: string): Promise<void> {
  for (;;) {
    const known = useEditor.getState().totals[resultId];
    if (!known || known.complete) return;
    try {
      const page = await api().sql.page({ resultId, offset: known.total + 4999, limit: 1 });
      if (!useEditor.getState().totals[resultId]) return;
      useEditor.setState((s) => ({ totals: { ...s.totals, [resultId]: mergeTotals(s.totals[resultId], page) } }));
    } catch (err) {
      // The rows stopped with an error (a lost connection): the count is final, and says why.
      useEditor.setState((s) => {
        const t = s.totals[resultId];
        return t ? { totals: { ...s.totals, [resultId]: { ...t, complete: true, note: errorMessage(err) } } } : {};
      });
      return;
    }
  }
}

/** The editor store. */
export const useEditor = create<EditorState>()(
  persist(
    (set, get) => ({
      tabs: [first],
      activeTab: first.id,
      running: null,
      runStartedAt: null,
      results: [],
      activeResult: 0,
      totals: {},
      pages: {},
      sort: null,
      rowCap: DEFAULT_ROW_CAP,
      setRowCap: (rowCap) => set({ rowCap }),
      lastSql: null,
      error: null,
      schemaInfo: null,
      schemaFor: null,
      history: [],
      explain: null,
      explainBusy: false,
      compare: null,
      compareBusy: false,
      plan: null,
      analyzeWrite: null,
      addTab() {
        const tab = newTab(get().tabs.length + 1);
        set((s) => ({ tabs: [...s.tabs, tab], activeTab: tab.id }));
      },
      pendingView: null,
      openInNewTab(text, title, view = 'results') {
        const tab = { ...newTab(get().tabs.length + 1, text), title };
        set((s) => ({ tabs: [...s.tabs, tab], activeTab: tab.id, pendingView: view }));
      },
      takePendingView() {
        const v = get().pendingView;
        if (v) set({ pendingView: null });
        return v;
      },
      closeTab(id) {
        const tabs = get().tabs.filter((t) => t.id !== id);
        const next = tabs.length ? tabs : [newTab(1)];
        set({ tabs: next, activeTab: get().activeTab === id ? next[0]!.id : get().activeTab });
      },
      selectTab: (activeTab) => set({ activeTab }),
      setText(text) {
        set((s) => ({ tabs: s.tabs.map((t) => (t.id === s.activeTab ? { ...t, text } : t)) }));
      },
      async run(connectionId, sql, database, sort = null) {
        const previous = get().running;
        if (previous) return;
        const runId = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
        const old = get().results[0]?.resultId?.split(':')[0];
        if (old)
          void api()
            .sql.release({ runId: old })
            .catch(() => undefined);
        set({
          running: runId,
          runStartedAt: performance.now(),
          error: null,
          results: [],
          totals: {},
          pages: {},
          activeResult: 0,
          sort,
          plan: null,
          lastSql: { sql, connectionId, database },
        });
        try {
          const out = await api().sql.run({ connectionId, sql: sortedSql(sql, sort), database, pageSize: PAGE_SIZE, runId, rowCap: get().rowCap });
          const totals: Record<string, ResultTotals> = {};
          const pages: Record<string, Record<number, SqlCell[][]>> = {};
          for (const r of out.results) {
            if (!r.resultId) continue;
            totals[r.resultId] = {
              total: r.totalRows,
              complete: r.complete,
              truncated: r.truncated,
              elapsedMs: r.elapsedMs,
              note: r.error?.message ?? r.truncatedReason,
            };
            pages[r.resultId] = { 0: r.rows };
          }
          const failed = out.results.findIndex((r) => r.error);
          set({ results: out.results, totals, pages, running: null, activeResult: failed >= 0 ? failed : 0 });
          for (const r of out.results) if (r.resultId && !r.complete) void trackTotals(r.resultId);
        } catch (err) {
          set({ error: errorMessage(err), running: null });
        }
      },
      async cancel() {
        const runId = get().running ?? get().results[0]?.resultId?.split(':')[0];
        if (runId)
          await api()
            .sql.cancel({ runId })
            .catch((err) => set({ error: errorMessage(err) }));
      },
      selectResult: (activeResult) => set({ activeResult }),
      async ensureRows(resultId, from, to) {
        const firstPage = Math.floor(from / PAGE_SIZE);
        const lastPage = Math.floor(Math.max(from, to - 1) / PAGE_SIZE);
        const fetches: Promise<void>[] = [];
        for (let p = firstPage; p <= lastPage; p++) {
          const key = `${resultId}#${p}`;
          if (get().pages[resultId]?.[p] || inflight.has(key)) continue;
          const known = get().totals[resultId];
          if (known?.complete && p * PAGE_SIZE >= known.total) continue;
          inflight.add(key);
          fetches.push(
            api()
              .sql.page({ resultId, offset: p * PAGE_SIZE, limit: PAGE_SIZE })
              .then((page) => {
                set((s) => {
                  const kept: Record<number, SqlCell[][]> = {};
                  for (const [k, rows] of Object.entries(s.pages[resultId] ?? {}))
                    if (Math.abs(Number(k) - p) <= KEEP_PAGES || Number(k) === 0) kept[Number(k)] = rows;
                  kept[p] = page.rows;
                  return {
                    pages: { ...s.pages, [resultId]: kept },
                    totals: { ...s.totals, [resultId]: mergeTotals(s.totals[resultId], page) },
                  };
                });
              })
              .catch((err: unknown) => {
                set({ error: errorMessage(err) });
              })
              .finally(() => inflight.delete(key)),
          );
        }
        await Promise.all(fetches);
      },
      async sortBy(column) {
        const { lastSql, sort } = get();
        if (!lastSql) return;
        const next: SortState | null = sort?.column === column ? (sort.dir === 'asc' ? { column, dir: 'desc' } : null) : { column, dir: 'asc' };
        await get().run(lastSql.connectionId, lastSql.sql, lastSql.database, next);
      },
      async loadSchema(connectionId, refresh = false) {
        try {
          set({ schemaInfo: await api().sql.schemaInfo({ connectionId, refresh }), schemaFor: connectionId });
        } catch (err) {
          set({ error: errorMessage(err), schemaFor: connectionId });
        }
      },
      async loadHistory(connectionId, search) {
        try {
          set({ history: await api().sql.history({ connectionId, search, limit: 100 }) });
        } catch (err) {
          set({ error: errorMessage(err) });
        }
      },
      async format(dialect) {
        const tab = get().tabs.find((t) => t.id === get().activeTab);
        if (!tab?.text.trim()) return;
        try {
          get().setText((await api().sql.format({ sql: tab.text, dialect })).sql);
        } catch (err) {
          set({ error: errorMessage(err) });
        }
      },
      async runExplain(connectionId, sql, mode) {
        set({ explainBusy: true, error: null, compare: null, analyzeWrite: null });
        try {
          set({ explain: await api().explain.run({ connectionId, sql, mode }), explainBusy: false });
        } catch (err) {
          set({ error: errorMessage(err), explainBusy: false });
        }
      },
      async parseExplain(text, sql) {
        set({ explainBusy: true, error: null, compare: null });
        try {
          set({ explain: await api().explain.parse({ text, sql }), explainBusy: false });
        } catch (err) {
          set({ error: errorMessage(err), explainBusy: false });
        }
      },
      async compareRewrite(connectionId, sql, rewrite) {
        set({ compareBusy: true, error: null });
        try {
          set({ compare: await api().explain.compareRewrite({ connectionId, sql, rewrite }), compareBusy: false });
        } catch (err) {
          set({ error: errorMessage(err), compareBusy: false });
        }
      },
      applyRewrite(sql) {
        get().setText(sql);
      },
      async previewPlan(connectionId, sql) {
        await previewFlow(connectionId, { planner: 'sql-statement', params: { sql } }, (plan) => set({ plan }));
      },
      async applyPlan(connectionId, confirmation) {
        const plan = get().plan;
        if (plan) await applyFlow(connectionId, plan, confirmation, (next) => set({ plan: next }));
      },
      closePlan: () => set({ plan: null }),
      async previewAnalyzeWrite(connectionId, sql) {
        set({ explain: null, compare: null, error: null });
        await previewFlow(connectionId, { planner: 'explain-analyze', params: { sql } }, (analyzeWrite) => set({ analyzeWrite }));
      },
      async applyAnalyzeWrite(connectionId, confirmation) {
        const aw = get().analyzeWrite;
        if (!aw) return;
        const done = await applyFlow(connectionId, aw, confirmation, (analyzeWrite) => set({ analyzeWrite }));
        if (!done.applied || done.error) return;
        const sql = aw.request.params.sql;
        const out = analyzeOutputOf(done.applied);
        if ('error' in out) {
          set({ analyzeWrite: { ...done, error: out.error } });
          return;
        }
        try {
          const parsed = await api().explain.parse({ text: out.text, sql, connectionId });
          set({ explain: { ...parsed, explainSql: out.explainSql } });
        } catch (err) {
          set({ analyzeWrite: { ...done, error: errorMessage(err) } });
        }
      },
      closeAnalyzeWrite: () => set({ analyzeWrite: null }),
    }),
    {
      name: 'dbw.editor',
      storage: createJSONStorage(() => localStorage),
      // Persisted: tab titles and texts, and the row cap. Results, plans and caches start fresh.
      partialize: (s) => ({ tabs: s.tabs.map((t) => ({ title: t.title, text: t.text })), rowCap: s.rowCap }),
      merge: (persisted, current) => {
        const p = persisted as { tabs?: Array<{ title: string; text: string }>; rowCap?: number | null } | undefined;
        const rowCap = p?.rowCap === undefined ? current.rowCap : p.rowCap;
        const saved = p?.tabs;
        if (!saved?.length) return { ...current, rowCap };
        const tabs = saved.map((t, i) => ({ ...newTab(i + 1, t.text), title: t.title }));
        return { ...current, tabs, activeTab: tabs[0]!.id, rowCap };
      },
    },
  ),
);
