/** The audit log as the renderer shows it: entries, the filters, and a rollback planned from an entry. */
import { create } from 'zustand';
import type { z } from 'zod';
import type { AuditEntry } from '../../../../shared/contract/actions';
import type { sqlPlanRequest } from '../../../../shared/contract/sql.calls';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';
import { NO_FILTER, type AuditFilter } from './audit.filter';

type RollbackRequest = z.infer<typeof sqlPlanRequest>;

interface AuditState {
  entries: AuditEntry[];
  error: string | null;
  filter: AuditFilter;
  /** The rollback of one entry, previewed then applied through the executor like any plan. */
  rollback: (PlanFlow<RollbackRequest> & { entryId: number; connectionId: string }) | null;
  load(): Promise<void>;
  setFilter(patch: Partial<AuditFilter>): void;
  previewRollback(entry: AuditEntry): Promise<void>;
  applyRollback(confirmation: string | undefined): Promise<void>;
  closeRollback(): void;
}

/** The audit store. */
export const useAudit = create<AuditState>()((set, get) => ({
  entries: [],
  error: null,
  filter: NO_FILTER,
  rollback: null,
  async load() {
    try {
      set({ entries: await api().audit.list({ limit: 1000 }), error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  async previewRollback(entry) {
    if (!entry.rollback) return;
    const request: RollbackRequest = { planner: 'sql-statement', params: { sql: entry.rollback, rollbackOf: entry.id } };
    await previewFlow(entry.connectionId, request, (flow) => set({ rollback: { ...flow, entryId: entry.id, connectionId: entry.connectionId } }));
  },
  async applyRollback(confirmation) {
    const rb = get().rollback;
    if (!rb) return;
    const done = await applyFlow(rb.connectionId, rb, confirmation, (flow) =>
      set({ rollback: { ...flow, entryId: rb.entryId, connectionId: rb.connectionId } }),
    );
    // The rollback is audited too: show it.
    if (done.applied) await get().load();
  },
  closeRollback: () => set({ rollback: null }),
}));
