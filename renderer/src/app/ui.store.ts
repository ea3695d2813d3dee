/** App-wide UI state: theme, current panel, active connection, toasts. */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { api, errorMessage } from '../lib/api';

/** Panels of the shell. */
export type PanelId =
  'slow-log' | 'editor' | 'advisor' | 'tuner' | 'connections' | 'maintenance' | 'audit' | 'redis' | 'monitor' | 'partitions' | 'shards' | 'benchmark';

/** A toast. */
export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  text: string;
}

interface UiState {
  theme: 'light' | 'dark';
  panel: PanelId;
  activeConnectionId: string | null;
  toasts: Toast[];
  setTheme(theme: 'light' | 'dark'): void;
  setPanel(panel: PanelId): void;
  /** Chooses the active connection, here and in the workspace (which outlives this page's origin). */
  setActiveConnection(id: string | null): void;
  /** After a reload: takes the workspace's active connection when this page has none. */
  restoreActiveConnection(): Promise<void>;
  toast(kind: Toast['kind'], text: string): void;
  dismiss(id: number): void;
}

let nextToast = 1;

/** Fields that survive a restart; everything else starts fresh. */
const PERSISTED = ['theme', 'activeConnectionId'] as const;

/** The UI store. */
export const useUi = create<UiState>()(
  persist(
    (set, get) => ({
      theme: 'light',
      panel: 'slow-log',
      activeConnectionId: null,
      toasts: [],
      setTheme: (theme) => set({ theme }),
      setPanel: (panel) => set({ panel }),
      setActiveConnection: (activeConnectionId) => {
        set({ activeConnectionId });
        api()
          .connections.setActive({ id: activeConnectionId })
          .catch((err: unknown) => get().toast('error', `Could not remember the active connection: ${errorMessage(err)}`));
      },
      async restoreActiveConnection() {
        const local = get().activeConnectionId;
        const { id } = await api().connections.active({});
        if (local === null && id !== null) set({ activeConnectionId: id });
        else if (local !== null && local !== id) get().setActiveConnection(local);
      },
      toast: (kind, text) => {
        const id = nextToast++;
        set((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, text }] }));
        if (kind !== 'error') setTimeout(() => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), 5000);
      },
      dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
    }),
    {
      name: 'dbw.ui',
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => Object.fromEntries(PERSISTED.map((k) => [k, s[k]])) as Pick<UiState, (typeof PERSISTED)[number]>,
    },
  ),
);
