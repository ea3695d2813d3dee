/** Saved connections and the results of testing them. */
import { create } from 'zustand';
import type { ConnectionInfo, ConnectionInput, Flavor, SecretKeyStatus } from '../../../../shared/contract/connections';
import type { PlanRequest } from '../../../../shared/contract/actions';
import type { ReadOnlyAccountParams } from '../../../../shared/contract/read-only-account';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';

type AccountRequest = Extract<PlanRequest, { planner: 'read-only-account' }>;

/** Outcome of the last test of a connection. */
export type TestState =
  | { state: 'testing' }
  | { state: 'ok'; flavor: Flavor; latencyMs: number; serverInfo: Record<string, string> }
  | { state: 'failed'; code: string; message: string };

/** The read-only account plan of one connection: the parameters being edited, then the plan made of them. */
export interface AccountPlanState {
  connectionId: string;
  params: ReadOnlyAccountParams;
  /** The previewed plan (its own busy, error and outcome); dropped when the parameters change. */
  plan: PlanFlow<AccountRequest> | null;
  progress: string | null;
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
        plan: null,
        progress: null,
      },
    });
  },
  editAccount(params) {
    const a = get().account;
    if (a) set({ account: { ...a, params: { ...a.params, ...params }, plan: null } });
  },
  async previewAccount() {
    const a = get().account;
    if (!a) return;
    await previewFlow(a.connectionId, { planner: 'read-only-account', params: a.params }, (plan) => patchAccount({ plan }));
  },
  async applyAccount(confirmation) {
    const a = get().account;
    if (!a?.plan) return;
    patchAccount({ progress: 'Starting…' });
    await applyFlow(a.connectionId, a.plan, confirmation, (plan) => patchAccount({ plan }), {
      onProgress: (e) => patchAccount({ progress: e.message ?? `${e.done}/${e.total}` }),
    });
    patchAccount({ progress: null });
  },
  closeAccount() {
    set({ account: null });
  },
}));

/** Changes the open account box (nothing when it was closed meanwhile). */
function patchAccount(p: Partial<AccountPlanState>): void {
  useConnections.setState((s) => ({ account: s.account && { ...s.account, ...p } }));
}
