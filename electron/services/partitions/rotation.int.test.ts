import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../shared/contract/partitions';
import { adminConnection, invoke, saveConnection, testRuntime, writeCounters } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';

interface Preview {
  plan: { hash: string; steps: Array<{ id: string; sql: string; rollback: string | null }>; notes: string[] };
  steps: Array<{ stepId: string; details: Record<string, unknown> }>;
  writesNothing: boolean;
}
interface Applied {
  outcomes: Array<{ stepId: string; status: string; message: string; auditId: number | null }>;
  stoppedAt: string | null;
  before: { metrics: Array<{ key: string; value: unknown }> };
  after: { metrics: Array<{ key: string; value: unknown }> } | null;
}

const AS_OF = '2026-12-06';

/** `PARTITION pYYYYMM VALUES LESS THAN ('next month')` for each month from `from` (YYYY-MM) for `n` months. */
function monthly(from: string, n: number): string {
  const [y, m] = from.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = new Date(Date.UTC(y, m - 1 + i, 1));
    const next = new Date(Date.UTC(y, m + i, 1));
    out.push(`PARTITION p${start.toISOString().slice(0, 7).replace('-', '')} VALUES LESS THAN ('${next.toISOString().slice(0, 10)}')`);
  }
  return out.join(', ');
}

describe.each(sqlServers)('partition rotation and conversion on $label', (server) => {
  const DB = `dbw_part_rot_${server.port}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;

  const names = async (table: string): Promise<string[]> => {
    const [rows] = await admin.query(
      'SELECT PARTITION_NAME AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY PARTITION_ORDINAL_POSITION',
      [DB, table],
    );
    return (rows as Array<{ n: string }>).map((r) => r.n);
  };
  const showCreate = async (table: string): Promise<string> => {
    const [rows] = await admin.query(`SHOW CREATE TABLE \`${DB}\`.\`${table}\``);
    return String((rows as Array<Record<string, string>>)[0]!['Create Table']);
  };
  const rowsIn = async (table: string, partition: string): Promise<number> => {
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.\`${table}\` PARTITION (\`${partition}\`)`);
    return Number((rows as Array<{ n: number }>)[0]!.n);
  };
  const checksum = async (table: string): Promise<string> => {
    const [rows] = await admin.query(`CHECKSUM TABLE \`${DB}\`.\`${table}\``);
    return String((rows as Array<{ Checksum: string | number }>)[0]!.Checksum);
  };
  const rotate = (table: string, extra: Record<string, unknown> = {}) => ({
    planner: 'partition-rotate' as const,
    params: { schema: DB, table, retention: '12m', premake: 3, asOf: AS_OF, ...extra },
  });

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(`USE \`${DB}\``);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} rotation`, { database: DB });
  }, 60_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
    rt?.close();
  });

  it('dry run writes nothing; apply premakes three future months and drops the ones past a 12-month retention', async () => {
    // Oct 2025 … Dec 2026, one row a month, and an empty catch-all.
    await admin.query(
      `CREATE TABLE events (id INT NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id, created_at))
       PARTITION BY RANGE COLUMNS(created_at) (${monthly('2025-10', 15)}, PARTITION p_future VALUES LESS THAN (MAXVALUE))`,
    );
    for (let i = 0; i < 15; i++) await admin.query('INSERT INTO events VALUES (?, ?)', [i, new Date(Date.UTC(2025, 9 + i, 10)).toISOString().slice(0, 10)]);
    const createBefore = await showCreate('events');
    const countersBefore = await writeCounters(admin);
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request: rotate('events') });
    expect(preview.writesNothing).toBe(true);
    expect(await showCreate('events')).toBe(createBefore);
    const countersAfter = await writeCounters(admin);
    if (countersBefore.binlog) expect(countersAfter.binlog).toBe(countersBefore.binlog);
    for (const k of ['Com_alter_table', 'Com_create_table', 'Com_drop_table', 'Innodb_rows_inserted', 'Innodb_rows_deleted'])
      expect(countersAfter[k], k).toBe(countersBefore[k]);
    expect(preview.plan.steps.map((s) => s.id)).toEqual(['premake:p_future', 'drop:p202510', 'drop:p202511']);
    expect(preview.plan.steps[0]!.sql).toContain("PARTITION `p202703` VALUES LESS THAN ('2027-04-01')");

    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request: rotate('events'), planHash: preview.plan.hash });
    expect(applied.stoppedAt).toBeNull();
    expect(applied.outcomes.every((o) => o.status === 'ok' && o.auditId !== null)).toBe(true);
    const after = await names('events');
    expect(after[0]).toBe('p202512');
    expect(after.slice(-4)).toEqual(['p202701', 'p202702', 'p202703', 'p_future']);
    // 15 months - 2 dropped + 3 premade, and the catch-all.
    expect(after).toHaveLength(15 - 2 + 3 + 1);
    // A second run has nothing to do.
    const again = await invoke<Preview>(rt, 'actions.preview', { connectionId, request: rotate('events') });
    expect(again.plan.steps).toEqual([]);
  }, 60_000);

  it('catches up after a three-month gap: rows that fell into the catch-all move to their months', async () => {
    // The last run was in August: bounds end at 2026-09-01, and Sep-Nov rows sit in the catch-all.
    await admin.query(
      `CREATE TABLE gap (id INT NOT NULL, d DATE NOT NULL, PRIMARY KEY (id, d))
       PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p202606 VALUES LESS THAN (TO_DAYS('2026-07-01')), PARTITION p202607 VALUES LESS THAN (TO_DAYS('2026-08-01')),
       PARTITION p202608 VALUES LESS THAN (TO_DAYS('2026-09-01')), PARTITION p_max VALUES LESS THAN MAXVALUE)`,
    );
    await admin.query(
      "INSERT INTO gap VALUES (1, '2026-06-05'), (2, '2026-08-20'), (3, '2026-09-03'), (4, '2026-10-11'), (5, '2026-10-30'), (6, '2026-11-15'), (7, '2026-12-02')",
    );
    const sumBefore = await checksum('gap');
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request: rotate('gap') });
    expect(preview.plan.notes.join('\n')).toMatch(/5 row\(s\) are in the catch-all p_max/);
    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request: rotate('gap'), planHash: preview.plan.hash });
    expect(applied.stoppedAt).toBeNull();
    expect(await names('gap')).toEqual(['p202606', 'p202607', 'p202608', 'p202609', 'p202610', 'p202611', 'p202612', 'p202701', 'p202702', 'p202703', 'p_max']);
    expect([
      await rowsIn('gap', 'p202609'),
      await rowsIn('gap', 'p202610'),
      await rowsIn('gap', 'p202611'),
      await rowsIn('gap', 'p202612'),
      await rowsIn('gap', 'p_max'),
    ]).toEqual([1, 2, 1, 1, 0]);
    expect(await checksum('gap')).toBe(sumBefore);
  }, 60_000);

  it('catching up never creates a partition already past retention', async () => {
    await admin.query(
      `CREATE TABLE short (id INT NOT NULL, d DATE NOT NULL, PRIMARY KEY (id, d))
       PARTITION BY RANGE COLUMNS(d) (${monthly('2026-06', 3)}, PARTITION p_max VALUES LESS THAN (MAXVALUE))`,
    );
    await admin.query("INSERT INTO short VALUES (1, '2026-06-05'), (2, '2026-09-20'), (3, '2026-10-11'), (4, '2026-11-30')");
    const request = rotate('short', { retention: '2m', premake: 1 });
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
    expect(applied.stoppedAt).toBeNull();
    // Cutoff 2026-10-01: Jun-Aug dropped; no September partition is made, the first new one runs to 2026-11-01;
    // December is current and January the one empty month ahead.
    expect(await names('short')).toEqual(['p202610', 'p202611', 'p202612', 'p202701', 'p_max']);
    expect(await rowsIn('short', 'p202610')).toBe(2);
  }, 60_000);

  it('archives past-retention partitions by exchange before dropping them', async () => {
    await admin.query(`CREATE TABLE arch (id INT NOT NULL, d DATE NOT NULL, PRIMARY KEY (id, d)) PARTITION BY RANGE COLUMNS(d) (${monthly('2025-10', 15)})`);
    await admin.query("INSERT INTO arch VALUES (1, '2025-10-03'), (2, '2025-10-20'), (3, '2026-05-01')");
    const request = rotate('arch', { archive: 'exchange', premake: 1 });
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(preview.plan.steps[0]!.sql).toMatch(/ADD PARTITION/);
    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
    expect(applied.stoppedAt).toBeNull();
    const [rows] = await admin.query('SELECT COUNT(*) AS n FROM arch_p202510');
    expect(Number((rows as Array<{ n: number }>)[0]!.n)).toBe(2);
    expect((await names('arch'))[0]).toBe('p202512');
  }, 60_000);

  it('converts a loaded table through the executor keeping every row, and rolls back with REMOVE PARTITIONING', async () => {
    await admin.query('CREATE TABLE ai_generations LIKE cowrite.ai_generations');
    await admin.query('INSERT INTO ai_generations SELECT * FROM cowrite.ai_generations');
    const seed = `ALTER TABLE ai_generations PARTITION BY RANGE (YEAR(created_at) * 100 + MONTH(created_at)) (PARTITION p202501 VALUES LESS THAN (202502), PARTITION p_future VALUES LESS THAN MAXVALUE)`;
    const [checked] = (await invoke<CheckResult>(rt, 'partitions.check', { ddl: seed, connectionId })).statements;
    expect(checked!.predictedErrno).toBe(1503);
    // The unfixed statement is refused before anything runs.
    await expect(
      invoke(rt, 'actions.preview', { connectionId, request: { planner: 'partition-convert', params: { schema: DB, table: 'ai_generations', ddl: seed } } }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    const request = { planner: 'partition-convert' as const, params: { schema: DB, table: 'ai_generations', ddl: checked!.fix! } };
    const before = await checksum('ai_generations');
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(preview.plan.steps[0]!.rollback).toBe('ALTER TABLE `' + DB + '`.`ai_generations` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`) REMOVE PARTITIONING');
    expect(preview.plan.notes.join('\n')).toMatch(/pt-online-schema-change --alter/);
    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
    expect(applied.stoppedAt).toBeNull();
    expect(await names('ai_generations')).toEqual(['p202501', 'p_future']);
    expect(await checksum('ai_generations')).toBe(before);
    const metric = (m: Applied['before'] | null, k: string) => m?.metrics.find((x) => x.key === k)?.value;
    expect(metric(applied.after, 'checksum')).toBe(metric(applied.before, 'checksum'));
    expect(metric(applied.after, 'rows')).toBe(64000);
    await admin.query(preview.plan.steps[0]!.rollback!);
    expect(await names('ai_generations')).toEqual([null]);
    expect(await checksum('ai_generations')).toBe(before);
  }, 120_000);
});
