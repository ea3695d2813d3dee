/** Saved connections and the results of testing them. */
import { create } from 'zustand';
import type { ConnectionInfo, ConnectionInput, Flavor, SecretKeyStatus } from '../../../../shared/contract/connections';
import type { OutputOf } from '../../../../shared/contract/core';
import type { AppContract } from '../../../../shared/contract';
import type { ReadOnlyAccountParams } from '../../../../shared/contract/read-only-account';
import { api, errorMessage } from '../../lib/api';

/** Outcome of the last test of a connection. */
export type TestState =
  | { state: 'testing' }
  | { state: 'ok'; flavor: Flavor; latencyMs: number; serverInfo: Record<string, string> }
  | { state: 'failed'; code: string; message: string };

/** The read-only account plan of one connection: its parameters, preview and outcome. */
export interface AccountPlanState {
  connectionId: string;
  params: ReadOnlyAccountParams;
  preview: OutputOf<AppContract, 'actions.preview'> | null;
  applied: OutputOf<AppContract, 'actions.apply'> | null;
  busy: 'preview' | 'apply' | null;
  progress: string | null;
  error: string | null;
}

interface ConnectionsState {
  list: ConnectionInfo[];
  loaded: boolean;
  /** Whether saved secrets still open with the host's key; a banner when they do not. */
  keyStatus: SecretKeyStatus | null;
  tests: Record<string, TestState>;
  /** The read-only account plan being prepared, on one connection at a time. */
  account: AccountPlanState | null;
  load(): Promise<void>;
  save(input: ConnectionInput): Promise<ConnectionInfo>;
  remove(id: string): Promise<void>;
  test(id: string): Promise<TestState>;
  openAccount(connectionId: string): void;
  editAccount(params: Partial<ReadOnlyAccountParams>): void;
  previewAccount(): Promise<void>;
  applyAccount(confirmation: string | undefined): Promise<void>;
  closeAccount(): void;
  /**
   * Tests settings before they are saved, then saves only when the server answered: a failed test
   * saves nothing (`force` saves anyway, on the user's explicit request). Returns what happened.
   */
  testAndSave(input: ConnectionInput, force?: boolean): Promise<{ saved: ConnectionInfo | null; test: TestState }>;
}

/** A random password for a new account (20 characters from 120 bits). */
export function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(15));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/** The connections store. */
export const useConnections = create<ConnectionsState>()((set, get) => ({
  list: [],
  loaded: false,
  keyStatus: null,
  tests: {},
  account: null,
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
  openAccount(connectionId) {
    set({
      account: {
        connectionId,
        params: { user: 'dbw_reader', host: '%', password: randomPassword() },
        preview: null,
        applied: null,
        busy: null,
        progress: null,
        error: null,
      },
    });
  },
  editAccount(params) {
    const a = get().account;
    if (a) set({ account: { ...a, params: { ...a.params, ...params }, preview: null, applied: null, error: null } });
  },
  async previewAccount() {
    const a = get().account;
    if (!a) return;
    const patch = (p: Partial<AccountPlanState>) => set((s) => ({ account: s.account && { ...s.account, ...p } }));
    patch({ busy: 'preview', error: null, applied: null });
    try {
      const preview = await api().actions.preview({ connectionId: a.connectionId, request: { planner: 'read-only-account', params: a.params } });
      patch({ preview, busy: null });
    } catch (err) {
      patch({ preview: null, error: errorMessage(err), busy: null });
    }
  },
  async applyAccount(confirmation) {
    const a = get().account;
    if (!a?.preview) return;
    const patch = (p: Partial<AccountPlanState>) => set((s) => ({ account: s.account && { ...s.account, ...p } }));
    patch({ busy: 'apply', error: null, progress: 'Starting…' });
    try {
      const applied = await api().actions.apply(
        { connectionId: a.connectionId, request: { planner: 'read-only-account', params: a.params }, planHash: a.preview.plan.hash, confirmation },
        { onProgress: (e) => patch({ progress: e.message ?? `${e.done}/${e.total}` }) },
      );
      patch({ applied, busy: null, progress: null });
    } catch (err) {
      patch({ error: errorMessage(err), busy: null, progress: null });
    }
  },
  closeAccount() {
    set({ account: null });
  },
}));
