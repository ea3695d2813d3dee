/**
 * Acceptance test of the index advisor on both servers, each on a private copy of the
 * co-writing database (primary/unique keys only): advise from the live schema + workload.sql,
 * verify the trial indexes (INVISIBLE + session switch on MySQL), roll back, then apply the plan
 * and require (a) no hot read query full-scans a large table and (b) rows examined over the
 * QPS-weighted workload drop at least 100× (performance_schema digests, per query).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdvisorReport } from '../../../shared/contract/advisor';
import { advise } from '../../engines/advisor/advise';
import type { AdvisorCapabilities } from '../../engines/advisor/capabilities';
import { unusedIndexFindings } from '../../engines/advisor/unused';
import { fullScans } from '../../engines/advisor/verify';
import { workloadFromScript } from '../../engines/advisor/workload';
import { sqlServers } from '../../testing/servers';
import type { SqlReader } from '../sql-reader';
import { explainQuery, verifyRecommendations, type VerifyQuery } from './advisor-verify.collector';
import { collectCapabilities, collectIndexUsage, collectSchema } from './schema.collector';

const database = 'advisor_accept';
const root = new URL('../../../', import.meta.url).pathname;
const workload = workloadFromScript(readFileSync(new URL('../../../../shared/corpus/cowrite/workload.sql', import.meta.url), 'utf8'));

describe.each(sqlServers)('index advisor acceptance on $label', (server) => {
  let conn: mysql.Connection;
  let meter: mysql.Connection;
  let reader: SqlReader;
  let caps: AdvisorCapabilities;
  let report: AdvisorReport;
  let queries: (VerifyQuery & { qps: number })[] = [];
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
    const schema = await collectSchema(reader, database);
    report = advise({ schema, workload, capabilities: caps, usage: await collectIndexUsage(reader, database, caps) });
  }, 600_000);

  afterAll(async () => {
    if (restoreConsumer) await meter?.query("UPDATE performance_schema.setup_consumers SET ENABLED = ? WHERE NAME = 'statements_digest'", [restoreConsumer]);
    await conn?.query(`DROP DATABASE IF EXISTS ${database}`);
    await conn?.end();
    await meter?.end();
  });

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
    const run = async (step: { sql: string }): Promise<void> => void (await conn.query(step.sql));
    const out = await verifyRecommendations(reader, run, {
      schema: await collectSchema(reader, database),
      recommendations: report.recommendations,
      capabilities: caps,
      queries: hot(),
      runs: 3,
    });
    try {
      for (const r of out.results)
        console.log(
          `[${server.label}] verify ${r.query}: rows ${r.rowsBefore} → ${r.rowsAfter}, full scans ${r.fullScansBefore.length} → ${r.fullScansAfter.length}, median ${r.timingBefore?.medianMs} → ${r.timingAfter?.medianMs} ms, ${r.verdict}`,
        );
      expect(out.results.filter((r) => r.fullScansAfter.length > 0).map((r) => r.query)).toEqual([]);
      expect(out.results.filter((r) => r.fullScansBefore.length > 0).length).toBeGreaterThanOrEqual(5);
      if (caps.sessionInvisibleIndexes) {
        // The trial indexes are still INVISIBLE: other sessions keep the old plan.
        const other = await explainQuery(reader, hot().find((q) => q.name === 'document_list')!.sql, [42, 20, 0]);
        expect(fullScans(other).length).toBeGreaterThan(0);
        expect(out.keep.length).toBe(report.recommendations.length);
      }
    } finally {
      for (const sql of out.rollback) await conn.query(sql);
    }
  });

  it('applies the plan: no hot read full-scans a large table, weighted rows examined drop ≥ 100×', async () => {
    const before = await rowsExamined();
    for (const step of report.plan.steps) await conn.query(step.sql);
    const after = await rowsExamined();
    const scans: string[] = [];
    for (const q of hot()) for (const t of fullScans(await explainQuery(reader, q.sql, q.params))) scans.push(`${q.name}:${t}`);
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
