/** The audit log as the renderer shows it. */
import { create } from 'zustand';
import type { AuditEntry } from '../../../../shared/contract/actions';
import { api, errorMessage } from '../../lib/api';

interface AuditState {
  entries: AuditEntry[];
  error: string | null;
  load(connectionId?: string): Promise<void>;
}

/** The audit store. */
export const useAudit = create<AuditState>()((set) => ({
  entries: [],
  error: null,
  async load(connectionId) {
    try {
      set({ entries: await api().audit.list({ connectionId, limit: 500 }), error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
}));
