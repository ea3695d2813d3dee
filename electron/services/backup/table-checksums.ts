/**
 * Table checksums for backups, read side by side instead of one table after another. A checksum
 * reads a whole table on one server thread, so a backup's checksums of the source, and a
 * verification's of the restored copy, left every other core idle; here they run on several read
 * sessions, largest tables first. `ScratchChecksums` reads a restored copy's tables as the restore
 * reports each loaded, while the other tables still load, and the rest at the end. Both measure
 * with the collector's `collectTableChecksum`, the one definition of a table's checksum.
 */
import type { TableChecksum } from '../../../shared/contract/backup';
import { AppError } from '../../../shared/contract/core';
import { collectBaseTableSizes, collectTableChecksum } from '../../connections/collectors/backup.collector';
import { MysqlSession, withMysqlSession } from '../../connections/mysql-session';
import type { SqlReader } from '../../connections/sql-reader';
import type { ConnectionConfig } from '../../store/connections.repo';

/** Called after each table is checksummed: how many are done, of how many, and which. */
export type ChecksumProgress = (done: number, total: number, table: string) => void;

/**
 * Checksums every base table of `schema` (the session config's database) on up to `sessions`
 * read sessions at once, the largest tables first; returns them by table name, as the collector does.
 */
export async function checksumTables(
  cfg: ConnectionConfig,
  schema: string,
  sessions: number,
  onTable: ChecksumProgress,
  signal: AbortSignal,
  skip: ReadonlyMap<string, TableChecksum> = new Map(),
): Promise<TableChecksum[]> {
  const byName = await withMysqlSession(cfg, (s) => collectBaseTableSizes(s, schema));
  const open = <T>(fn: (s: SqlReader) => Promise<T>): Promise<T> => withMysqlSession(cfg, fn);
  return checksumQueue(
    byName,
    schema,
    Array.from({ length: Math.max(1, sessions) }, () => open),
    onTable,
    signal,
    skip,
  );
}

/**
 * The same on sessions that are already open and stay open (each holding the snapshot of a
 * backup's dump: dump-snapshot.ts), one table at a time on each, the largest first.
 */
export async function checksumTablesOn(
  sessions: readonly SqlReader[],
  schema: string,
  onTable: ChecksumProgress,
  signal: AbortSignal,
): Promise<TableChecksum[]> {
  if (!sessions.length) throw new AppError('INTERNAL', 'No session to checksum on');
  const byName = await collectBaseTableSizes(sessions[0]!, schema);
  return checksumQueue(
    byName,
    schema,
    sessions.map(
      (s) =>
        <T>(fn: (r: SqlReader) => Promise<T>) =>
          fn(s),
    ),
    onTable,
    signal,
    new Map(),
  );
}

/** Runs the checksums of `byName`'s tables not in `skip`, largest first, each worker on its session; returns every table by name. */
async function checksumQueue(
  byName: ReadonlyArray<{ table: string; bytes: number }>,
  schema: string,
  workers: ReadonlyArray<<T>(fn: (s: SqlReader) => Promise<T>) => Promise<T>>,
  onTable: ChecksumProgress,
  signal: AbortSignal,
  skip: ReadonlyMap<string, TableChecksum>,
): Promise<TableChecksum[]> {
  const done = new Map<string, TableChecksum>();
  for (const { table } of byName) {
    const known = skip.get(table);
    if (known) done.set(table, known);
  }
  const queue = byName.filter((t) => !done.has(t.table)).sort((a, b) => b.bytes - a.bytes);
  const total = byName.length;
  const worker = async (on: (fn: (s: SqlReader) => Promise<void>) => Promise<void>): Promise<void> => {
    if (!queue.length) return;
    await on(async (s) => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (signal.aborted) throw new AppError('CANCELLED', `Cancelled before checksumming ${next.table}`);
        done.set(next.table, await collectTableChecksum(s, schema, next.table));
        onTable(done.size, total, next.table);
      }
    });
  };
  const results = await Promise.allSettled(workers.slice(0, Math.max(1, Math.min(workers.length, queue.length))).map(worker));
  const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  if (failed) throw failed.reason;
  return byName.map(({ table }) => done.get(table)!);
}

/**
 * A restored copy's checksums, read while the restore runs: `loaded(table)` queues a table whose
 * rows are committed, read in turn on one session; `finish` reads the tables never reported
 * (empty ones, or all of them after a restore that reports none) side by side and returns every
 * table by name. A failed read is kept and thrown by `finish`, never lost.
 */
export class ScratchChecksums {
  private readonly read = new Map<string, TableChecksum>();
  private chain: Promise<void> = Promise.resolve();
  private session: Promise<MysqlSession> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly cfg: ConnectionConfig,
    private readonly schema: string,
    private readonly signal: AbortSignal,
    private readonly onTable: ChecksumProgress,
  ) {}

  /** The restore committed `table`'s rows: checksum it now, while other tables load. */
  loaded(table: string): void {
    this.chain = this.chain.then(async () => {
      if (this.failure || this.signal.aborted) return;
      try {
        this.session ??= MysqlSession.open(this.cfg);
        const s = await this.session;
        this.read.set(table, await collectTableChecksum(s, this.schema, table));
      } catch (err) {
        this.failure ??= err;
      }
    });
  }

  /** Waits for the queued reads, then checksums the rest on `sessions` sessions; every base table, by name. */
  async finish(sessions: number): Promise<TableChecksum[]> {
    await this.chain;
    await this.close();
    if (this.signal.aborted) throw new AppError('CANCELLED', 'Cancelled while checksumming the restored copy');
    if (this.failure) throw this.failure;
    let reported = 0;
    return checksumTables(
      this.cfg,
      this.schema,
      sessions,
      (done, total, table) => {
        reported = done;
        this.onTable(done, total, table);
      },
      this.signal,
      this.read,
    ).then((all) => {
      if (reported === 0 && all.length) this.onTable(all.length, all.length, all[all.length - 1]!.table);
      return all;
    });
  }

  /** Closes the session the reads ran on (whatever happened). */
  async close(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await s.then((x) => x.close()).catch(() => undefined);
  }
}
