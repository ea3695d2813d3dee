/**
 * The Shard plan tab's state: the schema and workload it plans from (the co-writing example, or the
 * active connection's database, whose skew is then counted on the server), the number of shards,
 * and the plan with its checked exports.
 */
import { create } from 'zustand';
import type { ShardExport, ShardExportKind, ShardPlan } from '../../../../shared/contract/shards';
import { api, errorMessage } from '../../lib/api';

interface ShardPlanState {
  schemaSql: string;
  workloadSql: string;
  database: string;
  shards: number;
  plan: ShardPlan | null;
  exports: ShardExport[];
  shown: ShardExportKind;
  busy: 'example' | 'plan' | null;
  error: string | null;
  setSchema(sql: string): void;
  setWorkload(sql: string): void;
  setDatabase(db: string): void;
  setShards(n: number): void;
  show(kind: ShardExportKind): void;
  loadExample(): Promise<void>;
  runPlan(connectionId: string | null): Promise<void>;
}

/** The Shard plan tab's store. */
export const useShardPlan = create<ShardPlanState>((set, get) => ({
  schemaSql: '',
  workloadSql: '',
  database: 'cowrite',
  shards: 4,
  plan: null,
  exports: [],
  shown: 'vitess',
  busy: null,
  error: null,
  setSchema: (schemaSql) => set({ schemaSql }),
  setWorkload: (workloadSql) => set({ workloadSql }),
  setDatabase: (database) => set({ database }),
  setShards: (shards) => set({ shards }),
  show: (shown) => set({ shown }),
  async loadExample() {
    set({ busy: 'example', error: null });
    try {
      const ex = await api().advisor.example({});
      set({ schemaSql: ex.schemaSql, workloadSql: ex.workloadSql });
    } catch (e) {
      set({ error: errorMessage(e) });
    } finally {
      set({ busy: null });
    }
  },
  async runPlan(connectionId) {
    const s = get();
    set({ busy: 'plan', error: null });
    try {
      const schema = connectionId ? { kind: 'connection' as const, connectionId, database: s.database } : { kind: 'ddl' as const, text: s.schemaSql };
      const r = await api().shards.plan({ schema, workload: { kind: 'script', text: s.workloadSql }, shards: s.shards });
      set({ plan: r.plan, exports: r.exports });
    } catch (e) {
      set({ error: errorMessage(e) });
    } finally {
      set({ busy: null });
    }
  },
}));
