import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConnection } from '../../../testing/harness';
import { corpusPath } from '../../../testing/paths';
import { sqlServers } from '../../../testing/servers';
import { partitionCommand } from './partition.command';
import { memoryIO } from '../../../testing/cli';

describe.each(sqlServers)('dbw partition rotate on $label', (server) => {
  const DB = `dbw_part_cli_${server.port}`;
  let admin: mysql.Connection;
  const url = () => `mysql://${server.user}:${server.password}@${server.host}:${server.port}/${DB}`;
  const names = async (): Promise<string[]> => {
    const [rows] = await admin.query(
      'SELECT PARTITION_NAME AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY PARTITION_ORDINAL_POSITION',
      [DB, 'logs'],
    );
    return (rows as Array<{ n: string }>).map((r) => r.n);
  };

  beforeAll(async () => {
    process.env.DBW_WORKSPACE = mkdtempSync(join(tmpdir(), 'dbw-cli-part-'));
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(
      `CREATE TABLE \`${DB}\`.logs (id INT NOT NULL, d DATE NOT NULL, PRIMARY KEY (id, d)) PARTITION BY RANGE COLUMNS(d) (PARTITION p202610 VALUES LESS THAN ('2026-11-01'), PARTITION p202611 VALUES LESS THAN ('2026-12-01'), PARTITION p_max VALUES LESS THAN (MAXVALUE))`,
    );
  });

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
  });

  it('prints the ALTERs and changes nothing without --apply; --apply --yes runs them', async () => {
    const dry = memoryIO();
    const args = ['rotate', '--connection', url(), '--table', 'logs', '--retention', '1m', '--premake', '2', '--as-of', '2026-12-06'];
    expect(await partitionCommand.run(args, dry.io)).toBe(0);
    expect(dry.out()).toContain('dry run: nothing changed');
    expect(dry.out()).toContain("REORGANIZE PARTITION `p_max` INTO (PARTITION `p202612` VALUES LESS THAN ('2027-01-01')");
    expect(dry.out()).toContain('DROP PARTITION `p202610`');
    expect(await names()).toEqual(['p202610', 'p202611', 'p_max']);
    const declined = memoryIO('no\n');
    expect(await partitionCommand.run([...args, '--apply'], declined.io)).toBe(1);
    expect(await names()).toEqual(['p202610', 'p202611', 'p_max']);
    const run = memoryIO();
    expect(await partitionCommand.run([...args, '--apply', '--yes'], run.io)).toBe(0);
    expect(await names()).toEqual(['p202611', 'p202612', 'p202701', 'p202702', 'p_max']);
  }, 60_000);
});

describe.each(sqlServers)('dbw partition design on $label', (server) => {
  const DB = `dbw_part_design_${server.port}`;
  let admin: mysql.Connection;

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    for (const t of ['ai_generations', 'user_sessions']) {
      await admin.query(`CREATE TABLE \`${DB}\`.${t} LIKE cowrite.${t}`);
      await admin.query(`INSERT INTO \`${DB}\`.${t} SELECT * FROM cowrite.${t}`);
    }
  }, 60_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
  });

  it('designs user_sessions from the workload: expires_at, the purge, the unique key cost, rows per month from the data', async () => {
    const m = memoryIO();
    const url = `mysql://${server.user}:${server.password}@${server.host}:${server.port}/${DB}`;
    expect(
      await partitionCommand.run(['design', '--connection', url, '--table', 'user_sessions', '--workload', corpusPath('cowrite/workload.sql'), '--json'], m.io),
    ).toBe(0);
    const d = JSON.parse(m.out());
    expect(d.worth).toBe(true);
    expect(d.column).toBe('expires_at');
    expect(d.interval).toBe('month');
    expect(Object.fromEntries(d.statements.map((s: { name: string; use: string }) => [s.name, s.use]))).toMatchObject({
      session_check: 'prunes',
      sessions_this_year: 'function-on-column',
      cleanup_expired_sessions: 'purge',
    });
    expect(d.keyNotes.join(' ')).toMatch(/no longer guarantees token_hash is unique/);
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.user_sessions`);
    const inPartitions = d.partitions.reduce((s: number, p: { rows: number }) => s + p.rows, 0);
    expect(inPartitions).toBe(Number((rows as Array<{ n: number }>)[0]!.n));
    // The design's ALTER runs.
    await admin.query(`USE \`${DB}\``);
    await admin.query(d.ddl);
  }, 60_000);

  it('designs ai_generations on created_at because old rows are purged by date', async () => {
    const m = memoryIO();
    const url = `mysql://${server.user}:${server.password}@${server.host}:${server.port}/${DB}`;
    expect(
      await partitionCommand.run(['design', '--connection', url, '--table', 'ai_generations', '--workload', corpusPath('cowrite/workload.sql')], m.io),
    ).toBe(0);
    expect(m.out()).toMatch(/worth partitioning by month on created_at/);
    expect(m.out()).toMatch(/purge\s+cleanup_old_ai_generations/);
    expect(m.out()).toContain('ADD PRIMARY KEY (`id`, `created_at`)');
  }, 60_000);
});
