import { readFileSync } from 'node:fs';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesignResult, PruneReport } from '../../../shared/contract/partitions';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { corpusPath } from '../../testing/paths';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';

interface AuditRow {
  planner: string;
  sql: string;
  status: string;
}

describe.each(sqlServers)('pruning check on a scratch copy on $label', (server) => {
  const DB = `dbw_part_prune_${server.port}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;

  const checksum = async (): Promise<string> => {
    const [rows] = await admin.query(`CHECKSUM TABLE \`${DB}\`.ai_generations`);
    return String((rows as Array<{ Checksum: string | number }>)[0]!.Checksum);
  };
  const scratchDatabases = async (): Promise<string[]> => {
    const [rows] = await admin.query("SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'dbw\\_scratch\\_%'");
    return (rows as Array<{ s: string }>).map((r) => r.s);
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(`CREATE TABLE \`${DB}\`.ai_generations LIKE cowrite.ai_generations`);
    await admin.query(`INSERT INTO \`${DB}\`.ai_generations SELECT * FROM cowrite.ai_generations`);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} pruning`, { database: DB });
  }, 120_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
    rt?.close();
  });

  it("EXPLAINs the workload on a scratch copy with the designer's monthly design: a one-month range reads at most 2 partitions, a query without created_at reads all", async () => {
    const design = await invoke<DesignResult>(rt, 'partitions.design', {
      connectionId,
      schema: DB,
      table: 'ai_generations',
      workloadSql: readFileSync(corpusPath('cowrite/workload.sql'), 'utf8'),
      premake: 3,
    });
    expect(design.column).toBe('created_at');
    expect(design.interval).toBe('month');
    expect(design.ddl).toMatch(/PARTITION BY RANGE COLUMNS\s*\(`?created_at`?\)/i);
    const [[latest]] = (await admin.query(
      `SELECT DATE_FORMAT(MAX(created_at), '%Y-%m-01') AS m, DATE_FORMAT(MAX(created_at) + INTERVAL 1 MONTH, '%Y-%m-01') AS n FROM \`${DB}\`.ai_generations`,
    )) as unknown as [Array<{ m: string; n: string }>];
    const before = await checksum();

    const report = await invoke<PruneReport>(rt, 'partitions.prune', {
      connectionId,
      schema: DB,
      table: 'ai_generations',
      ddl: design.ddl,
      sampleRows: 500,
      queries: [
        { name: 'one month', sql: `SELECT id, status FROM ai_generations WHERE created_at >= '${latest!.m}' AND created_at < '${latest!.n}'` },
        { name: 'purge', sql: 'DELETE FROM ai_generations WHERE created_at < DATE_SUB(NOW(), INTERVAL ? DAY)' },
        { name: 'by user', sql: `SELECT id, status FROM \`${DB}\`.ai_generations WHERE user_id = 42 ORDER BY id DESC LIMIT 20` },
      ],
    });

    expect(report.scratch).toMatch(/^dbw_scratch_[0-9a-f]{12}$/);
    expect(report.dropped).toBe(true);
    expect(report.total).toBeGreaterThan(2);
    expect(report.sampledRows).toBeGreaterThan(0);
    expect(report.sampledRows).toBeLessThanOrEqual(500);
    const [month, purge, byUser] = report.results;
    expect(purge!.error).toBeNull();
    expect(purge!.readsAll).toBe(false);
    expect(month!.error).toBeNull();
    expect(month!.partitions).not.toBeNull();
    expect(month!.partitions!.length).toBeLessThanOrEqual(2);
    expect(month!.readsAll).toBe(false);
    expect(byUser!.error).toBeNull();
    expect(byUser!.partitions).toHaveLength(report.total);
    expect(byUser!.readsAll).toBe(true);
    // The report shows the query as written, not the rewrite to the scratch copy.
    expect(byUser!.sql).toContain(`\`${DB}\`.ai_generations`);

    // The scratch database is gone, the source table is unchanged, and both plans are in the audit log.
    expect(await scratchDatabases()).not.toContain(report.scratch);
    expect(await checksum()).toBe(before);
    const [[def]] = (await admin.query(`SHOW CREATE TABLE \`${DB}\`.ai_generations`)) as unknown as [Array<Record<string, string>>];
    expect(def!['Create Table']).not.toMatch(/PARTITION BY/i);
    const audit = await invoke<AuditRow[]>(rt, 'audit.list', { connectionId, limit: 50 });
    const mine = audit.filter((a) => a.planner === 'partition-scratch' && a.sql.includes(report.scratch));
    expect(mine.map((a) => a.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(mine.some((a) => a.sql.startsWith(`DROP DATABASE IF EXISTS \`${report.scratch}\``))).toBe(true);
    expect(mine.some((a) => /^INSERT IGNORE INTO .* ORDER BY RAND\(\) LIMIT 500$/.test(a.sql))).toBe(true);
  }, 120_000);

  it('previews the scratch plan without writing: it says what it creates, copies and drops', async () => {
    const ddl = `ALTER TABLE ai_generations DROP PRIMARY KEY, ADD PRIMARY KEY (id, created_at) PARTITION BY RANGE COLUMNS(created_at) (PARTITION p_old VALUES LESS THAN ('2020-01-01'), PARTITION p_max VALUES LESS THAN (MAXVALUE))`;
    const preview = await invoke<{ plan: { steps: Array<{ sql: string }>; notes: string[] }; writesNothing: boolean }>(rt, 'actions.preview', {
      connectionId,
      request: {
        planner: 'partition-scratch',
        params: { schema: DB, table: 'ai_generations', ddl, scratch: 'dbw_scratch_preview1', sampleRows: 100, action: 'create' },
      },
    });
    expect(preview.writesNothing).toBe(true);
    expect(preview.plan.steps.map((s) => s.sql.split(' ').slice(0, 2).join(' '))).toEqual(['CREATE DATABASE', 'CREATE TABLE', 'ALTER TABLE', 'INSERT IGNORE']);
    expect(preview.plan.notes.join(' ')).toMatch(/Creates the scratch database dbw_scratch_preview1.*up to 100 sampled rows.*drops dbw_scratch_preview1/);
    expect(await scratchDatabases()).not.toContain('dbw_scratch_preview1');
  }, 60_000);

  it('refuses a statement that is not a PARTITION BY of the table, and leaves nothing behind', async () => {
    const audited = async () =>
      (await invoke<AuditRow[]>(rt, 'audit.list', { connectionId, limit: 1000 })).filter((a) => a.planner === 'partition-scratch').length;
    const before = await audited();
    await expect(
      invoke(rt, 'partitions.prune', {
        connectionId,
        schema: DB,
        table: 'ai_generations',
        ddl: 'ALTER TABLE other_table PARTITION BY HASH(id) PARTITIONS 4',
        queries: [{ name: 'q', sql: 'SELECT 1' }],
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    // Refused before any step: nothing ran, so nothing was created (or dropped).
    expect(await audited()).toBe(before);
  }, 60_000);
});
