/**
 * The restore plan of a logical backup, derived purely from its manifest and what the target
 * database holds now: create the target when it does not exist, then load the dump into it. The
 * dump (mariadb-dump without --databases) drops and re-creates each of its tables, so a table of
 * the target that the backup also has is overwritten (its rows now are lost), a table only the
 * target has is kept, and a table only the backup has is created. The time estimate is the backup's
 * last measured restore (its verification's restore time), scaled by nothing else: the same dump.
 */
import { dumpCompressionOf } from '../../../shared/backup-text';
import type { BackupManifest } from '../../../shared/contract/backup';
import type { Plan } from '../../../shared/contract/plan';
import { fmtBytes } from '../../../shared/format-bytes';
import { quoteIdent } from '../../../shared/sql-quote';
import { makePlan } from '../plan/make-plan';
import { decompressCommandText } from './dump-file';

/** A table the target database holds now. */
export interface TargetTable {
  readonly table: string;
  /** Counted rows. */
  readonly rows: number;
  /** Data and index bytes (information_schema). */
  readonly bytes: number;
}

/** The target database as the preview sees it. */
export interface RestoreTarget {
  readonly name: string;
  readonly exists: boolean;
  readonly tables: readonly TargetTable[];
}

/** What restoring each table does. */
export interface RestoreTouch {
  readonly table: string;
  readonly action: 'create' | 'overwrite' | 'keep';
  readonly backupRows: number | null;
  /** Rows the target loses (an overwritten table's current rows). */
  readonly rowsLost: number;
  readonly bytesNow: number;
}

/** The plan and per-table effects of a restore. */
export interface RestorePlan {
  readonly plan: Plan;
  readonly touches: RestoreTouch[];
  /** Estimated restore time in ms (null: this backup was never restored, so there is no measure). */
  readonly estimateMs: number | null;
}

/** The load step's text: what runs, in words a DBA can re-type. */
export function loadStepText(manifest: BackupManifest, dumpFile: string, into: string): string {
  const db = `--database=${quoteIdent(into)}`;
  const read = decompressCommandText(dumpCompressionOf(manifest), dumpFile);
  return read ? `${read} | mariadb ${db}` : `mariadb ${db} < ${dumpFile}`;
}

/** Derives the restore plan of a logical backup into `target`. */
export function planRestore(manifest: BackupManifest, dumpFile: string, target: RestoreTarget, lastRestoreMs: number | null): RestorePlan {
  const now = new Map(target.tables.map((t) => [t.table.toLowerCase(), t]));
  const touches: RestoreTouch[] = manifest.tables.map((t) => {
    const cur = now.get(t.table.toLowerCase());
    now.delete(t.table.toLowerCase());
    return cur
      ? { table: t.table, action: 'overwrite', backupRows: t.rows, rowsLost: cur.rows, bytesNow: cur.bytes }
      : { table: t.table, action: 'create', backupRows: t.rows, rowsLost: 0, bytesNow: 0 };
  });
  for (const t of now.values()) touches.push({ table: t.table, action: 'keep', backupRows: null, rowsLost: 0, bytesNow: t.bytes });
  const overwritten = touches.filter((t) => t.action === 'overwrite');
  const rowsLost = overwritten.reduce((s, t) => s + t.rowsLost, 0);
  const rows = manifest.tables.reduce((s, t) => s + t.rows, 0);
  const name = quoteIdent(target.name);
  const estimate =
    lastRestoreMs === null
      ? 'time unknown: this backup was never restored (verify it to measure)'
      : `about ${(lastRestoreMs / 1000).toFixed(1)} s (its last restore)`;
  const steps: Parameters<typeof makePlan>[0]['steps'] = [];
  if (!target.exists)
    steps.push({
      id: 'create',
      kind: 'DDL',
      sql: `CREATE DATABASE ${name}`,
      description: `A new database for the restored copy of ${manifest.database}.`,
      risk: 'low',
      estimate: 'new empty database; nothing existing is touched',
      rollback: `DROP DATABASE IF EXISTS ${name}`,
    });
  steps.push({
    id: 'load',
    kind: 'ADMIN',
    sql: loadStepText(manifest, dumpFile, target.name),
    description: `Loads ${manifest.tables.length} table(s), ${rows} row(s)${manifest.routines + manifest.triggers + manifest.events ? `, ${manifest.routines} routine(s), ${manifest.triggers} trigger(s), ${manifest.events} event(s)` : ''} from the backup of ${manifest.startedAt}.`,
    risk: overwritten.length ? 'high' : 'low',
    estimate: `${fmtBytes(manifest.bytes)} dump; ${estimate}`,
    rollback: null,
    noRollback: overwritten.length
      ? `The current contents of ${overwritten.map((t) => t.table).join(', ')} (${rowsLost} rows) are replaced: back up ${target.name} first to be able to go back.`
      : target.exists
        ? `Only new tables are created: drop them to go back (${touches
            .filter((t) => t.action === 'create')
            .map((t) => t.table)
            .join(', ')}).`
        : 'Dropping the new database (the step before) undoes it.',
  });
  const notes = [
    target.exists
      ? `${target.name} exists with ${target.tables.length} table(s). ${overwritten.length} would be dropped and re-created from the backup, losing the ${rowsLost} row(s) they hold now; ${touches.filter((t) => t.action === 'keep').length} not in the backup would be kept.`
      : `${target.name} does not exist: it is created, nothing existing is touched.`,
    `The backup holds ${manifest.tables.length} table(s), ${rows} row(s), ${fmtBytes(manifest.bytes)}; taken ${manifest.startedAt} from ${manifest.server.flavor} ${manifest.server.host}:${manifest.server.port}.`,
    'After the restore, verify compares every table of the target with the manifest (rows and checksum).',
  ];
  const plan = makePlan({ planner: 'backup-restore', title: `Restore the ${manifest.database} backup ${manifest.id} into ${target.name}`, steps, notes });
  return { plan, touches, estimateMs: lastRestoreMs };
}
