/**
 * The replication tabs' state: the active connection's replication status with its lag history
 * (read once, or every 2 s while watching), an optional source connection to count missing
 * transactions; and the read/write split advice from a pasted slow log or the live server, with
 * the export being viewed.
 */
import { create } from 'zustand';
import type { LagPoint, ReplicationStatus, RwSplitAdvice } from '../../../../shared/contract/replication';
import { api, errorMessage } from '../../lib/api';

/** How often the tab reads while watching. */
export const WATCH_INTERVAL_MS = 2000;

interface ReplicationState {
  connectionId: string | null;
  sourceConnectionId: string | null;
  status: ReplicationStatus | null;
  history: LagPoint[];
  watching: boolean;
  busy: boolean;
  error: string | null;
  setSource(id: string | null): void;
  refresh(connectionId: string): Promise<void>;
  setWatching(on: boolean): void;
  reset(): void;
}

/** Replication status state. */
export const useReplication = create<ReplicationState>((set, get) => ({
  connectionId: null,
  sourceConnectionId: null,
  status: null,
  history: [],
  watching: false,
  busy: false,
  error: null,
  setSource: (id) => set({ sourceConnectionId: id }),
  refresh: async (connectionId) => {
    if (get().busy) return;
    if (get().connectionId !== connectionId) set({ connectionId, status: null, history: [] });
    set({ busy: true, error: null });
    try {
      const r = await api().replication.status({ connectionId, sourceConnectionId: get().sourceConnectionId ?? undefined });
      if (get().connectionId === connectionId) set({ status: r.status, history: r.history });
    } catch (e) {
      set({ error: errorMessage(e), watching: false });
    } finally {
      set({ busy: false });
    }
  },
  setWatching: (on) => set({ watching: on }),
  reset: () => set({ connectionId: null, sourceConnectionId: null, status: null, history: [], watching: false, busy: false, error: null }),
}));

interface RwSplitState {
  source: 'slowlog' | 'connection';
  logText: string;
  windowMs: number;
  readSloMs: number;
  maxLagSec: number;
  advice: RwSplitAdvice | null;
  exportFormat: 'proxysql' | 'shardingsphere';
  busy: boolean;
  error: string | null;
  setSource(source: RwSplitState['source']): void;
  setLogText(text: string): void;
  setOptions(o: Partial<Pick<RwSplitState, 'windowMs' | 'readSloMs' | 'maxLagSec'>>): void;
  setExportFormat(f: RwSplitState['exportFormat']): void;
  advise(connectionId: string | null): Promise<void>;
  reset(): void;
}

/** Read/write split advisor state. */
export const useRwSplit = create<RwSplitState>((set, get) => ({
  source: 'slowlog',
  logText: '',
  windowMs: 1000,
  readSloMs: 200,
  maxLagSec: 5,
  advice: null,
  exportFormat: 'proxysql',
  busy: false,
  error: null,
  setSource: (source) => set({ source }),
  setLogText: (logText) => set({ logText }),
  setOptions: (o) => set(o),
  setExportFormat: (exportFormat) => set({ exportFormat }),
  advise: async (connectionId) => {
    const s = get();
    if (s.source === 'connection' && !connectionId) {
      set({ error: 'Choose a MySQL or MariaDB connection first, or paste a slow log.' });
      return;
    }
    if (s.source === 'slowlog' && !s.logText.trim()) {
      set({ error: 'Paste a slow log (written with long_query_time = 0) first.' });
      return;
    }
    set({ busy: true, error: null });
    try {
      const advice = await api().rwsplit.advise({
        source: s.source === 'connection' ? { kind: 'connection', connectionId: connectionId! } : { kind: 'slowlog-text', text: s.logText },
        options: { windowMs: s.windowMs, readSloMs: s.readSloMs, maxReplicationLagSec: s.maxLagSec },
      });
      set({ advice });
    } catch (e) {
      set({ error: errorMessage(e) });
    } finally {
      set({ busy: false });
    }
  },
  reset: () => set({ source: 'slowlog', logText: '', advice: null, busy: false, error: null, exportFormat: 'proxysql' }),
}));
