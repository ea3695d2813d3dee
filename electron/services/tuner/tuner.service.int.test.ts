/**
 * The tuner through the runtime's dispatcher on both servers: a deliberately bad runtime config
 * is caught by the right rules, planned, previewed (nothing changes), applied through the
 * executor, and re-measured. Every global value is restored afterwards and, on MySQL, every
 * persisted setting is removed again (RESET PERSIST).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunerAnalysisResult } from '../../../shared/contract/tuner.calls';
import { adminConnection, invoke, testRuntime } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';

const MIB = 1024 ** 2;
const TOUCHED = ['thread_cache_size', 'sort_buffer_size', 'table_open_cache'] as const;

interface Preview {
  plan: { hash: string; steps: Array<{ id: string; sql: string; rollback: string | null; needsRestart: boolean }>; notes: string[] };
  writesNothing: true;
}
interface Applied {
  outcomes: Array<{ stepId: string; status: string }>;
  stoppedAt: string | null;
}
interface Remeasured {
  comparisons: Array<{ ruleId: string; inputs: Array<{ name: string; source: string; before: unknown; after: unknown; changed: boolean }>; resolved: boolean }>;
}

describe.each(sqlServers)('tuner service on $label', (server) => {
  let rt: Runtime;
  let admin: mysql.Connection;
  let connectionId: string;
  let tables: string[] = [];
  const original: Record<string, string> = {};
  const isMysql = server === sqlServers[1];
  // MariaDB's minimum is 10; MySQL splits the cache over 16 instances and evicts per instance, so
  // Open_tables only reaches the cache size when each instance holds at least one table.
  const smallCache = isMysql ? 16 : 10;

  /** Thread churn and table opens while a sampling interval runs (bounded: ~ms milliseconds). */
  const churn = async (ms: number): Promise<void> => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const c = await adminConnection(server);
      for (const t of tables) await c.query(`SELECT 1 FROM cowrite.\`${t}\` LIMIT 1`);
      await c.end();
    }
  };
  const readGlobals = async (): Promise<Record<string, string>> => {
    const [rows] = await admin.query(`SELECT ${TOUCHED.map((n) => `@@GLOBAL.${n} AS ${n}`).join(', ')}`);
    return Object.fromEntries(Object.entries((rows as Array<Record<string, unknown>>)[0]!).map(([k, v]) => [k, String(v)]));
  };

  beforeAll(async () => {
    rt = testRuntime();
    admin = await adminConnection(server);
    Object.assign(original, await readGlobals());
    const [rows] = await admin.query("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'cowrite' AND TABLE_TYPE = 'BASE TABLE'");
    tables = (rows as Array<{ t: string }>).map((r) => r.t);
    const saved = await invoke<{ id: string }>(rt, 'connections.save', {
      name: `tuner ${server.label}`,
      kind: 'mysql',
      host: server.host,
      port: server.port,
      user: server.user,
    });
    connectionId = saved.id;
  });

  afterAll(async () => {
    for (const n of TOUCHED) {
      if (isMysql) await admin.query(`RESET PERSIST IF EXISTS ${n}`);
      if (original[n] !== undefined) await admin.query(`SET GLOBAL ${n} = ?`, [Number(original[n])]);
    }
    await admin.end();
    rt.close();
  });

  it('catches bad settings, previews without writing, applies through the executor and re-measures the change', async () => {
    await admin.query('SET GLOBAL thread_cache_size = 0');
    await admin.query('SET GLOBAL sort_buffer_size = ?', [256 * MIB]);
    await admin.query('SET GLOBAL table_open_cache = ?', [smallCache]);

    const [analysis] = await Promise.all([
      invoke<TunerAnalysisResult>(rt, 'tuner.analyze', { connectionId, intervalSec: 2, ramBytes: 8 * 1024 * MIB, cores: 2 }),
      churn(2500),
    ]);
    expect(analysis.ruleErrors).toEqual([]);
    expect(analysis.host).toMatchObject({ local: true, source: 'user', ramBytes: 8 * 1024 * MIB, cores: 2 });
    expect(analysis.intervalSeconds).toBeGreaterThanOrEqual(1.9);
    const byId = (id: string) => analysis.findings.find((f) => f.ruleId === id);
    const threads = byId('thread-cache-hit-rate');
    const buffers = byId('per-thread-buffers');
    const tableCache = byId('table-open-cache');
    expect(threads?.changes.find((c) => c.name === 'thread_cache_size')).toMatchObject({ current: '0' });
    expect(buffers?.changes.find((c) => c.name === 'sort_buffer_size')).toMatchObject({ current: String(256 * MIB) });
    expect(buffers?.inputs.find((i) => i.name === 'sort_buffer_size')?.value).toBe(256 * MIB);
    expect(tableCache?.changes.find((c) => c.name === 'table_open_cache')).toMatchObject({ current: String(smallCache) });
    expect(tableCache?.inputs.find((i) => i.name === 'Opened_tables')?.source).toBe('status-rate');
    // The sandbox logs every statement: the log's growth is measured from the two samples — file bytes
    // where this machine sees the file (MariaDB), logged entries where it does not (MySQL in its chroot).
    const [[log]] = (await admin.query(
      'SELECT @@GLOBAL.slow_query_log AS onoff, @@GLOBAL.long_query_time AS lqt, @@GLOBAL.slow_query_log_file AS file',
    )) as unknown as [[{ onoff: number; lqt: number; file: string }]];
    if (Number(log.onoff) === 1 && Number(log.lqt) === 0) {
      const everything = byId('slow-log-everything');
      expect(everything?.changes).toMatchObject([{ name: 'long_query_time', recommended: '0.2' }]);
      const visible = existsSync(log.file);
      expect(everything?.inputs.some((i) => i.name === 'slow log growth')).toBe(visible);
      expect(everything?.message).toMatch(visible ? /log file grew/ : /entries a second/);
    }

    const chosen = [threads!, buffers!, tableCache!];
    const changes = chosen.flatMap((f) =>
      f.changes.filter((c) => (TOUCHED as readonly string[]).includes(c.name)).map((c) => ({ name: c.name, value: c.recommended, ruleId: f.ruleId })),
    );
    const request = { planner: 'tuner', params: { changes } };

    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(preview.writesNothing).toBe(true);
    expect(preview.plan.steps).toHaveLength(changes.length);
    for (const s of preview.plan.steps) {
      expect(s.sql.startsWith(isMysql ? 'SET PERSIST ' : 'SET GLOBAL ')).toBe(true);
      expect(s.needsRestart).toBe(false);
      expect(s.rollback).toMatch(isMysql ? /^SET PERSIST / : /^SET GLOBAL /);
    }
    if (!isMysql) expect(preview.plan.notes[0]).toContain('[mysqld]');
    // Dry run: the variables are exactly as the bad config left them.
    expect(await readGlobals()).toMatchObject({ thread_cache_size: '0', sort_buffer_size: String(256 * MIB), table_open_cache: String(smallCache) });

    const applied = await invoke<Applied>(rt, 'actions.apply', { connectionId, request, planHash: preview.plan.hash });
    expect(applied.stoppedAt).toBeNull();
    expect(applied.outcomes.every((o) => o.status === 'ok')).toBe(true);
    const now = await readGlobals();
    for (const c of changes) expect(now[c.name]).toBe(c.value);

    const [remeasured] = await Promise.all([
      invoke<Remeasured>(rt, 'tuner.remeasure', { connectionId, analysisId: analysis.analysisId, ruleIds: chosen.map((f) => f.ruleId), intervalSec: 2 }),
      churn(2500),
    ]);
    for (const c of changes) {
      const cmp = remeasured.comparisons.find((x) => x.ruleId === c.ruleId)!;
      const input = cmp.inputs.find((i) => i.name === c.name && i.source === 'variable');
      expect(input).toMatchObject({ after: Number(c.value), changed: true });
    }
    expect(remeasured.comparisons.find((x) => x.ruleId === 'per-thread-buffers')?.resolved).toBe(true);
  }, 60_000);

  it('previews a boolean static variable (skip_name_resolve = ON) as a restart step, writing nothing', async () => {
    const [[before]] = (await admin.query('SELECT @@GLOBAL.skip_name_resolve AS v')) as unknown as [[{ v: number }]];
    const request = { planner: 'tuner', params: { changes: [{ name: 'skip_name_resolve', value: 'ON', ruleId: 'name-resolution' }] } };
    const preview = await invoke<Preview>(rt, 'actions.preview', { connectionId, request });
    expect(preview.writesNothing).toBe(true);
    if (isMysql) {
      expect(preview.plan.steps).toHaveLength(1);
      expect(preview.plan.steps[0]).toMatchObject({ sql: 'SET PERSIST_ONLY `skip_name_resolve` = ON', needsRestart: true });
    } else {
      expect(preview.plan.steps).toHaveLength(0);
      expect(preview.plan.notes.join('\n')).toContain('skip_name_resolve = ON');
    }
    const [[after]] = (await admin.query('SELECT @@GLOBAL.skip_name_resolve AS v')) as unknown as [[{ v: number }]];
    expect(after.v).toBe(before.v);
  });

  it("lints a my.cnf for the connection's flavor and host RAM when the request leaves them open", async () => {
    const ram = os.totalmem();
    const pool = Math.ceil((ram * 1.4) / MIB);
    const text = `[mysqld]\ninnodb_buffer_pool_instances = 8\ninnodb_buffer_pool_size = ${pool}M\n`;
    const r = await invoke<{
      target: string;
      issues: Array<{ option: string | null; severity: string; code: string }>;
      memory: { ramBytes: number | null };
      basis: { target: string; ram: string };
    }>(rt, 'tuner.lintConfig', { text, connectionId });
    expect(r.target).toBe(isMysql ? 'mysql-9.7' : 'mariadb-10.11');
    expect(r.basis).toEqual({ target: 'the connection', ram: "the connection's host, measured on this machine" });
    expect(r.memory.ramBytes).toBe(ram);
    expect(r.issues.find((i) => i.option === 'innodb_buffer_pool_size')).toMatchObject({ code: 'memory', severity: 'error' });
    // MariaDB 10.11 warns about the removed option and starts; MySQL 9.7 still has it.
    const instances = r.issues.find((i) => i.option === 'innodb_buffer_pool_instances');
    if (isMysql) expect(instances).toBeUndefined();
    else expect(instances).toMatchObject({ code: 'removed-option', severity: 'warning' });
    // A chosen target and RAM win over the connection's.
    const chosen = await invoke<{ target: string; memory: { ramBytes: number | null } }>(rt, 'tuner.lintConfig', {
      text,
      connectionId,
      target: 'mysql-8.4',
      ramBytes: null,
    });
    expect(chosen).toMatchObject({ target: 'mysql-8.4', memory: { ramBytes: null } });
  });

  it('gives first findings from one sample at once, before an interval has passed', async () => {
    const started = Date.now();
    const first = await invoke<TunerAnalysisResult>(rt, 'tuner.firstLook', { connectionId });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(first.intervalSeconds).toBeLessThan(1);
    expect(first.ruleErrors).toEqual([]);
    expect(first.findings.length).toBeGreaterThan(0);
    // Rates need two samples: one sample reads lifetime counters, and says so in the evidence.
    for (const f of first.findings) for (const i of f.inputs) expect(i.source, `${f.ruleId} ${i.name}`).not.toBe('status-delta');
  });

  it('refuses values that are not numbers, unknown variables and a missing analysis', async () => {
    const bad = (changes: Array<{ name: string; value: string }>) =>
      invoke(rt, 'actions.preview', { connectionId, request: { planner: 'tuner', params: { changes } } });
    await expect(bad([{ name: 'sort_buffer_size', value: "1; DROP TABLE x'" }])).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(bad([{ name: 'secure_file_priv', value: '/tmp' }])).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(invoke(rt, 'tuner.remeasure', { connectionId, analysisId: 'nope', ruleIds: ['x'], intervalSec: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
