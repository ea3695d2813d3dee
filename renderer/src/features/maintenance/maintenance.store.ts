/** Maintenance plans (ANALYZE TABLE): table choice, preview, apply with progress. */
import { create } from 'zustand';
import type { InputOf, OutputOf } from '../../../../shared/contract/core';
import type { AppContract } from '../../../../shared/contract';
import type { TableSummary } from '../../../../shared/contract/schema';
import { api, errorMessage } from '../../lib/api';

type Preview = OutputOf<AppContract, 'actions.preview'>;
type Applied = OutputOf<AppContract, 'actions.apply'>;
type Request = InputOf<AppContract, 'actions.preview'>['request'];

interface MaintenanceState {
  connectionId: string | null;
  tables: TableSummary[];
  selected: string[];
  preview: Preview | null;
  applied: Applied | null;
  busy: 'tables' | 'preview' | 'apply' | null;
  progress: string | null;
  error: string | null;
  loadTables(connectionId: string): Promise<void>;
  toggle(key: string): void;
  selectAll(on: boolean): void;
  runPreview(): Promise<void>;
  apply(confirmation: string | undefined): Promise<void>;
  reset(): void;
}

const keyOf = (t: { schema: string; table: string }) => `${t.schema}.${t.table}`;

function request(state: Pick<MaintenanceState, 'tables' | 'selected'>): Request {
  const chosen = state.tables.filter((t) => state.selected.includes(keyOf(t)));
  return { planner: 'analyze-table', params: { tables: chosen.map((t) => ({ schema: t.schema, table: t.table })) } };
}

const initial = { connectionId: null, tables: [], selected: [], preview: null, applied: null, busy: null, progress: null, error: null } as const;

/** The maintenance store. */
export const useMaintenance = create<MaintenanceState>()((set, get) => ({
  ...initial,
  tables: [],
  selected: [],
  async loadTables(connectionId) {
    set({ ...initial, tables: [], selected: [], connectionId, busy: 'tables' });
    try {
      set({ tables: await api().schema.tables({ connectionId }), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  toggle(key) {
    const s = get().selected;
    set({ selected: s.includes(key) ? s.filter((k) => k !== key) : [...s, key], preview: null, applied: null });
  },
  selectAll(on) {
    set({ selected: on ? get().tables.map(keyOf) : [], preview: null, applied: null });
  },
  async runPreview() {
    const { connectionId } = get();
    if (!connectionId) return;
    set({ busy: 'preview', error: null, applied: null });
    try {
      set({ preview: await api().actions.preview({ connectionId, request: request(get()) }), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  async apply(confirmation) {
    const { connectionId, preview } = get();
    if (!connectionId || !preview) return;
    set({ busy: 'apply', error: null, progress: 'Starting…' });
    try {
      const applied = await api().actions.apply(
        { connectionId, request: request(get()), planHash: preview.plan.hash, confirmation },
        { onProgress: (e) => set({ progress: e.message ?? `${e.done}/${e.total}` }) },
      );
      set({ applied, busy: null, progress: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null, progress: null });
    }
  },
  reset() {
    set({ ...initial, tables: [], selected: [] });
  },
}));
