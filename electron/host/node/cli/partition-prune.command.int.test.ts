import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../../testing/cli';
import { adminConnection } from '../../../testing/harness';
import { corpusPath } from '../../../testing/paths';
import { sqlServers } from '../../../testing/servers';
import { partitionCommand } from './partition.command';

describe.each(sqlServers)('dbw partition prune on $label', (server) => {
  const DB = `dbw_part_prune_cli_${server.port}`;
  let admin: mysql.Connection;
  const url = () => `mysql://${server.user}:${server.password}@${server.host}:${server.port}/${DB}`;
  const scratchDatabases = async (): Promise<string[]> => {
    const [rows] = await admin.query("SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'dbw\\_scratch\\_%'");
    return (rows as Array<{ s: string }>).map((r) => r.s);
  };

  beforeAll(async () => {
    process.env.DBW_WORKSPACE = mkdtempSync(join(tmpdir(), 'dbw-cli-prune-'));
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(`CREATE TABLE \`${DB}\`.ai_generations LIKE cowrite.ai_generations`);
    await admin.query(`INSERT INTO \`${DB}\`.ai_generations SELECT * FROM cowrite.ai_generations`);
    // The tables the workload joins ai_generations with resolve in the source database.
    for (const t of ['documents', 'document_versions']) await admin.query(`CREATE TABLE \`${DB}\`.${t} LIKE cowrite.${t}`);
  }, 120_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
  });

  it("checks the designer's design on a scratch copy: every workload statement on the table is EXPLAINed, the copy is dropped", async () => {
    const m = memoryIO();
    const code = await partitionCommand.run(
      ['prune', '--connection', url(), '--table', 'ai_generations', '--workload', corpusPath('cowrite/workload.sql'), '--sample', '300', '--yes', '--json'],
      m.io,
    );
    expect(m.err()).toBe('');
    const report = JSON.parse(m.out()) as {
      ddl: string;
      scratch: string;
      total: number;
      dropped: boolean;
      sampledRows: number;
      results: Array<{ name: string; partitions: string[] | null; readsAll: boolean; error: string | null }>;
    };
    expect(report.ddl).toMatch(/RANGE COLUMNS\s*\(`?created_at`?\)/i);
    expect(report.dropped).toBe(true);
    expect(report.sampledRows).toBeLessThanOrEqual(300);
    expect(report.results.length).toBeGreaterThan(0);
    const purge = report.results.find((r) => r.name === 'cleanup_old_ai_generations');
    expect(purge).toBeDefined();
    // Workload placeholders get sample literals: every statement EXPLAINs.
    expect(report.results.filter((r) => r.error !== null)).toEqual([]);
    expect(purge!.partitions).not.toBeNull();
    expect(purge!.partitions!.length).toBeGreaterThan(0);
    expect(code).toBe(report.results.some((r) => r.readsAll) ? 1 : 0);
    expect(await scratchDatabases()).not.toContain(report.scratch);
  }, 120_000);

  it('asks before it creates anything, and a "no" leaves the server alone', async () => {
    const m = memoryIO('no\n');
    expect(
      await partitionCommand.run(['prune', '--connection', url(), '--table', 'ai_generations', '--workload', corpusPath('cowrite/workload.sql')], m.io),
    ).toBe(1);
    expect(m.out()).toContain('creates a scratch database');
    expect(m.out()).not.toContain('dbw_scratch_');
    expect(m.err()).toContain('Not run.');
  }, 60_000);
});
