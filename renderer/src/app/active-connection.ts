/** The connection chosen in the top bar, as saved (null when offline or when it was removed). */
import type { ConnectionInfo } from '../../../shared/contract/connections';
import { useConnections } from '../features/connections/connections.store';
import { useUi } from './ui.store';

/** The active connection, re-rendering only when it (not the rest of the list) changes. */
export function useActiveConnection(): ConnectionInfo | null {
  const id = useUi((s) => s.activeConnectionId);
  return useConnections((s) => s.list.find((c) => c.id === id) ?? null);
}
