/**
 * `dbw replication`: a server's replication state — its channels (threads, lag in seconds and in
 * GTID transactions, errors, filters), the replicas attached to it, semi-sync — and the findings,
 * read with the app's own service function. `--source URL` also reads the source to count the
 * transactions the replica lacks. Exit 1 when a finding is critical (a stopped thread, a large lag).
 */
import type { ReplicationStatus } from '../../../../shared/contract/replication';
import { MysqlSession } from '../../../connections/mysql-session';
import { readReplicationStatus } from '../../../services/replication/replication.service';
import type { CliCommand, CliIO } from './command';
import { parseFlags, UsageError, parseConnectionUrl } from './flags';

const usage = `Usage:
  dbw replication --connection URL [--source URL] [--json]

  --connection URL  mysql://user:pass@host:port/ (mariadb:// too) of the server to read; used read-only
  --source URL      its replication source, to count the transactions the replica has not applied
  --json            the state as JSON: {"server", "channels": [...], "replicas": [...], "semiSync", "findings": [...]}

Reads SHOW ALL SLAVES STATUS and SHOW SLAVE HOSTS on MariaDB, SHOW REPLICA STATUS, SHOW REPLICAS
and performance_schema.replication_applier_status_by_worker on MySQL, the binlog position and the
GTID and semi-sync variables. Exit codes: 0 healthy, 1 a critical finding, 2 bad usage or connection failure.`;

const v = (x: string | number | null | undefined) => (x === null || x === undefined || x === '' ? '—' : String(x));

/** The human report. */
export function formatReplication(s: ReplicationStatus): string {
  const out: string[] = [];
  out.push(
    `${s.server.family === 'mariadb' ? 'MariaDB' : 'MySQL'} ${s.server.version}  server_id ${v(s.server.serverId)}  read_only ${s.server.readOnly === null ? '—' : s.server.readOnly ? 'ON' : 'OFF'}`,
  );
  out.push(`  binlog ${s.server.binlog ? `${s.server.binlog.file}:${s.server.binlog.position}` : 'off'}  GTIDs executed ${v(s.server.gtidExecuted)}`);
  if (!s.channels.length) out.push('  Not a replica (no replication channel).');
  for (const c of s.channels) {
    out.push(`Channel '${c.channel}' from ${v(c.sourceHost)}:${v(c.sourcePort)} (server ${v(c.sourceServerId)}), GTID ${v(c.usingGtid)}`);
    out.push(
      `  IO ${v(c.ioRunning)}  SQL ${v(c.sqlRunning)}  lag ${c.lagSeconds === null ? '—' : `${c.lagSeconds} s`} (${c.lagBasis})  backlog ${v(c.gtidBacklog)} trx  behind source ${v(c.gtidBehindSource)} trx`,
    );
    out.push(`  received ${v(c.receivedGtid)}  applied ${v(c.executedGtid)}`);
    if (c.ioError) out.push(`  IO error ${c.ioError.errno}: ${c.ioError.message}`);
    if (c.sqlError) out.push(`  SQL error ${c.sqlError.errno}: ${c.sqlError.message}`);
    for (const f of c.filters) out.push(`  filter ${f.name} = ${f.value}`);
  }
  if (s.replicas.length) {
    out.push('Replicas attached:');
    for (const r of s.replicas) out.push(`  server ${r.serverId} at ${r.host || '?'}:${r.port}`);
  }
  if (s.semiSync.sourceEnabled || s.semiSync.replicaEnabled) {
    out.push(
      `Semi-sync: source ${v(String(s.semiSync.sourceEnabled))} (active ${v(String(s.semiSync.sourceActive))}, ${v(s.semiSync.clients)} clients), replica ${v(String(s.semiSync.replicaEnabled))}`,
    );
  }
  for (const f of s.findings) out.push(`[${f.severity}] ${f.message}`);
  for (const w of s.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}

async function run(flags: { connection?: string; source?: string; json?: boolean }, io: CliIO): Promise<number> {
  if (!flags.connection) throw new UsageError('Give --connection URL');
  const cfg = parseConnectionUrl(flags.connection);
  const sourceCfg = flags.source ? parseConnectionUrl(flags.source) : null;
  const session = await MysqlSession.open(cfg);
  let source: MysqlSession | null = null;
  try {
    if (sourceCfg) source = await MysqlSession.open(sourceCfg);
    const { status } = await readReplicationStatus(session, {}, source);
    io.stdout.write(flags.json ? JSON.stringify(status, null, 2) + '\n' : formatReplication(status));
    return status.findings.some((f) => f.severity === 'critical') ? 1 : 0;
  } finally {
    await source?.close();
    await session.close();
  }
}

/** The replication command. */
export const replicationCommand: CliCommand = {
  name: 'replication',
  usage,
  async run(args, io) {
    try {
      const flags = parseFlags(args, { connection: 'string', source: 'string', json: 'boolean', help: 'boolean' });
      if (flags.help) {
        io.stdout.write(usage + '\n');
        return 0;
      }
      return await run(flags, io);
    } catch (e) {
      io.stderr.write(`dbw replication: ${(e as Error).message}\n${e instanceof UsageError ? `\n${usage}\n` : ''}`);
      return 2;
    }
  },
};
