/** Saved connections and the results of testing them. */
import { create } from 'zustand';
import type { ConnectionInfo, ConnectionInput, Flavor, SecretKeyStatus } from '../../../../shared/contract/connections';
import { api, errorMessage } from '../../lib/api';

/** Outcome of the last test of a connection. */
export type TestState =
  | { state: 'testing' }
  | { state: 'ok'; flavor: Flavor; latencyMs: number; serverInfo: Record<string, string> }
  | { state: 'failed'; code: string; message: string };

interface ConnectionsState {
  list: ConnectionInfo[];
  loaded: boolean;
  /** Whether saved secrets still open with the host's key; a banner when they do not. */
  keyStatus: SecretKeyStatus | null;
  tests: Record<string, TestState>;
  load(): Promise<void>;
  save(input: ConnectionInput): Promise<ConnectionInfo>;
  remove(id: string): Promise<void>;
  test(id: string): Promise<TestState>;
}

/** The connections store. */
export const useConnections = create<ConnectionsState>()((set, get) => ({
  list: [],
  loaded: false,
  keyStatus: null,
  tests: {},
  async load() {
    const [list, keyStatus] = await Promise.all([api().connections.list({}), api().connections.keyStatus({})]);
    set({ list, keyStatus, loaded: true });
  },
  async save(input) {
    const saved = await api().connections.save(input);
    await get().load();
    return saved;
  },
  async remove(id) {
    await api().connections.remove({ id });
    const { [id]: _gone, ...tests } = get().tests;
    set({ tests });
    await get().load();
  },
  async test(id) {
    set((s) => ({ tests: { ...s.tests, [id]: { state: 'testing' } } }));
    let result: TestState;
    try {
      const r = await api().connections.test({ id });
      result = { state: 'ok', flavor: r.flavor, latencyMs: r.latencyMs, serverInfo: r.serverInfo };
      await get().load();
    } catch (err) {
      result = { state: 'failed', code: (err as { code?: string }).code ?? 'INTERNAL', message: errorMessage(err) };
    }
    set((s) => ({ tests: { ...s.tests, [id]: result } }));
    return result;
  },
}));
