/**
 * `dbw bench --sysbench` on both servers: the scratch plan shown and confirmed, an oltp_read_write
 * run, its JSON (tps, qps, p95Ms, errors, intervals) and the scratch gone afterwards; without
 * --yes and without a "yes", nothing is created.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConnection } from '../../../testing/harness';
import { sqlServers } from '../../../testing/servers';
import { benchCommand } from './bench.command';
import { memoryIO } from '../../../testing/cli';

describe.each(sqlServers)('dbw bench --sysbench on $label', (server) => {
  const url = `mysql://${server.user}@${server.host}:${server.port}/`;
  let admin: mysql.Connection;
  const scratches = async (): Promise<string[]> => {
    const [d] = await admin.query("SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'dbw\\_sb\\_%'");
    return (d as Array<{ n: string }>).map((r) => r.n);
  };

  beforeAll(async () => {
    process.env.DBW_WORKSPACE = mkdtempSync(join(tmpdir(), 'dbw-cli-sysbench-'));
    admin = await adminConnection(server);
  });
  afterAll(async () => {
    await admin?.end();
  });

  it('runs oltp_read_write and prints tps, qps, p95Ms, errors and the per-second intervals as JSON', async () => {
    const h = memoryIO('');
    const args = [
      '--connection',
      url,
      '--sysbench',
      'oltp_read_write',
      '--threads',
      '2',
      '--time',
      '3',
      '--tables',
      '1',
      '--table-size',
      '500',
      '--yes',
      '--json',
    ];
    const code = await benchCommand.run(args, h.io);
    expect(h.err()).toMatch(/CREATE DATABASE `dbw_sb_[0-9a-f]{12}`/);
    expect(h.err()).not.toMatch(/IDENTIFIED BY '(?!<redacted>)/);
    expect(code).toBe(0);
    const j = JSON.parse(h.out()) as {
      tps: number;
      qps: number;
      p95Ms: number;
      errors: number;
      transactions: number;
      queries: { reads: number; writes: number; other: number; total: number };
      intervals: Array<{ t: number; tps: number }>;
      histogram: Array<{ count: number }>;
      server: { statements: number | null; samples: unknown[] };
      scratch: string;
      dropped: boolean;
    };
    expect(j.tps).toBeGreaterThan(0);
    expect(j.qps).toBeGreaterThan(j.tps);
    expect(j.p95Ms).toBeGreaterThan(0);
    expect(j.errors).toBeGreaterThanOrEqual(0);
    expect(j.intervals.length).toBeGreaterThanOrEqual(2);
    expect(j.queries.writes).toBeGreaterThan(0);
    expect(j.histogram.reduce((a, b) => a + b.count, 0)).toBe(j.transactions);
    // A deadlock sysbench ignores is a statement the server ran that sysbench counts as an error,
    // not a query (its ROLLBACK is one of sysbench's "other" queries): server = queries + errors, exactly.
    expect(j.server.statements).toBe(j.queries.total + j.errors);
    expect(j.dropped).toBe(true);
    expect(await scratches()).not.toContain(j.scratch);
  }, 120_000);

  it('creates nothing when the run is not confirmed', async () => {
    const before = await scratches();
    const h = memoryIO('no\n');
    const code = await benchCommand.run(['--connection', url, '--sysbench', 'oltp_point_select', '--time', '1'], h.io);
    expect(code).toBe(1);
    expect(h.err()).toContain('Not confirmed');
    expect(await scratches()).toEqual(before);
  });

  it('refuses an unknown workload and an out-of-range option with a usage error', async () => {
    const h = memoryIO('');
    expect(await benchCommand.run(['--connection', url, '--sysbench', 'tpcc', '--yes'], h.io)).toBe(2);
    expect(h.err()).toMatch(/--sysbench: Invalid (enum value|option)/);
    const h2 = memoryIO('');
    expect(await benchCommand.run(['--connection', url, '--sysbench', 'oltp_read_only', '--threads', '0', '--yes'], h2.io)).toBe(2);
    expect(h2.err()).toMatch(/--threads/);
  });
});
