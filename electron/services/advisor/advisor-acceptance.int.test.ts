/**
 * Acceptance test of the index advisor on both servers, each on a private copy of the
 * co-writing database (primary/unique keys only), through the calls the Advisor panel makes:
 * advise from the live schema + workload.sql (`advisor.advise`), measure the baseline
 * (`advisor.verify`), apply the trial indexes as a plan (INVISIBLE on MySQL), verify them
 * (`advisor.verify`: one session with use_invisible_indexes on MySQL, the baseline on MariaDB),
 * roll them back as a plan, then apply the plan and require (a) no hot read query full-scans a
 * large table and (b) rows examined over the QPS-weighted workload drop at least 100×
 * (performance_schema digests, per query).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdvisorPlanParams } from '../../../shared/contract/advisor.calls';
import type { actionsContract } from '../../../shared/contract/actions';
import type { AppContract } from '../../../shared/contract';
import type { OutputOf } from '../../../shared/contract/core';
import type { ExplainRow } from '../../../shared/contract/advisor';
import type { SqlReader } from '../../connections/sql-reader';
import { collectCapabilities, collectIndexUsage, collectSchema } from '../../connections/collectors/schema.collector';
import type { AdvisorCapabilities } from '../../engines/advisor/capabilities';
import { unusedIndexFindings } from '../../engines/advisor/unused';
import { fullScans } from '../../engines/advisor/verify';
import { workloadFromScript } from '../../engines/advisor/workload';
import { dialectOf } from '../../engines/flavor/dialect';
import { invoke, saveConnection, testRuntime } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';
import { explainRows } from './advisor-verify';

type Advice = OutputOf<AppContract, 'advisor.advise'>;
type Verified = OutputOf<AppContract, 'advisor.verify'>;
type Preview = OutputOf<typeof actionsContract, 'actions.preview'>;
type Applied = OutputOf<typeof actionsContract, 'actions.apply'>;

const database = 'advisor_accept';
const root = new URL('../../../', import.meta.url).pathname;
const workloadSql = readFileSync(new URL('../../../../shared/corpus/cowrite/workload.sql', import.meta.url), 'utf8');
const workload = workloadFromScript(workloadSql);

describe.each(sqlServers)('index advisor acceptance on $label', (server) => {
  let conn: mysql.Connection;
  let meter: mysql.Connection;
  let reader: SqlReader;
  let caps: AdvisorCapabilities;
  let rt: Runtime;
  let connectionId: string;
  let report: Advice;
  let queries: { name: string; sql: string; params: unknown[]; qps: number }[] = [];
  let restoreConsumer: string | null = null;

  beforeAll(async () => {
    execFileSync('node', ['scripts/sandbox/load-cowrite.mjs', '--port', String(server.port), '--database', database, '--size', 'small'], {
      cwd: root,
      stdio: 'pipe',
    });
    const opts = { host: server.host, port: server.port, user: server.user, password: server.password };
    conn = await mysql.createConnection({ ...opts, database });
    // A second connection without a default schema, so its own digests do not count.
    meter = await mysql.createConnection(opts);
    reader = { query: async <T>(sql: string, params?: readonly unknown[]) => (await conn.query(sql, params as unknown[]))[0] as T[] };
    const [consumer] = (await meter.query("SELECT ENABLED FROM performance_schema.setup_consumers WHERE NAME = 'statements_digest'"))[0] as {
      ENABLED: string;
    }[];
    if (consumer?.ENABLED !== 'YES') {
      restoreConsumer = consumer?.ENABLED ?? 'NO';
      await meter.query("UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = 'statements_digest'");
    }
    const [[session]] = (await conn.query('SELECT token_hash FROM user_sessions WHERE id = 17')) as unknown as [{ token_hash: string }[]];
    const [[gen]] = (await conn.query('SELECT user_id, document_id FROM ai_generations WHERE id = 17')) as unknown as [
      { user_id: number; document_id: number }[],
    ];
    const params: Record<string, unknown[]> = {
      login: ['user17', 'user17@example.com'],
      user_info: [17],
      session_check: [session!.token_hash],
      project_list: [17, 20, 0],
      project_detail: [42],
      document_list: [42, 20, 0],
      document_content: [4242],
      document_versions: [4242],
      ai_generation_list: [gen!.user_id, gen!.document_id],
      ai_generation_status: [17],
      ai_generation_completed: [17],
      document_search: [17, '%plan%', '%plan%'],
      sessions_this_year: [],
      cleanup_expired_sessions: ['2020-01-01'],
      cleanup_old_ai_generations: ['2020-01-01'],
      versions_over_limit: [3],
    };
    queries = workload.map((q) => ({ name: q.name!, sql: q.sql, params: params[q.name!] ?? [], qps: q.weight.count }));
    caps = await collectCapabilities(reader);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} advisor acceptance`, { database });
    report = await invoke<Advice>(rt, 'advisor.advise', { connectionId, workload: { kind: 'text', text: workloadSql } });
  }, 600_000);

  afterAll(async () => {
    if (restoreConsumer) await meter?.query("UPDATE performance_schema.setup_consumers SET ENABLED = ? WHERE NAME = 'statements_digest'", [restoreConsumer]);
    await conn?.query(`DROP DATABASE IF EXISTS ${database}`);
    await conn?.end();
    await meter?.end();
    rt?.close();
  });

  /** Traditional EXPLAIN rows of a statement, read as the advisor's verify reads them. */
  const explain = async (sql: string, params: readonly unknown[]): Promise<ExplainRow[]> =>
    explainRows((await conn.query(`${dialectOf(caps.version).explain.traditional} ${sql}`, params as unknown[]))[0] as Record<string, unknown>[]);

  /** Previews and applies an index-advisor plan through the executor, as the panel does; every step must succeed. */
  const previewApply = async (params: AdvisorPlanParams): Promise<{ preview: Preview; applied: Applied }> => {
    const request = { planner: 'index-advisor' as const, params };
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
    expect(applied.outcomes.filter((o) => o.status !== 'ok').map((o) => `${o.stepId}: ${o.message}`)).toEqual([]);
    expect(applied.stoppedAt).toBeNull();
    return { preview, applied };
  };

  /** The recommended indexes that exist on the server now. */
  const existing = async (): Promise<string[]> => {
    const names = report.recommendations.map((r) => r.name);
    const [rows] = (await meter.query(
      `SELECT DISTINCT INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME IN (${names.map(() => '?').join(',')})`,
      [database, ...names],
    )) as unknown as [{ i: string }[]];
    return rows.map((r) => r.i).sort();
  };

  /** Rows examined by each workload query, from the schema's digest totals before and after it runs. */
  async function rowsExamined(): Promise<Map<string, number>> {
    const total = async (): Promise<number> => {
      const [rows] = (await meter.query(
        'SELECT COALESCE(SUM(SUM_ROWS_EXAMINED), 0) AS n FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME = ?',
        [database],
      )) as unknown as [{ n: number | string }[]];
      return Number(rows[0]!.n);
    };
    const out = new Map<string, number>();
    for (const q of queries) {
      const t0 = await total();
      await conn.query(q.sql, q.params as unknown[]);
      // The digest row is updated as the statement ends, which can trail the result packet; the
      // next statement on the same connection starts only after that, so DO 0 fences it.
      await conn.query('DO 0');
      out.set(q.name, (await total()) - t0);
    }
    return out;
  }

  const weighted = (m: Map<string, number>): number => queries.reduce((s, q) => s + (m.get(q.name) ?? 0) * q.qps, 0);
  const plain = (m: Map<string, number>): number => [...m.values()].reduce((s, n) => s + n, 0);
  const hot = (): typeof queries => queries.filter((q) => q.qps >= 10 && /^\s*select/i.test(q.sql));

  it('advises indexes for the workload from the live schema', () => {
    expect(report.unparsed).toEqual([]);
    expect(report.recommendations.length).toBeGreaterThanOrEqual(6);
    console.log(`[${server.label}] plan:\n  ${report.plan.steps.map((s) => s.sql).join('\n  ')}`);
  });

  it('verifies the trial indexes before anything is kept, then rolls them back', async () => {
    const params = report.planRequest!.params;
    // The plan request adds every recommendation, as trial indexes invisible to the application where the server allows it.
    expect(params.add.map((a) => a.name).sort()).toEqual(report.recommendations.map((r) => r.name).sort());
    expect(params.createInvisible).toBe(caps.sessionInvisibleIndexes);
    const request = { planner: 'index-advisor' as const, params };
    const verifyQueries = hot().map((q) => ({ name: q.name, sql: q.sql }));
    // Verify measures the queries that read a table the plan indexes; the others must have nothing to gain.
    const indexed = [...new Set(params.add.map((a) => a.table.toLowerCase()))];
    const touching = hot()
      .filter((q) => indexed.some((t) => new RegExp(`\\b${t}\\b`, 'i').test(q.sql)))
      .map((q) => q.name)
      .sort();
    expect(touching.length).toBeGreaterThanOrEqual(5);
    for (const q of hot().filter((x) => !touching.includes(x.name))) expect(fullScans(await explain(q.sql, q.params))).toEqual([]);
    const first = await invoke<Verified>(rt, 'advisor.verify', { connectionId, request, queries: verifyQueries, runs: 3 });
    expect(first.phase).toBe('baseline');
    expect(first.baseline.map((b) => b.query).sort()).toEqual(touching);
    await previewApply(params);
    try {
      expect(await existing()).toEqual(report.recommendations.map((r) => r.name).sort());
      const out = await invoke<Verified>(rt, 'advisor.verify', { connectionId, request, queries: verifyQueries, runs: 3, baseline: first.baseline });
      expect(out.phase).toBe('compared');
      expect(out.method).toBe(caps.sessionInvisibleIndexes ? 'invisible-session' : 'baseline');
      for (const r of out.results)
        console.log(
          `[${server.label}] verify ${r.query}: rows ${r.rowsBefore} → ${r.rowsAfter}, full scans ${r.fullScansBefore.length} → ${r.fullScansAfter.length}, median ${r.timingBefore?.medianMs} → ${r.timingAfter?.medianMs} ms, ${r.verdict}`,
        );
      // Every hot query on an indexed table was compared, none full-scans a table with the trial indexes, and at least five did without them.
      expect(out.results.map((r) => r.query).sort()).toEqual(touching);
      expect(out.results.filter((r) => r.fullScansAfter.length > 0).map((r) => r.query)).toEqual([]);
      expect(out.results.filter((r) => r.fullScansBefore.length > 0).length).toBeGreaterThanOrEqual(5);
      // The verdict the panel shows: every query the trial indexes take off a full scan reads fewer rows and is improved.
      expect(out.results.filter((r) => r.fullScansBefore.length > 0 && r.verdict !== 'improved').map((r) => `${r.query}: ${r.verdict}`)).toEqual([]);
      if (caps.sessionInvisibleIndexes) {
        // The trial indexes are still INVISIBLE: other sessions keep the old plan.
        const other = await explain(hot().find((q) => q.name === 'document_list')!.sql, [42, 20, 0]);
        expect(fullScans(other).length).toBeGreaterThan(0);
        // Keeping them is a plan making each one visible.
        const reveal = params.add.map((a) => ({ schema: a.schema, table: a.table, name: a.name, why: 'kept after verification' }));
        const keep = await invoke<Preview>(rt, 'actions.preview', {
          connectionId,
          request: { planner: 'index-advisor', params: { ...params, add: [], reveal } },
        });
        expect(keep.plan.steps.map((st) => st.id).sort()).toEqual(reveal.map((r) => `reveal:${r.table}.${r.name}`).sort());
        expect(keep.plan.steps.every((st) => / VISIBLE\b/.test(st.sql) && !/INVISIBLE/.test(st.sql))).toBe(true);
      }
    } finally {
      // Rolling back is a plan too: hide, then drop, every trial index.
      const retire = params.add.map((a) => ({ schema: a.schema, table: a.table, name: a.name, why: 'rolled back after verification' }));
      await previewApply({ add: [], reveal: [], createInvisible: false, dropNow: true, retire });
    }
    expect(await existing()).toEqual([]);
  }, 300_000);

  it('applies the plan: no hot read full-scans a large table, weighted rows examined drop ≥ 100×', async () => {
    const before = await rowsExamined();
    // The plan as the panel applies it, with the indexes visible.
    await previewApply({ ...report.planRequest!.params, createInvisible: false });
    expect(await existing()).toEqual(report.recommendations.map((r) => r.name).sort());
    const after = await rowsExamined();
    const scans: string[] = [];
    for (const q of hot()) for (const t of fullScans(await explain(q.sql, q.params))) scans.push(`${q.name}:${t}`);
    const lines = queries.map(
      (q) => `${q.name.padEnd(28)} ${String(before.get(q.name)).padStart(9)} → ${String(after.get(q.name)).padStart(7)}  (×${q.qps}/s)`,
    );
    console.log(
      `[${server.label}] rows examined per query, before → after:\n  ${lines.join('\n  ')}\n  total ${plain(before)} → ${plain(after)}; QPS-weighted ${weighted(before)} → ${weighted(after)} (${(weighted(before) / Math.max(1, weighted(after))).toFixed(0)}×)`,
    );
    expect(scans).toEqual([]);
    expect(weighted(before)).toBeGreaterThanOrEqual(100 * weighted(after));
  });

  it('reads index usage counters after the workload ran on the new indexes', async () => {
    const usage = await collectIndexUsage(reader, database, caps);
    expect(usage.source).toBe(caps.userStatistics ? 'user_statistics' : 'performance_schema');
    const name = report.recommendations.find((r) => r.table === 'documents')!.name;
    expect(usage.indexReads.find((r) => r.table === 'documents' && r.index === name)?.reads).toBeGreaterThan(0);
    const unused = unusedIndexFindings(await collectSchema(reader, database), usage);
    expect(unused.some((f) => f.index === name)).toBe(false);
    console.log(
      `[${server.label}] usage (${usage.source}, counters ${usage.countersAgeSec}s): unused ${unused.map((f) => `${f.table}.${f.index}[${f.confidence}]`).join(', ')}`,
    );
  });
});
