import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplainOutcome, SqlPage, SqlResult } from '../../../shared/contract/sql.calls';
import type { PlanDiff } from '../../../shared/contract/explain';
import { adminConnection, invoke, testRuntime, writeCounters, saveConnection } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';

const rt = testRuntime();
afterAll(() => rt.close());

type Run = { runId: string; results: SqlResult[] };
let seq = 0;
const runId = () => `it-${Date.now()}-${seq++}`;

// 96k document_versions × 2 = 192k rows, wide enough to exercise the paged buffer.
const BIG = 'SELECT v.id, v.document_id, v.version_number, x.n FROM cowrite.document_versions v CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) x';

describe.each(sqlServers)('SQL editor service on $label', (server) => {
  let connectionId = '';
  beforeAll(async () => {
    connectionId = await saveConnection(rt, server, `Editor ${server.label}`, { database: 'cowrite' });
  });

  it('streams a 192k-row result into a paged buffer and serves pages from it with bounded heap', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const run = await invoke<Run>(rt, 'sql.run', { connectionId, sql: BIG, pageSize: 500, runId: runId() });
    const first = run.results[0]!;
    expect(first.error).toBeNull();
    expect(first.columns.map((c) => c.name)).toEqual(['id', 'document_id', 'version_number', 'n']);
    expect(first.rows).toHaveLength(500);
    const far = await invoke<SqlPage>(rt, 'sql.page', { resultId: first.resultId, offset: 191_000, limit: 1000 });
    expect(far.rows).toHaveLength(1000);
    expect(far.complete).toBe(true);
    expect(far.totalRows).toBe(192_000);
    expect(far.truncated).toBe(false);
    // Rows are kept as small arrays in chunks: well under 200 MB for 192k rows of four columns.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
    await invoke(rt, 'sql.release', { runId: run.runId });
    await expect(invoke(rt, 'sql.page', { resultId: first.resultId, offset: 0, limit: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('returns one result per statement, NULL and binary cells distinctly', async () => {
    const run = await invoke<Run>(rt, 'sql.run', {
      connectionId,
      sql: "SELECT 1 AS a, NULL AS b, UNHEX('00ff') AS c; SELECT COUNT(*) AS n FROM users;\nSELECT id FROM projects ORDER BY id LIMIT 3",
      pageSize: 100,
      runId: runId(),
    });
    expect(run.results).toHaveLength(3);
    expect(run.results[0]!.rows[0]).toEqual([1, null, { hex: '00ff', bytes: 2 }]);
    expect(run.results[0]!.columns[2]!.binary).toBe(true);
    expect(Number(run.results[1]!.rows[0]![0])).toBe(2000);
    expect(run.results[2]!.totalRows).toBe(3);
  });

  it('caps a query without LIMIT at the row cap and says so; a query with its own LIMIT runs as written', async () => {
    const capped = await invoke<Run>(rt, 'sql.run', { connectionId, sql: 'SELECT id FROM document_versions', pageSize: 100, runId: runId(), rowCap: 1000 });
    const page = await invoke<SqlPage>(rt, 'sql.page', { resultId: capped.results[0]!.resultId, offset: 900, limit: 200 });
    expect(page).toMatchObject({ totalRows: 1000, complete: true, truncated: true });
    expect(page.rows).toHaveLength(100);
    expect(page.truncatedReason).toBe('Stopped at 1,000 rows: the row cap for a query without LIMIT. Add a LIMIT, or raise the cap, to read more.');
    const own = await invoke<Run>(rt, 'sql.run', {
      connectionId,
      sql: 'SELECT id FROM document_versions LIMIT 1500',
      pageSize: 100,
      runId: runId(),
      rowCap: 1000,
    });
    const all = await invoke<SqlPage>(rt, 'sql.page', { resultId: own.results[0]!.resultId, offset: 1400, limit: 200 });
    expect(all).toMatchObject({ totalRows: 1500, complete: true, truncated: false, truncatedReason: null });
    // Exactly as many rows as the cap: nothing was cut, so nothing is said.
    const exact = await invoke<Run>(rt, 'sql.run', { connectionId, sql: 'SELECT id FROM users', pageSize: 5000, runId: runId(), rowCap: 2000 });
    expect(exact.results[0]).toMatchObject({ totalRows: 2000, truncated: false });
  });

  it("shows the server's error code next to the failing statement and stops there", async () => {
    const run = await invoke<Run>(rt, 'sql.run', { connectionId, sql: 'SELECT 1; SELECT * FROM no_such_table; SELECT 2', pageSize: 10, runId: runId() });
    expect(run.results).toHaveLength(2);
    expect(run.results[1]!.error).toMatchObject({ code: 'ER_NO_SUCH_TABLE', errno: 1146 });
    expect(run.results[1]!.sql).toBe('SELECT * FROM no_such_table');
  });

  it('refuses a write on the read path; as a plan, preview writes nothing', async () => {
    const admin = await adminConnection(server);
    try {
      const insert = "INSERT INTO companies (name) VALUES ('x')";
      const run = await invoke<Run>(rt, 'sql.run', { connectionId, sql: insert, pageSize: 10, runId: runId() });
      expect(run.results[0]!.error?.code).toBe('READ_ONLY');
      type Preview = {
        plan: { steps: Array<{ kind: string; sql: string; rollback: string | null; noRollback?: string }>; notes: string[] };
        steps: Array<{ details: Record<string, unknown> }>;
      };
      const count = async () => ((await admin.query('SELECT COUNT(*) AS n FROM cowrite.companies')) as unknown as [[{ n: number }]])[0][0].n;
      const rowsBefore = await count();
      // Other sessions on the shared server move the global counters too: a preview passes when
      // one of a few attempts leaves Com_insert where it was (a preview that inserts never does).
      let unchanged = false;
      for (let attempt = 0; attempt < 6 && !unchanged; attempt++) {
        const before = await writeCounters(admin);
        const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request: { planner: 'sql-statement', params: { sql: insert } } });
        const after = await writeCounters(admin);
        expect(preview.plan.steps).toMatchObject([{ kind: 'DML', sql: insert, rollback: null }]);
        expect(preview.plan.steps[0]!.noRollback).toMatch(/delete the inserted rows/);
        expect(preview.steps[0]!.details['rows in cowrite.companies']).toEqual(rowsBefore);
        unchanged = after.Com_insert === before.Com_insert;
      }
      expect(unchanged).toBe(true);
      expect(await count()).toBe(rowsBefore);
      const del = await invoke<{ steps: Array<{ details: Record<string, unknown> }> }>(rt, 'actions.preview', {
        connectionId,
        request: { planner: 'sql-statement', params: { sql: 'DELETE FROM user_sessions WHERE expires_at < NOW() - INTERVAL 10 YEAR' } },
      });
      expect(String(del.steps[0]!.details.explain)).toMatch(/user_sessions: type=ALL/);
    } finally {
      await admin.end();
    }
  });

  it("states a server error's code and errno once, and the server's message as it is", async () => {
    const run = await invoke<Run>(rt, 'sql.run', { connectionId, sql: 'SELECT * FROM dbw_no_such_table_here', pageSize: 10, runId: runId() });
    const error = run.results[0]!.error!;
    expect(error).toMatchObject({ code: 'ER_NO_SUCH_TABLE', errno: 1146 });
    expect(error.message).toMatch(/^Table '.*dbw_no_such_table_here' doesn't exist$/);
  });

  it('cancels SELECT SLEEP(30) with sql.cancel within a second', async () => {
    const id = runId();
    const started = Date.now();
    const running = invoke<Run>(rt, 'sql.run', { connectionId, sql: 'SELECT SLEEP(30) AS s', pageSize: 10, runId: id });
    await new Promise((r) => setTimeout(r, 300));
    const cancelled = await invoke<{ cancelled: boolean }>(rt, 'sql.cancel', { runId: id });
    expect(cancelled.cancelled).toBe(true);
    await running.catch(() => undefined);
    expect(Date.now() - started).toBeLessThan(1300);
  });

  it('finds full scans on the PK-only schema with EXPLAIN and lints the statement', async () => {
    const out = await invoke<ExplainOutcome>(rt, 'explain.run', {
      connectionId,
      sql: 'SELECT * FROM documents WHERE project_id = 42 ORDER BY updated_at DESC',
    });
    expect(out.plan).not.toBeNull();
    expect(out.findings.map((f) => f.ruleId)).toContain('full-table-scan');
    expect(out.lint?.findings.map((f) => f.ruleId)).toContain('select-star');
  });

  it('compares the YEAR(expires_at) rewrite of sessions_this_year against the original', async () => {
    const sql = 'SELECT * FROM user_sessions WHERE YEAR(expires_at) = YEAR(NOW())';
    const lint = await invoke<{ statements: Array<{ findings: Array<{ ruleId: string; rewrite: { sql: string } | null }> }> }>(rt, 'lint.query', {
      sql,
      connectionId,
    });
    const rewrite = lint.statements[0]!.findings.find((f) => f.ruleId === 'function-on-column')?.rewrite?.sql;
    expect(rewrite).toMatch(/`expires_at` >=/);
    const cmp = await invoke<{ before: ExplainOutcome; after: ExplainOutcome; diff: PlanDiff | null }>(rt, 'explain.compareRewrite', {
      connectionId,
      sql,
      rewrite,
    });
    expect(cmp.before.plan && cmp.after.plan).toBeTruthy();
    expect(cmp.diff?.tables.map((t) => t.table)).toContain('user_sessions');
    expect(cmp.after.explainSql).toMatch(/^EXPLAIN FORMAT=JSON SELECT/);
  });

  it('serves schema info for autocompletion and keeps history per connection', async () => {
    const info = await invoke<{ schemas: string[]; tables: Array<{ name: string; columns: Array<{ name: string }> }> }>(rt, 'sql.schemaInfo', { connectionId });
    expect(info.schemas).toContain('cowrite');
    expect(info.tables.find((t) => t.name === 'user_sessions')?.columns.map((c) => c.name)).toContain('expires_at');
    const hist = await invoke<Array<{ text: string }>>(rt, 'sql.history', { connectionId, search: 'SLEEP' });
    expect(hist[0]?.text).toMatch(/SLEEP\(30\)/);
  });
});
