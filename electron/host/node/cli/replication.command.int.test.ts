/**
 * `dbw replication` and `dbw rwsplit` end to end: the replica's state as JSON and text (MariaDB),
 * a MySQL server with no channel, the advisor on a generated slow log (pairs found, both exports
 * printed and structurally valid), and on MySQL's live performance_schema history a write then a
 * read on one connection found as a pair (MariaDB keeps no history by default: said, not guessed).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplicationStatus, RwSplitAdvice } from '../../../../shared/contract/replication';
import { checkProxysqlConfig } from '../../../engines/replication/proxysql-export';
import { checkShardingSphereText } from '../../../engines/replication/rwsplit-shardingsphere';
import { runCli } from '../../../testing/cli';
import { adminConnection } from '../../../testing/harness';
import { plantedLog, controlLog } from '../../../testing/rwsplit-log';
import { mariadbReplicaServer, mariadbServer, mysqlServer, type TestServer } from '../../../testing/servers';
import { replicationCommand } from './replication.command';
import { rwsplitCommand } from './rwsplit.command';

const url = (s: TestServer) => `mysql://${s.user}:${s.password}@${s.host}:${s.port}/`;

describe('dbw replication', () => {
  it('reads the MariaDB replica: its channel, and with --source the transactions it lacks', async () => {
    const r = await runCli(replicationCommand, ['--connection', url(mariadbReplicaServer), '--source', url(mariadbServer), '--json']);
    expect(r.err).toBe('');
    const s = JSON.parse(r.out) as ReplicationStatus;
    expect(s.channels).toHaveLength(1);
    expect(s.channels[0]!.sourcePort).toBe(mariadbServer.port);
    expect(s.channels[0]!.gtidBehindSource).toEqual(expect.any(Number));
    expect(r.code).toBe(s.findings.some((f) => f.severity === 'critical') ? 1 : 0);
    const text = await runCli(replicationCommand, ['--connection', url(mariadbReplicaServer)]);
    expect(text.out).toMatch(/Channel '' from 127\.0\.0\.1:\d+/);
    expect(text.out).toContain('filter Replicate_Wild_Do_Table = dbw_repl.%');
  });

  it('reads MySQL 9.7 as a server with no channel, exit 0', async () => {
    const r = await runCli(replicationCommand, ['--connection', url(mysqlServer)]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Not a replica');
  });

  it('says what is wrong with the command line', async () => {
    const r = await runCli(replicationCommand, ['--json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Give --connection URL');
  });
});

describe('dbw rwsplit on a slow log', () => {
  let dir: string;
  let planted: string;
  let control: string;
  beforeAll(() => {
    dir = mkdtempSync(join(process.env.DBW_SANDBOX_DIR ?? tmpdir(), 'dbw-rwsplit-cli-'));
    planted = join(dir, 'planted.log');
    control = join(dir, 'control.log');
    writeFileSync(planted, plantedLog({ pairs: 9 }).text);
    writeFileSync(control, controlLog().text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the planted pairs and routes their read after a GTID wait (JSON)', async () => {
    const r = await runCli(rwsplitCommand, ['--slowlog', planted, '--json', '--reader', '10.0.0.2:3306']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as RwSplitAdvice;
    expect(a.pairs).toHaveLength(1);
    expect(a.pairs[0]!.occurrences).toBe(9);
    expect(a.classes.some((c) => c.route === 'replica-after-gtid-wait')).toBe(true);
    expect(a.exports.every((e) => e.problems.length === 0)).toBe(true);
  });

  it('prints no pair for the control log, and the text report', async () => {
    const r = await runCli(rwsplitCommand, ['--slowlog', control]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Read-after-write pairs (same connection, within 1000 ms): 0');
  });

  it('--export prints each engine’s configuration, valid by its documented structure', async () => {
    const p = await runCli(rwsplitCommand, ['--slowlog', planted, '--export', 'proxysql', '--writer', 'db1:3306', '--reader', 'db2:3306', '--max-lag', '3']);
    expect(p.code).toBe(0);
    expect(checkProxysqlConfig(p.out)).toEqual([]);
    expect(p.out).toContain("(20, 'db2', 3306, 3,");
    const s = await runCli(rwsplitCommand, ['--slowlog', planted, '--export', 'shardingsphere', '--reader', 'db2:3306']);
    expect(s.code).toBe(0);
    expect(checkShardingSphereText(s.out)).toEqual([]);
    expect(s.out).toContain('- !READWRITE_SPLITTING');
  });

  it('reads standard input, and refuses a missing file or a bad option with exit 2', async () => {
    const r = await runCli(rwsplitCommand, ['--slowlog', '-', '--json'], plantedLog({ pairs: 4 }).text);
    expect((JSON.parse(r.out) as RwSplitAdvice).pairs[0]!.occurrences).toBe(4);
    const missing = await runCli(rwsplitCommand, ['--slowlog', join(dir, 'nope.log')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file');
    const bad = await runCli(rwsplitCommand, ['--slowlog', planted, '--window-ms', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('windowMs');
    expect((await runCli(rwsplitCommand, ['--slowlog', planted, '--connection', url(mysqlServer)])).code).toBe(2);
  });
});

describe('dbw rwsplit on a live server', () => {
  const table = `dbw_repl.dbw_repl_rw_cli_${process.pid}`;
  let conn: mysql.Connection;
  beforeAll(async () => {
    conn = await adminConnection(mysqlServer);
    await conn.query('CREATE DATABASE IF NOT EXISTS dbw_repl');
    await conn.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, v INT)`);
  });
  afterAll(async () => {
    await conn?.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await conn?.end();
  });

  it('MySQL 9.7: a write then a read of the same row on one connection is a pair, from performance_schema', async () => {
    await conn.query(`INSERT INTO ${table} (id, v) VALUES (1, 1)`);
    await conn.query(`SELECT v FROM ${table} WHERE id = 1`);
    const r = await runCli(rwsplitCommand, ['--connection', url(mysqlServer), '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as RwSplitAdvice;
    expect(a.source).toBe('performance_schema');
    expect(a.flavor).toBe('mysql');
    const pair = a.pairs.find((p) => p.readFingerprint.includes('dbw_repl_rw_cli_'));
    expect(pair).toBeDefined();
    expect(pair!.writeFingerprint).toMatch(/^insert into dbw_repl\.dbw_repl_rw_cli_/);
    expect(a.gtidWait).toContain('WAIT_FOR_EXECUTED_GTID_SET');
  });

  it('MariaDB 10.11 without statement history: no pair invented, the consumer to enable named', async () => {
    const r = await runCli(rwsplitCommand, ['--connection', url(mariadbServer), '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as RwSplitAdvice;
    expect(a.flavor).toBe('mariadb');
    expect(a.gtidWait).toContain('MASTER_GTID_WAIT');
    if (a.events === 0) expect(a.warnings.join(' ')).toContain('events_statements_history_long');
  });
});
