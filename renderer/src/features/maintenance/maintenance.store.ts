/** Maintenance plans (ANALYZE TABLE): table choice, then the plan's preview and apply with progress. */
import { create } from 'zustand';
import type { PlanRequest } from '../../../../shared/contract/actions';
import type { TableSummary } from '../../../../shared/contract/schema';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';

type AnalyzeRequest = Extract<PlanRequest, { planner: 'analyze-table' }>;

interface MaintenanceState {
  connectionId: string | null;
  tables: TableSummary[];
  selected: string[];
  /** The ANALYZE plan of the selection, once previewed. */
  plan: PlanFlow<AnalyzeRequest> | null;
  /** Reading the table list. */
  busy: 'tables' | null;
  progress: string | null;
  /** Why the table list could not be read. */
  error: string | null;
  loadTables(connectionId: string): Promise<void>;
  toggle(key: string): void;
  selectAll(on: boolean): void;
  runPreview(): Promise<void>;
  apply(confirmation: string | undefined): Promise<void>;
  reset(): void;
}

const keyOf = (t: { schema: string; table: string }) => `${t.schema}.${t.table}`;

function request(state: Pick<MaintenanceState, 'tables' | 'selected'>): AnalyzeRequest {
  const chosen = state.tables.filter((t) => state.selected.includes(keyOf(t)));
  return { planner: 'analyze-table', params: { tables: chosen.map((t) => ({ schema: t.schema, table: t.table })) } };
}

const initial = { connectionId: null, plan: null, busy: null, progress: null, error: null } as const;

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
    set({ selected: s.includes(key) ? s.filter((k) => k !== key) : [...s, key], plan: null });
  },
  selectAll(on) {
    set({ selected: on ? get().tables.map(keyOf) : [], plan: null });
  },
  async runPreview() {
    const { connectionId } = get();
    if (!connectionId) return;
    await previewFlow(connectionId, request(get()), (plan) => set({ plan }));
  },
  async apply(confirmation) {
    const { connectionId, plan } = get();
    if (!connectionId || !plan) return;
    set({ progress: 'Starting…' });
    await applyFlow(connectionId, plan, confirmation, (next) => set({ plan: next }), {
      onProgress: (e) => set({ progress: e.message ?? `${e.done}/${e.total}` }),
    });
    set({ progress: null });
  },
  reset() {
    set({ ...initial, tables: [], selected: [] });
  },
}));
