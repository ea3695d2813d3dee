/** Backups: take one with progress, see its verification, verify an older one, and the catalog. */
import { create } from 'zustand';
import type { BackupResult, BackupTool, CatalogEntry, DumpCompression, VerifyReport } from '../../../../shared/contract/backup';
import type { PlanRequest } from '../../../../shared/contract/actions';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';

/** The restore plan's request: a logical backup into a database, or a physical one into a new datadir. */
export type RestoreRequest = Extract<PlanRequest, { planner: 'backup-restore' | 'backup-physical-restore' }>;

/** The default datadir a physical backup restores into: a new folder beside the backup folder (never inside it). */
export function defaultRestoreDatadir(dir: string): string {
  return `${dir.replace(/\/+$/, '')}-restored`;
}

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

/** The Compression choice: auto (zstd where the app's machine has it, else gzip), one of them, or none. */
export type CompressionChoice = 'auto' | DumpCompression | 'none';

/** The choice that applies with `tool`: a physical copy is kept uncompressed, mydumper compresses with gzip only. */
export function compressionFor(tool: BackupTool, choice: CompressionChoice): CompressionChoice {
  if (tool === 'mariadb-backup') return 'none';
  return tool === 'mydumper' && choice === 'zstd' ? 'gzip' : choice;
}

interface BackupState {
  connectionId: string | null;
  databases: string[];
  database: string;
  tool: BackupTool;
  /** auto: zstd where the app's machine has it, else gzip (mydumper: gzip). */
  compression: CompressionChoice;
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
  setField(patch: Partial<Pick<BackupState, 'database' | 'tool' | 'compression' | 'verify' | 'outDir'>>): void;
  run(confirmation: string | undefined): Promise<void>;
  verifyDir(dir: string, confirmation: string | undefined): Promise<void>;
  refreshCatalog(): Promise<void>;
  /** The catalog entry being restored, the target database typed, and its plan. */
  restoreOf: CatalogEntry | null;
  restoreInto: string;
  /** A physical backup's target: the new datadir, whether to start and verify it, and on which port ('' = the first free). */
  restoreDatadir: string;
  restoreStart: boolean;
  restorePort: string;
  setPhysicalRestore(patch: Partial<Pick<BackupState, 'restoreDatadir' | 'restoreStart' | 'restorePort'>>): void;
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
  compression: 'auto',
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
  restoreDatadir: '',
  restoreStart: true,
  restorePort: '',
  openRestore(entry) {
    set({
      restoreOf: entry,
      restoreInto: defaultRestoreTarget(entry.database, new Date()),
      restoreDatadir: defaultRestoreDatadir(entry.dir),
      restore: null,
    });
    void get().previewRestore();
  },
  setPhysicalRestore(patch) {
    set({ ...patch, restore: null });
  },
  setRestoreInto(name) {
    set({ restoreInto: name, restore: null });
  },
  async previewRestore() {
    const { connectionId, restoreOf, restoreInto, restoreDatadir, restoreStart, restorePort } = get();
    if (!connectionId || !restoreOf) return;
    const physical = restoreOf.tool === 'mariadb-backup';
    if (!(physical ? restoreDatadir : restoreInto)) return;
    const port = restorePort.trim() === '' ? undefined : Number(restorePort);
    const request: RestoreRequest = physical
      ? { planner: 'backup-physical-restore', params: { dir: restoreOf.dir, datadir: restoreDatadir, start: restoreStart, port } }
      : { planner: 'backup-restore', params: { dir: restoreOf.dir, into: restoreInto } };
    await previewFlow(connectionId, request, (restore) => set({ restore }));
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
    set({ restoreOf: null, restore: null, restoreInto: '', restoreDatadir: '', restorePort: '' });
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
    const { connectionId, database, tool, compression, verify, outDir } = get();
    const kind = compressionFor(tool, compression);
    const compress = kind !== 'none';
    if (!connectionId || !database) return;
    set({ busy: 'run', error: null, result: null, report: null, reportDir: null, progress: { phase: 'start', done: 0, total: null, message: 'Starting…' } });
    try {
      const result = await api().backup.run(
        {
          connectionId,
          spec: { database, tool, compress, ...(kind === 'zstd' || kind === 'gzip' ? { compression: kind } : {}), verify, outDir },
          confirmation,
        },
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
