/**
 * Replication and read/write split handlers. `replication.status` reads a server's replication
 * state through a read session and keeps, per connection, when each channel's unapplied backlog
 * was first seen (the monitor's stalled-lag measure) and a lag history of the last
 * HISTORY_POINTS reads for the chart. `rwsplit.advise` runs the advisor on a slow log's text or
 * on the server's performance_schema statement history, with the server's attached replicas as
 * the exports' readers. The CLI calls the same functions.
 */
import { AppError } from '../../../shared/contract/core';
import type { LagPoint, ReplicationStatus, RwSplitAdvice, RwSplitOptions, RwTopology, replicationContract } from '../../../shared/contract/replication';
import { collectReplication, readExecutedGtid } from '../../connections/collectors/replication.collector';
import { collectStatementHistory } from '../../connections/collectors/rwsplit.collector';
import { MysqlSession, withMysqlSession } from '../../connections/mysql-session';
import type { Handlers } from '../../dispatch/dispatcher';
import { dialectOfFlavor } from '../../engines/flavor/dialect';
import type { BacklogSince } from '../../engines/monitor/stalled-lag';
import { analyzeReplication } from '../../engines/replication/replication-status';
import { adviseRwSplit } from '../../engines/replication/rwsplit-advice';
import { eventsFromSlowLog } from '../../engines/replication/rwsplit-slowlog';
import type { ConnectionConfig } from '../../store/connections.repo';
import type { ServiceDeps } from '../service-deps';
import type { Family } from '../../engines/flavor/flavor';

/** Lag points kept per connection (one per read; the panel reads every 2 s, so about 20 minutes). */
export const HISTORY_POINTS = 600;

/** A read of replication state, with the source's GTIDs when a source session is given. */
export async function readReplicationStatus(
  session: MysqlSession,
  since: BacklogSince,
  source?: MysqlSession | null,
): Promise<{ status: ReplicationStatus; since: Record<string, number> }> {
  const features = dialectOfFlavor(session.flavor);
  const raw = await collectReplication(session, features, session.flavor.version);
  if (source) {
    const sf = dialectOfFlavor(source.flavor);
    raw.sourceGtid = await readExecutedGtid(source, sf.family);
    raw.statements.push(sf.family === 'mariadb' ? 'SELECT @@GLOBAL.gtid_binlog_pos (on the source)' : 'SELECT @@GLOBAL.gtid_executed (on the source)');
  }
  return analyzeReplication(raw, since);
}

/** The lag points of one read. */
export function lagPoints(status: ReplicationStatus): LagPoint[] {
  return status.channels.map((c) => ({ at: status.capturedAt, channel: c.channel, lagSeconds: c.lagSeconds, gtidBacklog: c.gtidBacklog }));
}

/** Advice from a slow log's text. */
export function adviseFromSlowLog(text: string | Buffer, options: RwSplitOptions, opts: { family?: Family; topology?: RwTopology } = {}): RwSplitAdvice {
  const { events, warnings } = eventsFromSlowLog(text);
  const family =
    opts.family ?? (/mariadb/i.test(typeof text === 'string' ? text.slice(0, 4096) : text.subarray(0, 4096).toString('latin1')) ? 'mariadb' : 'mysql');
  return adviseRwSplit(events, { options, family, source: 'slowlog', topology: opts.topology, warnings });
}

/** Advice from a live server's statement history; its attached replicas (when it lists them) are the exports' readers. */
export async function adviseFromServer(
  session: MysqlSession,
  endpoint: { host: string; port: number },
  options: RwSplitOptions,
  topology?: RwTopology,
): Promise<RwSplitAdvice> {
  const features = dialectOfFlavor(session.flavor);
  const history = await collectStatementHistory(session);
  let topo = topology;
  if (!topo) {
    const raw = await collectReplication(session, features, session.flavor.version);
    topo = {
      writer: endpoint,
      readers: raw.replicaRows.map((r) => ({ host: String(r.Host || endpoint.host), port: Number(r.Port) })).filter((r) => r.port > 0),
    };
  }
  const dbs = new Set(history.events.map((e) => e.db).filter((d): d is string => !!d));
  return adviseRwSplit(history.events, {
    options,
    family: features.family,
    source: 'performance_schema',
    topology: topo,
    database: dbs.size === 1 ? [...dbs][0] : undefined,
    warnings: history.warnings,
  });
}

function mysqlConfig(deps: ServiceDeps, connectionId: string): ConnectionConfig {
  const cfg = deps.connections.config(connectionId);
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', 'Replication is read from MySQL and MariaDB servers; this connection is Redis');
  return cfg;
}

/** Handlers for the replication and rwsplit calls. */
export function replicationHandlers(deps: ServiceDeps): Handlers<typeof replicationContract> {
  const state = new Map<string, { since: BacklogSince; history: LagPoint[] }>();
  return {
    'replication.status': async ({ connectionId, sourceConnectionId }) => {
      const cfg = mysqlConfig(deps, connectionId);
      const sourceCfg = sourceConnectionId ? mysqlConfig(deps, sourceConnectionId) : null;
      const s = state.get(connectionId) ?? { since: {}, history: [] };
      const { status, since } = await withMysqlSession(cfg, async (session) =>
        sourceCfg ? withMysqlSession(sourceCfg, (source) => readReplicationStatus(session, s.since, source)) : readReplicationStatus(session, s.since),
      );
      s.since = since;
      s.history = [...s.history, ...lagPoints(status)].slice(-HISTORY_POINTS);
      state.set(connectionId, s);
      return { status, history: s.history };
    },
    'rwsplit.advise': async ({ source, options, topology }) => {
      if (source.kind === 'slowlog-text') return adviseFromSlowLog(source.text, options, { topology });
      const cfg = mysqlConfig(deps, source.connectionId);
      return withMysqlSession(cfg, (session) => adviseFromServer(session, { host: cfg.host, port: cfg.port }, options, topology));
    },
  };
}
