/**
 * A server that dies, or a link that is cut, in the middle of each kind of call: a long read, a
 * large result being paged, a plan step, a tuner sample. Each call must end with CONNECTION_LOST
 * naming the server, well before the connection's read time limit, and every follow-up call
 * (page, release, cancel) must settle. A throw-away MariaDB on port 3317 is SIGKILLed; the shared
 * servers are never touched — for them a proxy between the app and the server is cut instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/contract/core';
import { invoke, testRuntime } from '../testing/harness';
import { startCutProxy, type CutProxy } from '../testing/cut-proxy';
import { startKillableMariadb, type KillableMariadb } from '../testing/killable-mariadb';
import { mariadbServer, mysqlServer, type TestServer } from '../testing/servers';
import type { Runtime } from './runtime';

const KILLABLE_PORT = 3317;
const READ_LIMIT_MS = 20_000;
/** A call must end this much sooner than the read time limit to count as "not waiting it out". */
const PROMPTLY_MS = 5_000;

interface Breaker {
  label: string;
  /** Where the app connects. */
  target(): { host: string; port: number };
  /** Makes the server vanish from the app's point of view. */
  cut(): Promise<void>;
  /** Brings it back for the next case. */
  heal(): Promise<void>;
  done(): Promise<void>;
}

function killedServer(): Breaker {
  let db: KillableMariadb;
  return {
    label: 'MariaDB, server SIGKILLed',
    target: () => ({ host: '127.0.0.1', port: KILLABLE_PORT }),
    cut: async () => {
      if (!db) db = await startKillableMariadb(KILLABLE_PORT);
      await db.kill();
    },
    heal: async () => {
      if (!db) db = await startKillableMariadb(KILLABLE_PORT);
      else await db.restart();
    },
    done: async () => db?.purge(),
  };
}

function cutLink(server: TestServer, port: number): Breaker {
  let proxy: CutProxy | null = null;
  return {
    label: `${server.label}, link cut by a proxy`,
    target: () => ({ host: '127.0.0.1', port }),
    cut: async () => proxy?.cut(),
    heal: async () => {
      proxy ??= await startCutProxy(server, port);
    },
    done: async () => proxy?.close(),
  };
}

const breakers: Breaker[] = [killedServer(), cutLink(mariadbServer, 13301), cutLink(mysqlServer, 13302)];

/** Ten digits as a derived table; four of them cross-joined make 10 000 numbered rows. */
const digits = (a: string) => `(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
  UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) ${a}`;
/** 10 000 rows of 2 KB, 10 ms apart: a result that keeps streaming for longer than the test waits. */
const SLOW_STREAM = `SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d AS n, REPEAT('x', 2000) AS pad, SLEEP(0.01) AS s
  FROM ${digits('a')}, ${digits('b')}, ${digits('c')}, ${digits('e')}`;

interface Failure {
  code: string;
  message: string;
}

/** Runs a call and resolves to its error envelope (the test fails if it succeeds) and how long it took. */
async function failure(p: Promise<unknown>): Promise<{ err: Failure; ms: number }> {
  const t0 = performance.now();
  try {
    await p;
  } catch (err) {
    return { err: err as Failure, ms: performance.now() - t0 };
  }
  throw new Error('expected the call to fail');
}

/** Resolves once a progress event for `requestId` says a step is running. */
function stepStarted(rt: Runtime, requestId: string): Promise<void> {
  return new Promise((resolve) => {
    const on = (e: ProgressEvent) => {
      if (e.requestId === requestId && e.message?.startsWith('Step ')) {
        rt.events.off('progress', on);
        resolve();
      }
    };
    rt.events.on('progress', on);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(breakers)('$label', (breaker) => {
  let rt: Runtime;
  let connectionId: string;
  let where: string;

  beforeAll(async () => {
    await breaker.heal();
    rt = testRuntime();
    const { host, port } = breaker.target();
    where = `${host}:${port}`;
    ({ id: connectionId } = await invoke<{ id: string }>(rt, 'connections.save', {
      name: `nohang ${breaker.label}`,
      kind: 'mysql',
      host,
      port,
      user: 'root',
      password: '',
      readTimeoutMs: READ_LIMIT_MS,
    }));
  });

  afterAll(async () => {
    rt?.close();
    await breaker.done();
  });

  it('ends a long read (SELECT SLEEP) with CONNECTION_LOST, and cancel, release and page settle after it', async () => {
    await breaker.heal();
    const runId = `nohang-sleep-${Date.now()}`;
    const requestId = `${runId}-req`;
    const running = rt.dispatcher.dispatch('sql.run', { connectionId, sql: 'SELECT SLEEP(15)', runId }, requestId).then((r) => {
      if (!r.ok) throw r.error;
      return r.result;
    });
    const outcome = failure(running);
    await sleep(700);
    await breaker.cut();
    const { err, ms } = await outcome;
    expect(err.code).toBe('CONNECTION_LOST');
    expect(err.message).toContain(where);
    expect(ms).toBeLessThan(PROMPTLY_MS);

    const t0 = performance.now();
    expect(await invoke(rt, 'sql.cancel', { runId })).toEqual({ cancelled: false });
    expect(await invoke(rt, 'sql.release', { runId })).toEqual({ released: 0 });
    await expect(invoke(rt, 'sql.page', { resultId: `${runId}:0`, offset: 0, limit: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await invoke(rt, 'system.cancel', { requestId })).toEqual({ cancelled: false });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('ends a page read waiting on a streaming result with CONNECTION_LOST; the rows that arrived stay readable; release settles', async () => {
    await breaker.heal();
    const runId = `nohang-stream-${Date.now()}`;
    const run = await invoke<{ results: Array<{ resultId: string; rows: unknown[]; complete: boolean }> }>(rt, 'sql.run', {
      connectionId,
      sql: SLOW_STREAM,
      runId,
      pageSize: 20,
    });
    const first = run.results[0]!;
    expect(first.rows).toHaveLength(20);
    expect(first.complete).toBe(false);

    const waiting = failure(invoke(rt, 'sql.page', { resultId: first.resultId, offset: 9000, limit: 100 }));
    await sleep(300);
    await breaker.cut();
    const { err, ms } = await waiting;
    expect(err.code).toBe('CONNECTION_LOST');
    expect(err.message).toContain(where);
    expect(ms).toBeLessThan(PROMPTLY_MS);

    const t0 = performance.now();
    const head = await invoke<{ rows: unknown[]; complete: boolean; error: { message: string } | null }>(rt, 'sql.page', {
      resultId: first.resultId,
      offset: 0,
      limit: 20,
    });
    expect(head.rows).toHaveLength(20);
    expect(head.complete).toBe(true);
    expect(head.error?.message).toContain(where);
    expect(await invoke(rt, 'sql.cancel', { runId })).toEqual({ cancelled: false });
    expect(await invoke(rt, 'sql.release', { runId })).toEqual({ released: 1 });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('records a plan step cut off by the lost connection as outcome unknown, stops the plan and audits it', async () => {
    await breaker.heal();
    const request = { planner: 'sql-statement', params: { sql: 'DO SLEEP(15)' } };
    const preview = await invoke<{ plan: { hash: string; steps: unknown[] } }>(rt, 'actions.preview', { connectionId, request });
    expect(preview.plan.steps).toHaveLength(1);
    const requestId = `nohang-apply-${Date.now()}`;
    const started = stepStarted(rt, requestId);
    const t0 = performance.now();
    const applying = rt.dispatcher.dispatch('actions.apply', { connectionId, request, planHash: preview.plan.hash }, requestId);
    await started;
    await sleep(500);
    await breaker.cut();
    const r = await applying;
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(`apply failed: ${r.error.code} ${r.error.message}`);
    const applied = r.result as { outcomes: Array<{ status: string; message: string; auditId: number }>; stoppedAt: string | null; after: unknown };
    expect(ms).toBeLessThan(PROMPTLY_MS + 1000);
    expect(applied.outcomes).toHaveLength(1);
    expect(applied.outcomes[0]).toMatchObject({ status: 'unknown' });
    expect(applied.outcomes[0]!.message).toContain(where);
    expect(applied.outcomes[0]!.message).toMatch(/check it on the server/);
    expect(applied.stoppedAt).not.toBeNull();

    const audit = await invoke<Array<{ id: number; status: string; message: string }>>(rt, 'audit.list', { connectionId, limit: 5 });
    expect(audit.find((a) => a.id === applied.outcomes[0]!.auditId)).toMatchObject({ status: 'unknown' });
  });

  it('ends tuner.analyze with CONNECTION_LOST when the server goes away mid-sample, without waiting out the interval', async () => {
    await breaker.heal();
    const requestId = `nohang-tuner-${Date.now()}`;
    const t0 = performance.now();
    const analyzing = rt.dispatcher.dispatch('tuner.analyze', { connectionId, intervalSec: 30 }, requestId);
    await sleep(1500);
    await breaker.cut();
    const r = await analyzing;
    const ms = performance.now() - t0;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONNECTION_LOST');
    expect(r.error.message).toContain(where);
    expect(ms).toBeLessThan(1500 + PROMPTLY_MS);
    expect(await invoke(rt, 'system.cancel', { requestId })).toEqual({ cancelled: false });
  });
});

describe('a silent cut (no FIN, no RST) on MySQL 9.7', () => {
  const limitMs = 3000;
  let rt: Runtime;
  let proxy: CutProxy;
  let connectionId: string;

  beforeAll(async () => {
    proxy = await startCutProxy(mysqlServer, 13303);
    rt = testRuntime();
    ({ id: connectionId } = await invoke<{ id: string }>(rt, 'connections.save', {
      name: 'nohang silent',
      kind: 'mysql',
      port: proxy.port,
      user: 'root',
      password: '',
      readTimeoutMs: limitMs,
    }));
  });

  afterAll(async () => {
    rt?.close();
    await proxy?.close();
  });

  it('gives up on a frozen link shortly after the read time limit with CONNECTION_LOST', async () => {
    const runId = `nohang-frozen-${Date.now()}`;
    const running = invoke(rt, 'sql.run', { connectionId, sql: 'SELECT SLEEP(2)', runId });
    await sleep(300);
    proxy.freeze();
    const { err, ms } = await failure(running);
    expect(err.code).toBe('CONNECTION_LOST');
    expect(err.message).toContain(`127.0.0.1:${proxy.port}`);
    expect(err.message).toMatch(/no answer within/);
    // The server's own limit would have answered by `limitMs`; the client waits a short grace past it.
    expect(ms).toBeLessThan(limitMs + 2000 + 1000);
    expect(await invoke(rt, 'sql.release', { runId })).toEqual({ released: 0 });
  });
});
