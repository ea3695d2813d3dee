/**
 * Reads a server's replication state: its channels (MariaDB `SHOW ALL SLAVES STATUS`, every
 * multi-source connection with its own Gtid_Slave_Pos; MySQL `SHOW REPLICA STATUS` plus the
 * performance_schema.replication_applier_status_by_worker errors), the replicas attached to it
 * (`SHOW SLAVE HOSTS` / `SHOW REPLICAS`), its binlog position, GTID and semi-sync variables. An
 * optional read that the account may not do (no REPLICATION CLIENT, no performance_schema) becomes
 * a warning, not a failure. Rows stay as the server returned them; the engine interprets them.
 */
import { compareVersion, parseTriple, type ServerFeatures } from '../../engines/flavor/flavor';
import type { ReplicationRaw } from '../../engines/replication/replication-status';
import type { SqlReader } from '../sql-reader';
import { toChannel } from './server-status.collector';

/** The variables the engine reads. */
const VARIABLES = [
  'server_id',
  'read_only',
  'gtid_mode',
  'gtid_executed',
  'gtid_current_pos',
  'gtid_binlog_pos',
  'gtid_slave_pos',
  'rpl_semi_sync_master_enabled',
  'rpl_semi_sync_slave_enabled',
  'rpl_semi_sync_source_enabled',
  'rpl_semi_sync_replica_enabled',
];

/** The statements for a flavor: decided from the version, never by trial. */
export function replicationStatements(features: Pick<ServerFeatures, 'family' | 'replicaStatusSyntax'>, version: string) {
  if (features.family === 'mariadb') {
    return { channels: 'SHOW ALL SLAVES STATUS', replicas: 'SHOW SLAVE HOSTS', binlog: 'SHOW BINLOG STATUS', workers: null };
  }
  const v = parseTriple(version);
  return {
    channels: features.replicaStatusSyntax,
    replicas: compareVersion(v, [8, 0, 22]) >= 0 ? 'SHOW REPLICAS' : 'SHOW SLAVE HOSTS',
    binlog: compareVersion(v, [8, 2, 0]) >= 0 ? 'SHOW BINARY LOG STATUS' : 'SHOW MASTER STATUS',
    workers:
      'SELECT CHANNEL_NAME, WORKER_ID, LAST_ERROR_NUMBER, LAST_ERROR_MESSAGE, LAST_ERROR_TIMESTAMP, LAST_APPLIED_TRANSACTION, APPLYING_TRANSACTION FROM performance_schema.replication_applier_status_by_worker',
  };
}

const asMap = (rows: Array<Record<string, unknown>>): Record<string, string> =>
  Object.fromEntries(rows.map((r) => [String(r.Variable_name ?? r.variable_name).toLowerCase(), String(r.Value ?? r.value ?? '')]));

/** One collection of a server's replication state. */
export async function collectReplication(
  reader: SqlReader,
  features: ServerFeatures,
  version: string,
  clock: () => number = Date.now,
): Promise<ReplicationRaw> {
  const st = replicationStatements(features, version);
  const statements: string[] = [];
  const warnings: string[] = [];
  const run = async (sql: string, optional: boolean): Promise<Array<Record<string, unknown>>> => {
    statements.push(sql);
    try {
      return await reader.query<Record<string, unknown>>(sql);
    } catch (e) {
      if (!optional) throw e;
      warnings.push(`${sql.split(' FROM ')[0]!.slice(0, 60)}… failed: ${(e as Error).message}`);
      return [];
    }
  };
  const variables = asMap(await run(`SHOW GLOBAL VARIABLES WHERE Variable_name IN (${VARIABLES.map((n) => `'${n}'`).join(', ')})`, false));
  // Keep 'status' and 'variables' apart: both have Rpl_semi_sync_* names.
  const status = Object.fromEntries((await run("SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync%'", true)).map((r) => [String(r.Variable_name), String(r.Value ?? '')]));
  const capturedAtMs = clock();
  const channelRows = await run(st.channels, true);
  const replicaRows = await run(st.replicas, true);
  const binlogRows = await run(st.binlog, true);
  const workerRows = st.workers ? await run(st.workers, true) : [];
  const b = binlogRows[0];
  // Worker errors (MySQL multi-threaded applier) name the failing transaction; SHOW REPLICA STATUS shows only the coordinator's.
  for (const w of workerRows) {
    const errno = Number(w.LAST_ERROR_NUMBER ?? 0);
    if (errno)
      warnings.push(`Applier worker ${String(w.WORKER_ID)} of channel '${String(w.CHANNEL_NAME ?? '')}': error ${errno} ${String(w.LAST_ERROR_MESSAGE ?? '')}`);
  }
  return {
    capturedAtMs,
    version,
    family: features.family,
    variables,
    status,
    channelRows,
    channels: channelRows.map(toChannel),
    replicaRows,
    binlog: b && b.File ? { file: String(b.File), position: Number(b.Position ?? 0) } : null,
    statements,
    warnings,
  };
}

/** The executed GTIDs of a source, to count what a replica still lacks. */
export async function readExecutedGtid(reader: SqlReader, family: 'mysql' | 'mariadb'): Promise<string | null> {
  const rows = await reader.query<{ g: string | null }>(family === 'mariadb' ? 'SELECT @@GLOBAL.gtid_binlog_pos AS g' : 'SELECT @@GLOBAL.gtid_executed AS g');
  const g = rows[0]?.g;
  return g === null || g === undefined ? null : String(g).replace(/\s+/g, '');
}
