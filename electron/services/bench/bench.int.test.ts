import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchComparison, BenchResult } from '../../../shared/contract/bench';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';

interface BenchOut {
  results: BenchResult[];
  notes: string[];
}

const DOCUMENT_LIST =
  'SELECT d.id, d.title, d.format, d.status, d.created_at, d.updated_at, (SELECT COUNT(*) FROM document_versions WHERE document_id = d.id) AS versions_count, (SELECT COUNT(*) FROM ai_generations WHERE document_id = d.id) AS ai_generations_count FROM documents d WHERE d.project_id = ? ORDER BY d.updated_at DESC LIMIT ? OFFSET ?';

describe.each(sqlServers)('benchmark harness on $label', (server) => {
  const DB = `dbw_bench_${server.port}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;

  const digestCount = async (like: string): Promise<number> => {
    const [rows] = await admin.query(
      'SELECT COALESCE(SUM(COUNT_STAR), 0) AS n FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME = ? AND DIGEST_TEXT LIKE ?',
      [DB, like],
    );
    return Number((rows as Array<{ n: number | string }>)[0]!.n);
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    // A scratch copy of the co-writing tables document_list reads, with their primary keys only (as cowrite ships).
    for (const t of ['documents', 'document_versions', 'ai_generations']) {
      await admin.query(`CREATE TABLE \`${DB}\`.\`${t}\` LIKE cowrite.\`${t}\``);
      await admin.query(`INSERT INTO \`${DB}\`.\`${t}\` SELECT * FROM cowrite.\`${t}\``);
    }
    await admin.query(`CREATE TABLE \`${DB}\`.probe (id INT PRIMARY KEY, owner INT NOT NULL, label VARCHAR(20) NOT NULL)`);
    await admin.query(`INSERT INTO \`${DB}\`.probe VALUES (1, 7, 'a'), (2, 7, 'b'), (3, 9, 'c'), (4, 11, 'd')`);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `bench ${server.label}`, { database: DB });
  }, 180_000);
  afterAll(async () => {
    rt?.close();
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.end();
  });

  it("runs exactly as many statements as the server counts (its digest count and the sessions' Com_select)", async () => {
    const like = 'SELECT % , `label` FROM `probe` WHERE %';
    const before = await digestCount(like);
    const out = await invoke<BenchOut>(rt, 'bench.run', {
      connectionId,
      statements: [{ name: 'probe by owner', sql: 'SELECT id, label FROM probe WHERE owner = ?' }],
      runs: 137,
      concurrency: 3,
      warmup: 11,
    });
    const r = out.results[0]!;
    expect(r.summary.runs).toBe(137);
    expect(r.summary.errors).toBe(0);
    expect(r.serverCount).toBe(137);
    expect(r.latenciesMs).toHaveLength(137);
    // Placeholders take the owners that exist (7, 9, 11), never an invented value.
    expect(r.parameterSets).toBe(3);
    expect(await digestCount(like)).toBe(before + 137 + 11);
    expect(r.summary.p50Ms).toBeGreaterThan(0);
    expect(r.summary.p50Ms).toBeLessThanOrEqual(r.summary.p95Ms);
    expect(r.summary.p95Ms).toBeLessThanOrEqual(r.summary.p99Ms);
    expect(r.summary.p99Ms).toBeLessThanOrEqual(r.summary.maxMs);
    expect(r.histogram.reduce((a, b) => a + b.count, 0)).toBe(137);
  });

  it('refuses a write and a placeholder it cannot fill from the data', async () => {
    await expect(invoke(rt, 'bench.run', { connectionId, statements: [{ name: 'w', sql: 'DELETE FROM probe' }] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(invoke(rt, 'bench.run', { connectionId, statements: [{ name: 'x', sql: 'SELECT ? + 1' }] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it("shows document_list's p95 drop after the index advisor's plan on a scratch copy", async () => {
    const run = async (): Promise<BenchResult> =>
      (
        await invoke<BenchOut>(rt, 'bench.run', {
          connectionId,
          statements: [{ name: 'document_list', sql: DOCUMENT_LIST }],
          runs: 24,
          concurrency: 2,
          warmup: 2,
        })
      ).results[0]!;
    const before = await run();
    expect(before.summary.errors).toBe(0);
    const advice = await invoke<{ planRequest: { planner: string; params: { add: unknown[] } } | null }>(rt, 'advisor.advise', {
      connectionId,
      database: DB,
      workload: { kind: 'text', text: `-- document_list | 120 | 200ms\n${DOCUMENT_LIST};` },
    });
    expect(advice.planRequest?.params.add.length).toBeGreaterThan(0);
    // On MySQL the advisor proposes the indexes INVISIBLE (to verify them first); keeping them means creating them visible.
    const request = { ...advice.planRequest!, params: { ...advice.planRequest!.params, createInvisible: false } };
    const preview = await invoke<{ plan: { hash: string; steps: Array<{ sql: string }> } }>(rt, 'actions.preview', { connectionId, request });
    expect(preview.plan.steps.every((s) => s.sql.includes(DB))).toBe(true);
    const applied = await invoke<{ outcomes: Array<{ status: string }> }>(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
    expect(applied.outcomes.every((o) => o.status === 'ok')).toBe(true);
    const after = await run();
    expect(after.summary.p95Ms).toBeLessThan(before.summary.p95Ms);
    const verdict = await invoke<BenchComparison>(rt, 'bench.compare', { before: before.latenciesMs, after: after.latenciesMs });
    expect(verdict.verdict).toBe('faster');
    // The same sample against itself is noise, not a change.
    expect((await invoke<BenchComparison>(rt, 'bench.compare', { before: after.latenciesMs, after: after.latenciesMs })).verdict).toBe('within noise');
  }, 180_000);
});
