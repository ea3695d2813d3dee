/** Saved connections and the results of testing them. */
import { create } from 'zustand';
import type { ConnectionInfo, ConnectionInput, Flavor } from '../../../../shared/contract/connections';
import { api, errorMessage } from '../../lib/api';

/** Outcome of the last test of a connection. */
export type TestState =
  | { state: 'testing' }
  | { state: 'ok'; flavor: Flavor; latencyMs: number; serverInfo: Record<string, string> }
  | { state: 'failed'; code: string; message: string };

interface ConnectionsState {
  list: ConnectionInfo[];
  loaded: boolean;
  tests: Record<string, TestState>;
  load(): Promise<void>;
  save(input: ConnectionInput): Promise<ConnectionInfo>;
  remove(id: string): Promise<void>;
  test(id: string): Promise<TestState>;
  /**
   * Tests settings before they are saved, then saves only when the server answered: a failed test
   * saves nothing (`force` saves anyway, on the user's explicit request). Returns what happened.
   */
  testAndSave(input: ConnectionInput, force?: boolean): Promise<{ saved: ConnectionInfo | null; test: TestState }>;
}

/** The connections store. */
export const useConnections = create<ConnectionsState>()((set, get) => ({
  list: [],
  loaded: false,
  tests: {},
  async load() {
    set({ list: await api().connections.list({}), loaded: true });
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
  async testAndSave(input, force = false) {
    let result: TestState;
    try {
      const r = await api().connections.test(input);
      result = { state: 'ok', flavor: r.flavor, latencyMs: r.latencyMs, serverInfo: r.serverInfo };
    } catch (err) {
      result = { state: 'failed', code: (err as { code?: string }).code ?? 'INTERNAL', message: errorMessage(err) };
    }
    if (result.state === 'failed' && !force) return { saved: null, test: result };
    const saved = await api().connections.save(input);
    // The successful test's flavor is remembered by testing the saved connection once more.
    if (result.state === 'ok') await api().connections.test({ id: saved.id });
    set((s) => ({ tests: { ...s.tests, [saved.id]: result } }));
    await get().load();
    return { saved, test: result };
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
