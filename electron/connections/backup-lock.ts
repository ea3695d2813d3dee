/**
 * The instant a backup's dump and its checksums agree on. A dump reads one consistent snapshot, and
 * the checksums the backup is verified against must read the same rows, or a table written during
 * the backup would never verify. Separate sessions cannot share a snapshot; they can open theirs
 * while no transaction commits. This connection holds FLUSH TABLES WITH READ LOCK for that moment,
 * as mariadb-dump --master-data and mydumper do: commits wait while it is held (typically a few
 * milliseconds), nothing is written, and the binary-log position read under it is exactly the
 * dump's. Three guards keep it from stalling a server: it is not taken while a query has run for
 * `longQuerySeconds` (the lock would wait for that query and every write would queue behind it),
 * it gives up after `lockWaitSeconds` (lock_wait_timeout), and it lets go by itself after
 * `maxHoldMs` whatever the caller does. The server releases it if the connection drops.
 * https://dev.mysql.com/doc/refman/8.4/en/flush.html#flush-tables-with-read-lock
 * https://mariadb.com/kb/en/flush/
 */
import type { Flavor } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import type { ConnectionConfig } from '../store/connections.repo';
import type { BinlogPosition } from '../../shared/contract/backup';
import { collectBinlogPosition } from './collectors/backup.collector';
import { mapDriverError } from './errors';
import { closeMysql, connectMysql } from './mysql-connect';

/** Limits of the lock. */
export interface BackupLockLimits {
  /** A query running this long (or longer) means no lock. */
  readonly longQuerySeconds: number;
  /** lock_wait_timeout of the FLUSH TABLES WITH READ LOCK. */
  readonly lockWaitSeconds: number;
  /** The lock is released after this long even if the caller never does. */
  readonly maxHoldMs: number;
}

/** A held lock. */
export interface BackupLock {
  readonly flavor: Flavor;
  readonly binlog: BinlogPosition;
  /** Releases it (once; later calls answer the same); resolves to how long commits waited, in ms, and whether it ran out first. */
  release(): Promise<{ heldMs: number; expired: boolean }>;
}

/** The lock, or why it was not taken (the backup then reads its checksums after the dump). */
export type BackupLockOutcome = { readonly lock: BackupLock } | { readonly refused: string };

const ER_ACCESS_DENIED = new Set([1044, 1045, 1142, 1227]);
const ER_LOCK_WAIT_TIMEOUT = 1205;

/** The longest-running statement of another session (replication and daemon threads aside), if one has run `seconds`. */
const LONG_QUERY_SQL = `SELECT ID AS id, TIME AS t, LEFT(COALESCE(INFO, ''), 80) AS info FROM information_schema.PROCESSLIST
  WHERE ID <> CONNECTION_ID() AND TIME >= ? AND INFO IS NOT NULL AND USER NOT IN ('system user', 'event_scheduler')
    AND COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID', 'Connect', 'Slave_IO', 'Slave_SQL', 'Slave_worker')
  ORDER BY TIME DESC LIMIT 1`;

/** Takes the lock on the server of `cfg`, or says why not. Never throws for a refusal; throws only when the server cannot be reached. */
export async function takeBackupLock(cfg: ConnectionConfig, limits: BackupLockLimits): Promise<BackupLockOutcome> {
  const { conn, flavor, watch } = await connectMysql(cfg);
  const answerMs = (limits.lockWaitSeconds + 10) * 1000;
  const q = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await watch.guard(() => conn.query(sql, params), answerMs))[0] as T[];
  let locked = false;
  try {
    const [long] = await q<{ id: number; t: number; info: string }>(LONG_QUERY_SQL, [limits.longQuerySeconds]);
    if (long) {
      await closeMysql(conn, watch);
      return {
        refused: `a query has run for ${long.t} s (connection ${long.id}: ${long.info.replace(/\s+/g, ' ').trim()}); a global read lock would wait for it and stall every write behind it`,
      };
    }
    await q('SET SESSION lock_wait_timeout = ?', [limits.lockWaitSeconds]);
    await q('FLUSH TABLES WITH READ LOCK');
    locked = true;
    const t0 = Date.now();
    const binlog = await collectBinlogPosition({ query: (sql, params) => q(sql, params ? [...params] : []) }, flavor);
    let done: Promise<{ heldMs: number; expired: boolean }> | null = null;
    const release = (expired: boolean): Promise<{ heldMs: number; expired: boolean }> => {
      clearTimeout(timer);
      done ??= (async () => {
        try {
          await watch.guard(() => conn.query('UNLOCK TABLES'), answerMs);
        } catch {
          // A lost connection has released the lock on the server.
        }
        const heldMs = Date.now() - t0;
        await closeMysql(conn, watch);
        return { heldMs, expired };
      })();
      return done;
    };
    const timer = setTimeout(() => void release(true), limits.maxHoldMs);
    timer.unref();
    return { lock: { flavor, binlog, release: () => release(false) } };
  } catch (err) {
    await closeMysql(conn, watch); // a lock taken is released with the connection
    const e = mapDriverError(err, watch.endpoint);
    const errno = Number((e.details as { errno?: unknown } | undefined)?.errno ?? (err as { errno?: unknown }).errno);
    if (e.code === 'CONNECTION_LOST' && !locked) throw e;
    if (ER_ACCESS_DENIED.has(errno)) return { refused: 'the account may not take FLUSH TABLES WITH READ LOCK (it needs the RELOAD privilege)' };
    if (errno === ER_LOCK_WAIT_TIMEOUT) return { refused: `FLUSH TABLES WITH READ LOCK waited ${limits.lockWaitSeconds} s for running statements and gave up` };
    if (e instanceof AppError) return { refused: `the global read lock was not taken: ${e.message}` };
    throw err;
  }
}
