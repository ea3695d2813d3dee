import { describe, expect, it } from 'vitest';
import { toChannel } from '../../connections/collectors/server-status.collector';
import mariadb from './fixtures/mariadb-10.11-all-slaves-status.json';
import mysqlDoc from './fixtures/mysql-8.4-show-replica-status.json';
import { analyzeReplication, type ReplicationRaw } from './replication-status';

type Row = Record<string, unknown>;

function raw(family: 'mysql' | 'mariadb', rows: Row[], variables: Record<string, string>, extra: Partial<ReplicationRaw> = {}): ReplicationRaw {
  return {
    capturedAtMs: Date.parse('2026-12-06T20:00:00Z'),
    version: family === 'mariadb' ? mariadb.version : mysqlDoc.version,
    family,
    variables,
    status: {},
    channelRows: rows,
    channels: rows.map(toChannel),
    replicaRows: [],
    binlog: null,
    statements: [],
    warnings: [],
    ...extra,
  };
}
const mariadbVars = Object.fromEntries((mariadb.variables as Array<{ Variable_name: string; Value: string }>).map((v) => [v.Variable_name, v.Value]));
const row = mariadb.rows[0] as Row;

describe('replication state of the MariaDB 10.11 replica (captured SHOW ALL SLAVES STATUS)', () => {
  it('reads threads, source, GTID mode and positions, the filter, and no backlog', () => {
    const { status } = analyzeReplication(raw('mariadb', [row], mariadbVars), {});
    const c = status.channels[0]!;
    expect(c).toMatchObject({
      channel: '',
      sourceHost: '127.0.0.1',
      ioRunning: 'Yes',
      sqlRunning: 'Yes',
      usingGtid: 'Slave_Pos',
      lagSeconds: 0,
      lagBasis: 'reported',
      gtidBacklog: 0,
    });
    expect(c.sourcePort).toBe(row.Master_Port);
    expect(c.executedGtid).toBe(row.Gtid_Slave_Pos);
    expect(c.filters).toEqual([{ name: 'Replicate_Wild_Do_Table', value: 'dbw_repl.%' }]);
    expect(status.findings.map((f) => f.id)).toContain('filters');
    expect(status.findings.filter((f) => f.severity === 'critical')).toEqual([]);
  });

  it('a stopped SQL thread with received events: lag NULL as reported, rising from the backlog, transactions waiting counted', () => {
    const stopped: Row = {
      ...row,
      Slave_SQL_Running: 'No',
      Seconds_Behind_Master: null,
      Read_Master_Log_Pos: Number(row.Exec_Master_Log_Pos) + 4000,
      Gtid_IO_Pos: '0-1-2000',
      Gtid_Slave_Pos: '0-1-1990',
    };
    const first = analyzeReplication(raw('mariadb', [stopped], mariadbVars), {});
    const later = analyzeReplication({ ...raw('mariadb', [stopped], mariadbVars), capturedAtMs: Date.parse('2026-12-06T20:00:07Z') }, first.since);
    const c = later.status.channels[0]!;
    expect(first.status.channels[0]!.lagSeconds).toBe(0);
    expect(c).toMatchObject({ secondsBehindReported: null, lagSeconds: 7, lagBasis: 'stalled-backlog', gtidBacklog: 10 });
    expect(later.status.findings.find((f) => f.id === 'sql-stopped')).toMatchObject({ severity: 'critical' });
    expect(later.status.findings.find((f) => f.id === 'sql-stopped')!.message).toContain('10 waiting');
  });

  it('an IO error is critical and names the error; local writes on the replica are flagged', () => {
    const broken: Row = {
      ...row,
      Slave_IO_Running: 'No',
      Last_IO_Errno: 1236,
      Last_IO_Error: "Got fatal error 1236 from master when reading data from binary log: 'Could not find GTID state'",
    };
    const { status } = analyzeReplication(raw('mariadb', [broken], { ...mariadbVars, server_id: '3527', gtid_binlog_pos: '0-3527-5' }), {});
    expect(status.channels[0]!.ioError).toEqual({ errno: 1236, message: expect.stringContaining('Could not find GTID state'), at: null });
    expect(status.findings.find((f) => f.id === 'io-stopped')!.message).toContain('error 1236');
    expect(status.findings.find((f) => f.id === 'local-writes')!.message).toContain('0-3527-5');
  });

  it('with the source read too, counts transactions the replica lacks', () => {
    const { status } = analyzeReplication(
      raw('mariadb', [row], mariadbVars, { sourceGtid: `0-1-${Number(String(row.Gtid_Slave_Pos).split('-')[2]) + 25}` }),
      {},
    );
    expect(status.channels[0]!.gtidBehindSource).toBe(25);
  });
});

describe("replication state of MySQL 8.4 (the manual's SHOW REPLICA STATUS example)", () => {
  it('maps the Source_/Replica_ names, auto-position, and counts backlog and gaps from the GTID sets', () => {
    const { status } = analyzeReplication(raw('mysql', mysqlDoc.rows as Row[], { server_id: '2', read_only: 'ON', gtid_mode: 'ON' }), {});
    const c = status.channels[0]!;
    expect(c).toMatchObject({
      sourceHost: '127.0.0.1',
      sourcePort: 13000,
      sourceServerId: 1,
      ioRunning: 'Yes',
      sqlRunning: 'Yes',
      usingGtid: 'ON',
      lagSeconds: 0,
    });
    expect(c.readPosition).toBe('master-bin.000001:927');
    // Retrieved 1-12, executed 1-7:9-10: 8, 11 and 12 are received and not applied.
    expect(c.gtidBacklog).toBe(3);
    expect(status.findings.find((f) => f.id === 'gtid-gaps')!.message).toContain(':8-8');
    expect(status.findings.find((f) => f.id === 'replica-writable')).toBeUndefined();
  });

  it('a writable replica, semi-sync fallen back to async, and the attached replicas of a source', () => {
    const { status } = analyzeReplication(
      raw(
        'mysql',
        mysqlDoc.rows as Row[],
        { server_id: '2', read_only: 'OFF', rpl_semi_sync_source_enabled: 'ON' },
        {
          status: { Rpl_semi_sync_source_status: 'OFF', Rpl_semi_sync_source_clients: '0' },
          replicaRows: [{ Server_Id: 10, Host: 'iconnect2', Port: 3306, Source_Id: 3, Replica_UUID: '14cb6624-7f93-11e0-b2c0-c80aa9429562' }],
        },
      ),
      {},
    );
    expect(status.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['replica-writable', 'semi-sync-off']));
    expect(status.semiSync).toEqual({ sourceEnabled: true, replicaEnabled: null, sourceActive: false, clients: 0 });
    expect(status.replicas).toEqual([{ serverId: 10, host: 'iconnect2', port: 3306, sourceId: 3 }]);
  });
});
