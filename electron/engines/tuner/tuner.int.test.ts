/**
 * The tuner end to end on the real servers: collect, recommend with evidence; then set a bad
 * configuration at runtime, check each bad setting is caught by its rule, plan, apply the plan
 * (plain mysql2 here until the executor takes over), re-measure and show the change.
 * Only SET GLOBAL is used (persist: false); every original value is restored in afterAll.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectServerStatus } from '../../connections/collectors/server-status.collector';
import type { SqlReader } from '../../connections/sql-reader';
import { sqlServers, type TestServer } from '../../testing/servers';
import { tunerFinding, type TunerSnapshot } from '../../../shared/contract/tuner';
import { analyzeSnapshot } from './analyze';
import { compareMeasurements, planTuning } from './tuning.plan';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const TOUCHED = ['innodb_buffer_pool_size', 'thread_cache_size', 'sort_buffer_size', 'join_buffer_size'] as const;
const COPY_DB = 'tuner_it';
const root = join(__dirname, '../../..');

async function connect(s: TestServer): Promise<mysql.Connection> {
  return mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password });
}

/** Waits until no buffer pool resize is running (resizes are asynchronous on MySQL). */
async function waitForPoolResize(conn: mysql.Connection): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const [rows] = await conn.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_resize_status%'");
    const m = new Map((rows as Array<{ Variable_name: string; Value: string }>).map((r) => [r.Variable_name.toLowerCase(), r.Value]));
    const code = m.get('innodb_buffer_pool_resize_status_code');
    const text = m.get('innodb_buffer_pool_resize_status') ?? '';
    if ((code === undefined || code === '0') && (!/resiz|withdraw|allocat/i.test(text) || /complet/i.test(text))) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('buffer pool resize did not finish in 60 s');
}

describe.each(sqlServers)('tuner on $label', (server) => {
  let admin: mysql.Connection;
  let reader: SqlReader;
  const original: Record<string, string> = {};
  let loadedCopy = false;

  /** Opens and closes connections (thread churn) and scans a table while the interval runs. */
  const churn = async (ms: number): Promise<void> => {
    const start = Date.now();
    for (let i = 0; i < 60; i++) {
      const c = await connect(server);
      await c.query('SELECT 1');
      await c.end();
    }
    await admin.query('SELECT COUNT(*), SUM(LENGTH(changes_summary)) FROM cowrite.document_versions');
    const left = ms - (Date.now() - start);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  };
  const collect = (): Promise<TunerSnapshot> =>
    collectServerStatus(reader, { intervalMs: 1500, sleep: churn, host: { ramBytes: 4 * GIB, cores: 2, source: 'user' } });

  beforeAll(async () => {
    admin = await connect(server);
    reader = { query: async <T>(sql: string, params?: readonly unknown[]) => (await admin.query(sql, params as unknown[]))[0] as T[] };
    const [rows] = await admin.query(`SELECT ${TOUCHED.map((n) => `@@GLOBAL.${n} AS ${n}`).join(', ')}`);
    Object.assign(original, (rows as Array<Record<string, unknown>>)[0]);
    // A private copy of the data so InnoDB data clearly exceeds MySQL's smallest pool (one 128 MiB chunk).
    if (server === sqlServers[1]) {
      await promisify(execFile)(
        'node',
        [join(root, 'scripts/sandbox/load-cowrite.mjs'), '--port', String(server.port), '--database', COPY_DB, '--size', 'small'],
        { cwd: root },
      );
      loadedCopy = true;
    }
  });

  afterAll(async () => {
    for (const n of TOUCHED) if (original[n] !== undefined) await admin.query(`SET GLOBAL ${n} = ?`, [Number(original[n])]);
    await waitForPoolResize(admin);
    if (loadedCopy) await admin.query(`DROP DATABASE IF EXISTS ${COPY_DB}`);
    await admin.end();
  });

  it('collects and recommends, every finding with its formula and inputs', async () => {
    const snap = await collect();
    const { findings, errors, capabilities } = analyzeSnapshot(snap, { now: new Date() });
    expect(errors).toEqual([]);
    expect(capabilities.version.flavor).toBe(server === sqlServers[0] ? 'mariadb' : 'mysql');
    for (const f of findings) {
      expect(() => tunerFinding.parse(f)).not.toThrow();
      expect(f.inputs.length).toBeGreaterThan(0);
      expect(f.formula.length).toBeGreaterThan(5);
    }
    // MariaDB 10.11 reports innodb_buffer_pool_chunk_size = 0 (autosize): not a finding, and no division by it.
    expect(findings.find((f) => f.ruleId === 'innodb-buffer-pool-chunks')).toBeUndefined();
  });

  it('catches a tiny pool, a zero thread cache and huge per-thread buffers; the applied plan fixes them', async () => {
    await admin.query('SET GLOBAL innodb_buffer_pool_size = 0'); // clamped to the server's minimum
    await admin.query('SET GLOBAL thread_cache_size = 0');
    await admin.query('SET GLOBAL sort_buffer_size = ?', [64 * MIB]);
    await admin.query('SET GLOBAL join_buffer_size = ?', [64 * MIB]);
    await waitForPoolResize(admin);

    const before = await collect();
    const { findings, capabilities } = analyzeSnapshot(before, { now: new Date() });
    const byId = (id: string) => findings.find((f) => f.ruleId === id);
    const pool = byId('innodb-buffer-pool-size');
    const threads = byId('thread-cache-hit-rate');
    const buffers = byId('per-thread-buffers');
    expect(pool?.changes[0]?.name).toBe('innodb_buffer_pool_size');
    expect(Number(pool!.changes[0]!.recommended)).toBeGreaterThan(Number(before.variables.innodb_buffer_pool_size));
    expect(threads?.changes[0]).toMatchObject({ name: 'thread_cache_size', current: '0' });
    expect(threads!.inputs.find((i) => i.name === 'Connections')!.source).toBe('status-delta');
    expect(buffers?.changes.map((c) => c.name).sort()).toEqual(['join_buffer_size', 'sort_buffer_size']);

    const selected = ['innodb-buffer-pool-size', 'thread-cache-hit-rate', 'per-thread-buffers'];
    const plan = planTuning(findings, selected, capabilities, { persist: false });
    expect(plan.steps.every((s) => s.sql.startsWith('SET GLOBAL ') && s.rollback?.startsWith('SET GLOBAL '))).toBe(true);
    for (const step of plan.steps) await admin.query(step.sql);
    await waitForPoolResize(admin);

    const after = await collect();
    for (const f of [pool!, threads!, buffers!]) {
      const cmp = compareMeasurements(before, after, f);
      const changed = cmp.inputs.filter((i) => i.changed && i.source === 'variable');
      console.log(
        `${server.label} ${f.ruleId}: ${changed.map((i) => `${i.name} ${i.before} → ${i.after}`).join(', ')}; ${cmp.result.name} ${cmp.result.before} → ${cmp.result.after}; resolved=${cmp.resolved}`,
      );
      for (const c of f.changes) expect(changed.find((i) => i.name === c.name)?.after).toBe(Number(c.recommended));
      expect(cmp.resolved).toBe(true);
    }
  });
});
