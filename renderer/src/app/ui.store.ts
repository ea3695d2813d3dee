/** App-wide UI state: theme, current panel, active connection, toasts. */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/** Panels of the shell. */
export type PanelId = 'slow-log' | 'editor' | 'advisor' | 'tuner' | 'connections' | 'maintenance' | 'audit' | 'partitions';

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
  setActiveConnection(id: string | null): void;
  toast(kind: Toast['kind'], text: string): void;
  dismiss(id: number): void;
}

let nextToast = 1;

/** Fields that survive a restart; everything else starts fresh. */
const PERSISTED = ['theme', 'activeConnectionId'] as const;

/** The UI store. */
export const useUi = create<UiState>()(
  persist(
    (set) => ({
      theme: 'light',
      panel: 'slow-log',
      activeConnectionId: null,
      toasts: [],
      setTheme: (theme) => set({ theme }),
      setPanel: (panel) => set({ panel }),
      setActiveConnection: (activeConnectionId) => set({ activeConnectionId }),
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
