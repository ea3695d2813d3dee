/**
 * What runs on a MySQL-family server right now: sessions (processlist), open InnoDB
 * transactions with their age, lock waits with both sides, and metadata locks. Lock waits come
 * from performance_schema.data_lock_waits on MySQL 8+ and information_schema.INNODB_LOCK_WAITS
 * on MariaDB (which never adopted the performance_schema tables):
 * https://dev.mysql.com/doc/refman/8.4/en/performance-schema-data-lock-waits-table.html
 * https://mariadb.com/kb/en/information-schema-innodb_lock_waits-table/
 * Read-only; a source the account may not read becomes a warning, not a failure.
 */
import type { Flavor } from '../../../shared/contract/connections';
import type { ActivitySnapshot } from '../../../shared/contract/monitor';
import { buildLockTree } from '../../engines/monitor/lock-tree';
import type { SqlReader } from '../sql-reader';

type Row = Record<string, unknown>;

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
};
const str = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

/** Where a server reports lock waits. */
export function lockWaitSource(flavor: Pick<Flavor, 'product' | 'major'>): 'performance_schema' | 'information_schema' {
  return flavor.product !== 'mariadb' && flavor.major >= 8 ? 'performance_schema' : 'information_schema';
}

const LOCK_WAITS_PS = `
SELECT r.trx_mysql_thread_id AS waiting_thread, r.trx_id AS waiting_trx, r.trx_query AS waiting_query,
       TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()) AS wait_s,
       b.trx_mysql_thread_id AS blocking_thread, b.trx_id AS blocking_trx, b.trx_query AS blocking_query,
       CONCAT(l.OBJECT_SCHEMA, '.', l.OBJECT_NAME) AS locked_table, l.INDEX_NAME AS locked_index, l.LOCK_MODE AS lock_mode
  FROM performance_schema.data_lock_waits w
  JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID
  JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID
  LEFT JOIN performance_schema.data_locks l ON l.ENGINE_LOCK_ID = w.REQUESTING_ENGINE_LOCK_ID
 ORDER BY wait_s DESC LIMIT 1000`;

const LOCK_WAITS_IS = `
SELECT r.trx_mysql_thread_id AS waiting_thread, r.trx_id AS waiting_trx, r.trx_query AS waiting_query,
       TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()) AS wait_s,
       b.trx_mysql_thread_id AS blocking_thread, b.trx_id AS blocking_trx, b.trx_query AS blocking_query,
       REPLACE(l.lock_table, '\`', '') AS locked_table, l.lock_index AS locked_index, l.lock_mode AS lock_mode
  FROM information_schema.INNODB_LOCK_WAITS w
  JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
  JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
  LEFT JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id
 ORDER BY wait_s DESC LIMIT 1000`;

/** Reads sessions, transactions, lock waits and metadata locks in one pass. */
export async function collectActivity(
  reader: SqlReader,
  flavor: Pick<Flavor, 'product' | 'major'>,
  now: () => Date = () => new Date(),
): Promise<ActivitySnapshot> {
  const warnings: string[] = [];
  const attempt = async <T>(what: string, fn: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      warnings.push(`${what} unavailable: ${(e as Error).message}`);
      return fallback;
    }
  };

  const sessions = await attempt(
    'processlist',
    async () =>
      (
        await reader.query<Row>(
          // The monitor's own session reading this is left out.
          'SELECT ID AS id, USER AS user, HOST AS host, DB AS db, COMMAND AS command, TIME AS t, STATE AS state, INFO AS info FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() ORDER BY TIME DESC LIMIT 2000',
        )
      ).map((r) => ({
        id: num(r.id),
        user: str(r.user) ?? '',
        host: str(r.host) ?? '',
        db: str(r.db),
        command: str(r.command) ?? '',
        timeSec: num(r.t),
        state: str(r.state) || null,
        info: str(r.info),
      })),
    [],
  );

  const transactions = await attempt(
    'InnoDB transactions',
    async () =>
      (
        await reader.query<Row>(
          `SELECT trx_id, trx_mysql_thread_id, trx_state, trx_started, TIMESTAMPDIFF(SECOND, trx_started, NOW()) AS age_s,
                  trx_rows_locked, trx_rows_modified, trx_tables_locked, trx_query
             FROM information_schema.INNODB_TRX ORDER BY trx_started LIMIT 1000`,
        )
      ).map((r) => ({
        trxId: str(r.trx_id) ?? '',
        threadId: r.trx_mysql_thread_id === null || r.trx_mysql_thread_id === undefined ? null : num(r.trx_mysql_thread_id),
        state: str(r.trx_state) ?? '',
        startedAt: str(r.trx_started),
        ageSec: num(r.age_s),
        rowsLocked: num(r.trx_rows_locked),
        rowsModified: num(r.trx_rows_modified),
        tablesLocked: num(r.trx_tables_locked),
        query: str(r.trx_query),
      })),
    [],
  );

  const source = lockWaitSource(flavor);
  const lockWaits = await attempt(
    `lock waits (${source})`,
    async () =>
      (await reader.query<Row>(source === 'performance_schema' ? LOCK_WAITS_PS : LOCK_WAITS_IS)).map((r) => ({
        waitingThread: num(r.waiting_thread),
        waitingTrx: str(r.waiting_trx) ?? '',
        waitingQuery: str(r.waiting_query),
        waitSec: num(r.wait_s),
        blockingThread: num(r.blocking_thread),
        blockingTrx: str(r.blocking_trx) ?? '',
        blockingQuery: str(r.blocking_query),
        lockedTable: str(r.locked_table),
        lockedIndex: str(r.locked_index),
        lockMode: str(r.lock_mode),
      })),
    [],
  );

  const metadataLocks = await attempt(
    'metadata locks',
    async () => {
      const [instr] = await reader.query<Row>("SELECT ENABLED AS e FROM performance_schema.setup_instruments WHERE NAME = 'wait/lock/metadata/sql/mdl'");
      if (!instr || !/^yes$/i.test(str(instr.e) ?? '')) {
        warnings.push(
          'metadata locks not recorded: performance_schema instrument wait/lock/metadata/sql/mdl is off (sessions waiting show in the processlist state)',
        );
        return [];
      }
      return (
        await reader.query<Row>(
          `SELECT t.PROCESSLIST_ID AS thread, m.OBJECT_TYPE AS ot, m.OBJECT_SCHEMA AS os, m.OBJECT_NAME AS name, m.LOCK_TYPE AS lt, m.LOCK_STATUS AS ls
             FROM performance_schema.metadata_locks m
             LEFT JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID
            WHERE m.OBJECT_SCHEMA IS NULL OR m.OBJECT_SCHEMA NOT IN ('performance_schema', 'information_schema')
            LIMIT 1000`,
        )
      ).map((r) => ({
        thread: r.thread === null || r.thread === undefined ? null : num(r.thread),
        objectType: str(r.ot) ?? '',
        schema: str(r.os),
        name: str(r.name),
        lockType: str(r.lt) ?? '',
        status: str(r.ls) ?? '',
      }));
    },
    [],
  );

  return { at: now().toISOString(), sessions, transactions, lockWaits, lockTree: buildLockTree(lockWaits), metadataLocks, warnings };
}
