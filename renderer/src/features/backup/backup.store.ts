/** Backups: take one with progress, see its verification, verify an older one, and the catalog. */
import { create } from 'zustand';
import type { BackupResult, BackupTool, CatalogEntry, VerifyReport } from '../../../../shared/contract/backup';
import type { PlanRequest } from '../../../../shared/contract/actions';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';

/** The restore plan's request. */
export type RestoreRequest = Extract<PlanRequest, { planner: 'backup-restore' }>;

/** The default database a backup restores into: a new name, so nothing existing is overwritten unless the DBA says so. */
export function defaultRestoreTarget(database: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 12);
  return `${database.slice(0, 64 - 22)}_restored_${stamp}`;
}

/** The running step, as the progress events tell it. */
export interface BackupProgressView {
  phase: string;
  done: number;
  total: number | null;
  message: string;
}

interface BackupState {
  connectionId: string | null;
  databases: string[];
  database: string;
  tool: BackupTool;
  compress: boolean;
  verify: boolean;
  outDir: string;
  busy: 'load' | 'run' | 'verify' | null;
  progress: BackupProgressView | null;
  result: BackupResult | null;
  /** The last verification (of the backup just taken, or of one picked in the catalog). */
  report: VerifyReport | null;
  reportDir: string | null;
  catalog: CatalogEntry[];
  error: string | null;
  load(connectionId: string): Promise<void>;
  setField(patch: Partial<Pick<BackupState, 'database' | 'tool' | 'compress' | 'verify' | 'outDir'>>): void;
  run(confirmation: string | undefined): Promise<void>;
  verifyDir(dir: string, confirmation: string | undefined): Promise<void>;
  refreshCatalog(): Promise<void>;
  /** The catalog entry being restored, the target database typed, and its plan. */
  restoreOf: CatalogEntry | null;
  restoreInto: string;
  restore: PlanFlow<RestoreRequest> | null;
  openRestore(entry: CatalogEntry): void;
  setRestoreInto(name: string): void;
  previewRestore(): Promise<void>;
  applyRestore(confirmation: string | undefined): Promise<void>;
  closeRestore(): void;
  /** Stops the running backup, verification or restore (the server side stops its tools and drops its scratch database). */
  cancel(): void;
}

const onProgress = (set: (p: Partial<BackupState>) => void) => (e: { phase: string; done: number; total: number | null; message?: string }) =>
  set({ progress: { phase: e.phase, done: e.done, total: e.total, message: e.message ?? '' } });

/** The running backup, verification or restore's cancel. */
let running: AbortController | null = null;
const startRunning = (): AbortSignal => {
  running?.abort();
  running = new AbortController();
  return running.signal;
};

/** The backup store. */
export const useBackup = create<BackupState>()((set, get) => ({
  connectionId: null,
  databases: [],
  database: '',
  tool: 'mysqldump',
  compress: true,
  verify: true,
  outDir: '',
  busy: null,
  progress: null,
  result: null,
  report: null,
  reportDir: null,
  catalog: [],
  error: null,
  restoreOf: null,
  restoreInto: '',
  restore: null,
  openRestore(entry) {
    set({ restoreOf: entry, restoreInto: defaultRestoreTarget(entry.database, new Date()), restore: null });
    void get().previewRestore();
  },
  setRestoreInto(name) {
    set({ restoreInto: name, restore: null });
  },
  async previewRestore() {
    const { connectionId, restoreOf, restoreInto } = get();
    if (!connectionId || !restoreOf || !restoreInto) return;
    await previewFlow(connectionId, { planner: 'backup-restore', params: { dir: restoreOf.dir, into: restoreInto } }, (restore) => set({ restore }));
  },
  async applyRestore(confirmation) {
    const { connectionId, restore } = get();
    if (!connectionId || !restore) return;
    const signal = startRunning();
    await applyFlow(connectionId, restore, confirmation, (next) => set({ restore: next }), { signal, onProgress: onProgress(set) });
    set({ progress: null });
  },
  cancel() {
    running?.abort();
  },
  closeRestore() {
    set({ restoreOf: null, restore: null, restoreInto: '' });
  },
  async load(connectionId) {
    set({
      connectionId,
      databases: [],
      busy: 'load',
      error: null,
      result: null,
      report: null,
      reportDir: null,
      progress: null,
      restoreOf: null,
      restore: null,
    });
    try {
      const tables = await api().schema.tables({ connectionId });
      const databases = [...new Set(tables.map((t) => t.schema))].sort();
      const catalog = await api().backup.catalog({ connectionId });
      const current = get().database;
      set({ databases, catalog, database: databases.includes(current) ? current : (databases[0] ?? ''), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  setField(patch) {
    set(patch);
  },
  async run(confirmation) {
    const { connectionId, database, tool, compress, verify, outDir } = get();
    if (!connectionId || !database) return;
    set({ busy: 'run', error: null, result: null, report: null, reportDir: null, progress: { phase: 'start', done: 0, total: null, message: 'Starting…' } });
    try {
      const result = await api().backup.run(
        { connectionId, spec: { database, tool, compress, verify, outDir }, confirmation },
        { onProgress: onProgress(set), signal: startRunning() },
      );
      set({ result, report: result.verification, reportDir: result.dir, busy: null, progress: null });
      await get().refreshCatalog();
    } catch (err) {
      set({ error: errorMessage(err), busy: null, progress: null });
    }
  },
  async verifyDir(dir, confirmation) {
    const { connectionId } = get();
    if (!connectionId) return;
    set({ busy: 'verify', error: null, report: null, reportDir: dir, progress: { phase: 'start', done: 0, total: null, message: 'Starting…' } });
    try {
      const report = await api().backup.verify({ connectionId, dir, confirmation }, { onProgress: onProgress(set), signal: startRunning() });
      set({ report, busy: null, progress: null });
      await get().refreshCatalog();
    } catch (err) {
      set({ error: errorMessage(err), busy: null, progress: null });
    }
  },
  async refreshCatalog() {
    const { connectionId } = get();
    if (!connectionId) return;
    try {
      set({ catalog: await api().backup.catalog({ connectionId }) });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
}));
