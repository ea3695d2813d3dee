/**
 * A backup's checksums read from the dump's own snapshot, so that a table written while the backup
 * runs still verifies: the manifest then describes exactly the rows the dump holds. `open` takes the
 * backup lock (connections/backup-lock.ts) and, while no transaction can commit, opens the checksum
 * sessions' snapshots; the dump tool is then started, and `dumpStarted` (called once its output
 * proves it has opened its own snapshot, or once it has ended) lets commits go on and starts the
 * checksums at once, alongside the dump. When the lock is refused (no RELOAD privilege, a long
 * query) or ran out before the tool had opened its snapshot, the checksums are read after the dump,
 * as before, and the manifest says so and why: a table written in between will not verify.
 */
import type { BackupConsistency, TableChecksum } from '../../../shared/contract/backup';
import type { BinlogPosition } from '../../../shared/contract/backup';
import { takeBackupLock, type BackupLock, type BackupLockLimits } from '../../connections/backup-lock';
import { MysqlSession } from '../../connections/mysql-session';
import type { ConnectionConfig } from '../../store/connections.repo';
import { checksumTables, checksumTablesOn, type ChecksumProgress } from './table-checksums';

/** The lock's limits for a backup: a query of 10 s means no lock, FTWRL waits 2 s at most, and it is never held 5 s. */
export const BACKUP_LOCK_LIMITS: BackupLockLimits = { longQuerySeconds: 10, lockWaitSeconds: 2, maxHoldMs: 5000 };

export class DumpSnapshot {
  private started: Promise<void> | null = null;
  private consistency: BackupConsistency;
  private checksums: Promise<TableChecksum[]> | null = null;

  private constructor(
    private readonly cfg: ConnectionConfig,
    private readonly schema: string,
    private lock: BackupLock | null,
    private sessions: MysqlSession[],
    refused: string | null,
  ) {
    this.consistency = refused ? { checksums: 'after-dump', reason: refused } : { checksums: 'dump-snapshot', lockMs: 0 };
  }

  /**
   * Takes the lock and opens `sessions` snapshot sessions under it on the server of `cfg` (whose
   * database is `schema`); a refusal is kept, not thrown (the checksums are then read after the dump).
   */
  static async open(cfg: ConnectionConfig, schema: string, sessions: number, limits: BackupLockLimits = BACKUP_LOCK_LIMITS): Promise<DumpSnapshot> {
    // The sessions connect before the lock is taken: under it, each only opens its snapshot.
    const opened = await Promise.allSettled(Array.from({ length: Math.max(1, sessions) }, () => MysqlSession.open(cfg)));
    const open = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const closeAll = (): Promise<unknown> => Promise.all(open.map((s) => s.close()));
    const refuse = async (why: string): Promise<DumpSnapshot> => {
      await closeAll();
      return new DumpSnapshot(cfg, schema, null, [], why);
    };
    const failed = opened.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failed) return refuse(`the checksum sessions could not connect: ${(failed.reason as Error)?.message ?? failed.reason}`);
    const outcome = await takeBackupLock(cfg, limits).catch(async (err: unknown) => {
      await closeAll();
      throw err;
    });
    if ('refused' in outcome) return refuse(outcome.refused);
    const held = await Promise.allSettled(open.map((s) => s.holdSnapshot()));
    const notHeld = held.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    if (notHeld) {
      await outcome.lock.release();
      return refuse(`the checksum sessions could not open their snapshots: ${(notHeld.reason as Error)?.message ?? notHeld.reason}`);
    }
    return new DumpSnapshot(cfg, schema, outcome.lock, open, null);
  }

  /** The binary-log position read under the lock (the dump's), or null when there was no lock. */
  get binlog(): BinlogPosition | null {
    return this.lock?.binlog ?? null;
  }

  /**
   * The dump tool has opened its snapshot (or ended): commits may go on, and the checksums start on
   * the snapshot sessions, reporting through `onTable`. Once; later calls wait for the first.
   */
  dumpStarted(onTable: ChecksumProgress, signal: AbortSignal): Promise<void> {
    this.started ??= (async () => {
      const lock = this.lock;
      if (!lock) return;
      const { heldMs, expired } = await lock.release();
      if (expired) {
        this.consistency = {
          checksums: 'after-dump',
          reason: `the dump tool had not opened its snapshot within ${Math.round(heldMs / 1000)} s, when the global read lock was let go`,
        };
        await this.closeSessions();
        return;
      }
      this.consistency = { checksums: 'dump-snapshot', lockMs: heldMs };
      this.checksums = checksumTablesOn(this.sessions, this.schema, onTable, signal);
      this.checksums.catch(() => undefined); // awaited by tables(); a failure is thrown there
    })();
    return this.started;
  }

  /**
   * Every base table's checksum for the manifest, once the dump has ended: from the dump's snapshot
   * when it held, else read now on `sessions` fresh sessions.
   */
  async tables(sessions: number, onTable: ChecksumProgress, signal: AbortSignal): Promise<TableChecksum[]> {
    await this.dumpStarted(onTable, signal); // a dump that ended has certainly opened its snapshot
    try {
      if (this.checksums) return await this.checksums;
    } finally {
      await this.closeSessions();
    }
    return checksumTables(this.cfg, this.schema, sessions, onTable, signal);
  }

  /** How the manifest's checksums relate to the dump. */
  get outcome(): BackupConsistency {
    return this.consistency;
  }

  /** Lets go of the lock and the sessions, whatever happened (a failed or cancelled dump). */
  async close(): Promise<void> {
    await this.lock?.release();
    await this.closeSessions(); // ends a checksum still reading
    await this.checksums?.catch(() => undefined);
  }

  private async closeSessions(): Promise<void> {
    const open = this.sessions;
    this.sessions = [];
    await Promise.all(open.map((s) => s.close()));
  }
}
