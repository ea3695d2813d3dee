import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestReport } from '../../../shared/contract/slow-log';
import { mariadbServer, sqlServers, type TestServer } from '../../testing/servers';
import type { ConnectionConfig } from '../../store/connections.repo';
import { liveDigest } from './live-digest';

const cfg = (s: TestServer): ConnectionConfig => ({
  id: 'live-test',
  name: s.label,
  kind: 'mysql',
  host: s.host,
  port: s.port,
  user: s.user,
  database: '',
  socket: '',
  tls: { mode: 'disabled' },
  production: false,
  readTimeoutMs: 30_000,
  password: s.password,
});
const ctx = { signal: new AbortController().signal, progress: () => undefined };

describe.each(sqlServers)('live digest on $label', (server) => {
  it('turns performance_schema digests into a report, saying which statistics it lacks', async () => {
    const probe = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password });
    // A statement with a known digest, so the summary table has something of ours. It sleeps so that
    // its total time ranks it among the top digests the collector reads, however many other
    // statements earlier tests ran on this server.
    for (let i = 0; i < 3; i++) await probe.query('SELECT SLEEP(0.3), COUNT(*) FROM cowrite.users WHERE email LIKE ?', [`%live-probe-${i}%`]);
    await probe.end();
    const r = await liveDigest(cfg(server), 'performance_schema', {}, ctx);
    expect(digestReport.safeParse(r.report).success).toBe(true);
    const cls = r.report.classes.find((c) => /from `?cowrite`?\s*\.\s*`?users`? where `?email`? like \?/i.test(c.fingerprint));
    expect(cls, 'the probe statement is in the digest summary').toBeDefined();
    expect(cls!.count).toBeGreaterThanOrEqual(3);
    expect(cls!.metrics.Query_time!.sum).toBeGreaterThan(0);
    expect(cls!.metrics.Rows_examined!.sum).toBeGreaterThan(0);
    expect(cls!.tables.join(' ')).toMatch(/users/);
    expect(r.missingMetrics).toContain('Query_time.median');
    expect(r.missingMetrics.includes('Query_time.p95')).toBe(server.label.startsWith('MariaDB'));
  });

  it('refuses mysql.slow_log when the log goes to a file only', async () => {
    const c = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password });
    const [[row]] = (await c.query('SELECT @@log_output AS o')) as unknown as [[{ o: string }]];
    await c.end();
    if (row.o.toUpperCase().includes('TABLE')) return;
    await expect(liveDigest(cfg(server), 'slow_log_table', {}, ctx)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

describe('live digest from mysql.slow_log (MariaDB, log_output switched to FILE,TABLE for the test)', () => {
  let admin: mysql.Connection;
  let before = '';
  beforeAll(async () => {
    admin = await mysql.createConnection({ host: mariadbServer.host, port: mariadbServer.port, user: mariadbServer.user, password: mariadbServer.password });
    const [[row]] = (await admin.query('SELECT @@log_output AS o')) as unknown as [[{ o: string }]];
    before = row.o;
    await admin.query("SET GLOBAL log_output = 'FILE,TABLE'");
  });
  afterAll(async () => {
    await admin.query('SET GLOBAL log_output = ?', [before]);
    await admin.end();
  });

  it('reads the table rows as slow-log events and digests them', async () => {
    const probe = await mysql.createConnection({
      host: mariadbServer.host,
      port: mariadbServer.port,
      user: mariadbServer.user,
      password: mariadbServer.password,
      database: 'cowrite',
    });
    // long_query_time is 0 on the sandbox, so these land in the log; the session setting makes sure.
    await probe.query('SET SESSION long_query_time = 0');
    for (let i = 0; i < 4; i++) await probe.query(`SELECT id FROM projects WHERE name = 'dbw-table-probe-${i}'`);
    await probe.end();
    const r = await liveDigest(cfg(mariadbServer), 'slow_log_table', { filter: { text: 'dbw-table-probe' } }, ctx);
    expect(r.source).toBe('slow_log_table');
    const cls = r.report.classes.find((c) => c.fingerprint.includes('from projects where name = ?'));
    expect(cls, JSON.stringify(r.report.classes.map((c) => c.fingerprint))).toBeDefined();
    expect(cls!.count).toBeGreaterThanOrEqual(4);
    expect(cls!.dbs[0]!.value).toBe('cowrite');
    expect(cls!.metrics.Rows_examined!.max).toBeGreaterThan(1000);
  });
});

describe.each(sqlServers)('live digest names and percentiles on $label', (server) => {
  const DB = 'dbw_live_digest_names';
  let admin: mysql.Connection;

  beforeAll(async () => {
    admin = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password });
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.query(`CREATE DATABASE ${DB}`);
    await admin.query(`CREATE TABLE ${DB}.t (id INT PRIMARY KEY, v VARCHAR(10))`);
    await admin.query(`INSERT INTO ${DB}.t VALUES (1, 'a'), (2, 'b')`);
    for (let i = 0; i < 5; i++) await admin.query(`CHECKSUM TABLE ${DB}.t`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
  });

  it('names a statement distill leaves blank (CHECKSUM TABLE) and keeps every p95/p99 within [min, max]', async () => {
    const r = await liveDigest(cfg(server), 'performance_schema', {}, ctx);
    const checksum = r.report.classes.find((c) => /^checksum table/i.test(c.fingerprint));
    expect(checksum, 'CHECKSUM TABLE digest').toBeDefined();
    expect(checksum!.distillate).toMatch(/^CHECKSUM TABLE/);
    for (const c of r.report.classes) {
      expect(c.distillate.trim(), c.fingerprint).not.toBe('');
      const qt = c.metrics.Query_time!;
      expect(qt.p95, c.fingerprint).toBeLessThanOrEqual(qt.max);
      expect(qt.p99, c.fingerprint).toBeLessThanOrEqual(qt.max);
    }
  });
});
