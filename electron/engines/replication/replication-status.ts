/**
 * A server's replication state from the raw reads of one collection: each channel's threads,
 * errors, filters and delay, its lag in seconds (the reported one, or the stalled-backlog lag the
 * monitor measures when the server reports NULL) and in transactions (GTIDs received but not
 * applied; GTIDs the source has and the replica lacks), the replicas attached to it, semi-sync,
 * and findings with their evidence. Both row namings (Source_/Replica_ of MySQL 8.0.22+ and
 * MariaDB's SHOW REPLICA STATUS, Master_/Slave_ of SHOW ALL SLAVES STATUS) map here.
 */
import type { AttachedReplica, ReplicationChannelState, ReplicationFinding, ReplicationStatus } from '../../../shared/contract/replication';
import type { ReplicaChannel } from '../../../shared/contract/tuner';
import { fillStalledLag, type BacklogSince } from '../monitor/stalled-lag';
import { gtidDistance, gtidGaps, parseGtidSet, parseMariadbPosition } from './gtid';
import type { Family } from '../flavor/flavor';

/** Everything one collection read, as plain data. */
export interface ReplicationRaw {
  capturedAtMs: number;
  version: string;
  family: Family;
  /** Global variables by lower-case name (server_id, read_only, gtid_*, rpl_semi_sync_*). */
  variables: Readonly<Record<string, string>>;
  /** Global status by name (Rpl_semi_sync_*). */
  status: Readonly<Record<string, string>>;
  /** One row per channel, as the server returned it. */
  channelRows: ReadonlyArray<Record<string, unknown>>;
  /** The same rows mapped by the monitor's collector (its stalled-lag measure reads these). */
  channels: readonly ReplicaChannel[];
  /** SHOW REPLICAS / SHOW SLAVE HOSTS rows. */
  replicaRows: ReadonlyArray<Record<string, unknown>>;
  binlog: { file: string; position: number } | null;
  statements: string[];
  warnings: string[];
  /** The source's executed GTIDs, when the source was read too. */
  sourceGtid?: string | null;
}

/** Lag above this many seconds is a warning; ten times it is critical. */
export const LAG_WARNING_SEC = 30;

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const int = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : null;
};
const bool = (v: string | undefined): boolean | null => (v === undefined ? null : /^(on|1|yes|true)$/i.test(v));
/** First defined value among the namings of one column. */
const pick = (r: Record<string, unknown>, ...names: string[]): unknown => {
  for (const n of names) if (r[n] !== undefined) return r[n];
  return undefined;
};

function threadError(r: Record<string, unknown>, kind: 'IO' | 'SQL'): ReplicationChannelState['ioError'] {
  const errno = int(r[`Last_${kind}_Errno`]) ?? 0;
  const message = str(r[`Last_${kind}_Error`]);
  if (!errno && !message) return null;
  return { errno, message: message ?? '', at: str(r[`Last_${kind}_Error_Timestamp`]) };
}

function filtersOf(r: Record<string, unknown>): Array<{ name: string; value: string }> {
  return Object.entries(r)
    .filter(([k, v]) => k.startsWith('Replicate_') && str(v) !== null && !/^Replicate_Ignore_Server_Ids$/.test(k))
    .map(([name, v]) => ({ name, value: String(v) }));
}

/** One channel's state from its row, the monitor's mapped channel (lag filled in) and the server's variables. */
function channelState(r: Record<string, unknown>, c: ReplicaChannel, filled: ReplicaChannel, raw: ReplicationRaw): ReplicationChannelState {
  const reported = c.secondsBehind;
  const executedGtid =
    raw.family === 'mariadb' ? (str(r.Gtid_Slave_Pos) ?? str(raw.variables.gtid_slave_pos)) : (str(r.Executed_Gtid_Set)?.replace(/\s+/g, '') ?? null);
  const receivedGtid = c.receivedGtid ? c.receivedGtid.replace(/\s+/g, '') : null;
  const autoPosition = str(r.Auto_Position);
  return {
    channel: c.channel,
    sourceHost: c.sourceHost,
    sourcePort: int(pick(r, 'Source_Port', 'Master_Port')),
    sourceServerId: int(pick(r, 'Source_Server_Id', 'Master_Server_Id')),
    ioRunning: c.ioRunning,
    sqlRunning: c.sqlRunning,
    ioState: str(pick(r, 'Replica_IO_State', 'Slave_IO_State')),
    sqlState: str(pick(r, 'Replica_SQL_Running_State', 'Slave_SQL_Running_State')),
    secondsBehindReported: reported,
    lagSeconds: filled.secondsBehind,
    lagBasis: reported !== null ? 'reported' : filled.secondsBehind !== null ? 'stalled-backlog' : 'none',
    readPosition: c.readPosition ?? null,
    executedPosition: c.executedPosition ?? null,
    usingGtid: raw.family === 'mariadb' ? str(r.Using_Gtid) : autoPosition === null ? null : autoPosition === '1' ? 'ON' : 'OFF',
    receivedGtid,
    executedGtid,
    gtidBacklog: receivedGtid && executedGtid !== null ? gtidDistance(receivedGtid, executedGtid, raw.family) : null,
    gtidBehindSource: raw.sourceGtid ? gtidDistance(raw.sourceGtid, executedGtid ?? '', raw.family) : null,
    ioError: threadError(r, 'IO'),
    sqlError: threadError(r, 'SQL'),
    filters: filtersOf(r),
    sqlDelay: int(r.SQL_Delay),
  };
}

function attached(r: Record<string, unknown>): AttachedReplica {
  return {
    serverId: int(pick(r, 'Server_Id', 'Server_id')) ?? 0,
    host: str(r.Host) ?? '',
    port: int(r.Port) ?? 0,
    sourceId: int(pick(r, 'Source_Id', 'Master_id', 'Master_Id')),
  };
}

function channelFindings(c: ReplicationChannelState, family: Family): ReplicationFinding[] {
  const f: ReplicationFinding[] = [];
  const name = c.channel || '(default)';
  const at = (e: ReplicationChannelState['ioError']) => (e ? ` — error ${e.errno}: ${e.message}` : '');
  if (c.ioRunning && /^no$/i.test(c.ioRunning)) {
    f.push({
      id: 'io-stopped',
      severity: 'critical',
      channel: c.channel,
      message: `Channel ${name}: the IO thread is stopped, nothing is received from the source${at(c.ioError)}`,
    });
  } else if (c.ioRunning && /^connecting$/i.test(c.ioRunning)) {
    f.push({ id: 'io-connecting', severity: 'warning', channel: c.channel, message: `Channel ${name}: the IO thread cannot reach the source${at(c.ioError)}` });
  }
  if (c.sqlRunning && /^no$/i.test(c.sqlRunning)) {
    f.push({
      id: 'sql-stopped',
      severity: 'critical',
      channel: c.channel,
      message: `Channel ${name}: the SQL thread is stopped, received transactions are not applied${at(c.sqlError)}${c.gtidBacklog ? ` (${c.gtidBacklog} waiting)` : ''}`,
    });
  }
  if (c.lagSeconds !== null && c.lagSeconds >= LAG_WARNING_SEC) {
    f.push({
      id: 'lag',
      severity: c.lagSeconds >= LAG_WARNING_SEC * 10 ? 'critical' : 'warning',
      channel: c.channel,
      message: `Channel ${name}: ${c.lagSeconds} s behind the source (${c.lagBasis === 'reported' ? 'Seconds_Behind as reported' : 'time since the unapplied backlog was first seen'})`,
    });
  }
  if (c.gtidBehindSource !== null && c.gtidBehindSource > 0) {
    f.push({
      id: 'gtid-behind',
      severity: 'info',
      channel: c.channel,
      message: `Channel ${name}: ${c.gtidBehindSource} transaction(s) executed on the source are not applied here yet`,
    });
  }
  if (family === 'mysql' && c.executedGtid) {
    try {
      const gaps = gtidGaps(parseGtidSet(c.executedGtid));
      if (gaps.length) {
        f.push({
          id: 'gtid-gaps',
          severity: 'warning',
          channel: c.channel,
          message: `Channel ${name}: the executed GTID set has ${gaps.length} gap(s) (${gaps
            .slice(0, 3)
            .map((g) => `${g.source}:${g.from}-${g.to}`)
            .join(', ')}): transactions skipped or applied out of order; a failover to this replica would miss them`,
        });
      }
    } catch {
      // an unreadable set is shown as it is; no gap finding
    }
  }
  if (c.usingGtid !== null && /^(no|off)$/i.test(c.usingGtid)) {
    f.push({
      id: 'no-gtid',
      severity: 'info',
      channel: c.channel,
      message: `Channel ${name}: replicates by file and position; with GTIDs a reader can wait for a write (read-your-writes) and fail over without searching binlogs`,
    });
  }
  if (c.filters.length) {
    f.push({
      id: 'filters',
      severity: 'info',
      channel: c.channel,
      message: `Channel ${name}: replication filters ${c.filters.map((x) => `${x.name}=${x.value}`).join(', ')}: this replica is not a full copy, reads of other tables must not be routed here`,
    });
  }
  if (c.sqlDelay)
    f.push({ id: 'delayed', severity: 'info', channel: c.channel, message: `Channel ${name}: a delayed replica (${c.sqlDelay} s): never route reads to it` });
  return f;
}

/** Builds the status from one collection; `since` carries when each channel's backlog was first seen. */
export function analyzeReplication(raw: ReplicationRaw, since: BacklogSince): { status: ReplicationStatus; since: Record<string, number> } {
  const filled = fillStalledLag(raw.channels, since, raw.capturedAtMs);
  const channels = raw.channelRows.map((r, i) => channelState(r, raw.channels[i]!, filled.channels[i]!, raw));
  const v = raw.variables;
  const serverId = int(v.server_id);
  const readOnly = bool(v.read_only);
  const findings = channels.flatMap((c) => channelFindings(c, raw.family));
  if (channels.length && readOnly === false) {
    findings.push({
      id: 'replica-writable',
      severity: 'warning',
      channel: null,
      message: 'This replica accepts writes (read_only=OFF): a write sent here by mistake diverges it from its source',
    });
  }
  if (raw.family === 'mariadb' && channels.length && v.gtid_binlog_pos && serverId !== null) {
    try {
      const own = [...parseMariadbPosition(v.gtid_binlog_pos).values()].filter((g) => g.server === serverId);
      if (own.length) {
        findings.push({
          id: 'local-writes',
          severity: 'warning',
          channel: null,
          message: `This replica has written transactions of its own (gtid_binlog_pos ${own.map((g) => `${g.domain}-${g.server}-${g.seq}`).join(',')}, server_id ${serverId}): they are not on the source and would be lost, or replayed, on a failover`,
        });
      }
    } catch {
      // unreadable position: nothing to say
    }
  }
  const sourceEnabled = bool(v.rpl_semi_sync_source_enabled ?? v.rpl_semi_sync_master_enabled);
  const sourceActive = bool(raw.status.Rpl_semi_sync_source_status ?? raw.status.Rpl_semi_sync_master_status);
  if (sourceEnabled && sourceActive === false) {
    findings.push({
      id: 'semi-sync-off',
      severity: 'warning',
      channel: null,
      message: 'Semi-synchronous replication is enabled but the source has fallen back to asynchronous (no replica acknowledged within the timeout)',
    });
  }
  const gtidExecuted = raw.family === 'mariadb' ? str(v.gtid_current_pos) : (str(v.gtid_executed)?.replace(/\s+/g, '') ?? null);
  if (raw.family === 'mysql' && !channels.length && gtidExecuted) {
    try {
      const gaps = gtidGaps(parseGtidSet(gtidExecuted));
      if (gaps.length)
        findings.push({ id: 'gtid-gaps', severity: 'warning', channel: null, message: `gtid_executed has ${gaps.length} gap(s): transactions were skipped` });
    } catch {
      // not a set
    }
  }
  const status: ReplicationStatus = {
    capturedAt: new Date(raw.capturedAtMs).toISOString(),
    server: {
      version: raw.version,
      family: raw.family,
      serverId,
      readOnly,
      gtidExecuted,
      gtidBinlogPos: raw.family === 'mariadb' ? str(v.gtid_binlog_pos) : null,
      gtidMode: str(v.gtid_mode) ?? (raw.family === 'mariadb' ? 'ON' : null),
      binlog: raw.binlog,
    },
    statements: raw.statements,
    channels,
    replicas: raw.replicaRows.map(attached),
    semiSync: {
      sourceEnabled,
      replicaEnabled: bool(v.rpl_semi_sync_replica_enabled ?? v.rpl_semi_sync_slave_enabled),
      sourceActive,
      clients: int(raw.status.Rpl_semi_sync_source_clients ?? raw.status.Rpl_semi_sync_master_clients),
    },
    findings,
    warnings: raw.warnings,
  };
  return { status, since: filled.since };
}
