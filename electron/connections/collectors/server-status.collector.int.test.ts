import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectServerStatus } from './server-status.collector';
import { sqlServers } from '../../testing/servers';
import { tunerSnapshot } from '../../../shared/contract/tuner';
import type { SqlReader } from '../sql-reader';

describe.each(sqlServers)('collectServerStatus on $label', (server) => {
  let conn: mysql.Connection;
  let reader: SqlReader;
  beforeAll(async () => {
    conn = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password });
    reader = { query: async <T>(sql: string, params?: readonly unknown[]) => (await conn.query(sql, params as unknown[]))[0] as T[] };
  });
  afterAll(async () => {
    await conn.end();
  });

  it('takes two status samples through the injected sleep and returns a valid snapshot', async () => {
    const slept: number[] = [];
    const snap = await collectServerStatus(reader, {
      intervalMs: 1500,
      sleep: async (ms) => {
        slept.push(ms);
        // Generate some activity between the samples so the deltas are non-zero.
        await conn.query('SELECT COUNT(*) FROM cowrite.users');
        await new Promise((r) => setTimeout(r, ms));
      },
      host: { ramBytes: 8 * 1024 ** 3, cores: 2, source: 'user' },
    });
    expect(slept).toEqual([1500]);
    expect(() => tunerSnapshot.parse(snap)).not.toThrow();
    expect(snap.intervalSeconds).toBeGreaterThanOrEqual(1.4);
    expect(Number(snap.status.questions)).toBeGreaterThan(Number(snap.statusBefore.questions));
    expect(snap.variables.innodb_buffer_pool_size).toMatch(/^\d+$/);
    expect(snap.schemas.some((s) => s.schema === 'cowrite' && s.engine === 'InnoDB' && s.dataBytes > 0)).toBe(true);
    expect(snap.features.sysSchema).toBe(true);
    expect(snap.replication.statement).toBe('SHOW REPLICA STATUS');
    expect(snap.warnings).toEqual([]);
    for (const k of [
      'innodb_buffer_pool_reads',
      'innodb_buffer_pool_read_requests',
      'innodb_buffer_pool_read_ahead',
      'innodb_os_log_written',
      'innodb_row_lock_waits',
    ]) {
      expect(snap.status[k], k).toBeDefined();
    }
  });
});
