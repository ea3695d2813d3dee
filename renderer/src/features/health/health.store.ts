/** Table health: a database's tables with their fragmentation, statistics age and estimate error, and the ANALYZE / OPTIMIZE plan for one. */
import { create } from 'zustand';
import type { AppContract } from '../../../../shared/contract';
import type { OutputOf } from '../../../../shared/contract/core';
import type { TableHealth } from '../../../../shared/contract/health';
import { api, errorMessage } from '../../lib/api';

type Preview = OutputOf<AppContract, 'actions.preview'>;
type Applied = OutputOf<AppContract, 'actions.apply'>;
type Op = 'analyze' | 'optimize';

interface HealthState {
  connectionId: string | null;
  schema: string;
  tables: TableHealth[];
  choice: { schema: string; table: string; op: Op } | null;
  preview: Preview | null;
  applied: Applied | null;
  busy: 'tables' | 'preview' | 'apply' | null;
  progress: string | null;
  error: string | null;
  setSchema(schema: string): void;
  load(connectionId: string): Promise<void>;
  plan(table: string, op: Op): Promise<void>;
  apply(confirmation: string | undefined): Promise<void>;
  reset(): void;
}

const request = (c: { schema: string; table: string; op: Op }) => ({
  planner: 'analyze-table' as const,
  params: { tables: [{ schema: c.schema, table: c.table }], op: c.op },
});

const initial = { connectionId: null, schema: '', tables: [], choice: null, preview: null, applied: null, busy: null, progress: null, error: null } as const;

/** The health store. */
export const useHealth = create<HealthState>()((set, get) => ({
  ...initial,
  tables: [],
  setSchema(schema) {
    set({ schema });
  },
  async load(connectionId) {
    const schema = get().schema.trim();
    if (!schema) return;
    set({ connectionId, busy: 'tables', error: null, choice: null, preview: null, applied: null });
    try {
      set({ tables: await api().health.tables({ connectionId, schema }), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  async plan(table, op) {
    const { connectionId, schema } = get();
    if (!connectionId) return;
    const choice = { schema: schema.trim(), table, op };
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
    set({ busy: 'apply', error: null, progress: 'Starting…' });
    try {
      const applied = await api().actions.apply(
        { connectionId, request: request(choice), planHash: preview.plan.hash, confirmation },
        { onProgress: (e) => set({ progress: e.message ?? `${e.done}/${e.total}` }) },
      );
      set({ applied, busy: null, progress: null });
      await get().load(connectionId);
      set({ choice, preview, applied });
    } catch (err) {
      set({ error: errorMessage(err), busy: null, progress: null });
    }
  },
  reset() {
    set({ ...initial, tables: [] });
  },
}));
